"""Client exports: GET /api/v1/recommendations/<id>/export, POST /api/v1/exports/verify, and
the public key at /.well-known/advocate-export-key.json."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from werkzeug.exceptions import BadRequest

from advocate.api.base import ApiBlueprint
from advocate.domain import InvalidInput
from advocate.limits import limited
from advocate.services import exports, signing
from advocate.services.recommend import get_recommendation
from advocate.store.db import session

blp = ApiBlueprint("exports", __name__, url_prefix="/api/v1",
                   description="Signed, self-contained exports anyone can verify")
well_known = Blueprint("well_known", __name__)


def signing_key():
    """The app's Ed25519 signing key (configured, or kept in the instance folder)."""
    return signing.load_private_key(current_app.config.get("SIGNING_KEY"),
                                    current_app.instance_path)


@blp.route("/recommendations/<string:recommendation_id>/export")
@blp.response(200, description="The export document (see its `verification` member)")
@limited
def export_recommendation(recommendation_id: str):
    """One self-contained JSON document: what was recommended, why, from which data, when."""
    db = session()
    document = exports.build_export(db, get_recommendation(db, recommendation_id))
    return signing.sign(document, signing_key())


@blp.route("/exports/verify", methods=["POST"])
@blp.doc(requestBody={"required": True, "content": {"application/json": {
    "schema": {"type": "object", "description": "an export document, unchanged"}}}})
@blp.response(200, description="integrity, verdict (identical | differs | tampered), re-run")
@limited
def verify_export():
    """Check an export's digest and signature, then re-run it on the stored snapshots."""
    document = request.get_json(silent=True)
    if document is None:
        raise BadRequest("The body is not valid JSON.")
    if not isinstance(document, dict) or document.get("format") != exports.FORMAT:
        raise InvalidInput(f"not an {exports.FORMAT} document", field="format")
    return exports.verify(session(), document, signing.public_jwk(signing_key()))


@well_known.get(exports.KEY_PATH)
def export_key():
    """The public key exports are signed with, as a JWK set (RFC 7517)."""
    return {"keys": [signing.public_jwk(signing_key())]}
