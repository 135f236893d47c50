"""GET /health: is the database reachable, and when did each source last refresh."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields
from sqlalchemy import text

from advocate.api.base import ApiBlueprint
from advocate.schemas.admin import RefreshRunSchema
from advocate.store.db import session
from advocate.store.runs import latest_runs

blp = ApiBlueprint("health", __name__, description="Service health")


class HealthSchema(ma.Schema):
    """Service health."""

    status = fields.String(required=True, metadata={"example": "ok"})
    db = fields.String(required=True, metadata={"example": "ok"})
    sources = fields.List(fields.Nested(RefreshRunSchema), required=True, metadata={
        "description": "the newest refresh or import of each source"})


@blp.route("/health")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="The database is unreachable")
def health():
    """Database reachability and the last refresh per source."""
    try:
        session().exec(text("SELECT 1"))
        runs = latest_runs(session())
    except Exception as exc:  # any driver error means: not reachable
        return {"status": "degraded", "db": f"error: {type(exc).__name__}", "sources": []}, 503
    return {"status": "ok", "db": "ok", "sources": runs}
