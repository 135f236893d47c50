"""POST/GET /api/v1/recommendations and GET /api/v1/methodology[/<version>]."""

from __future__ import annotations

from advocate.api.auth import current_caller
from advocate.api.base import ApiBlueprint, documents
from advocate.api.requests import load_body
from advocate.limits import limited
from advocate.schemas.recommendations import (
    PageQuerySchema,
    RecommendationRequestSchema,
    RecommendationSchema,
)
from advocate.scoring import methodology
from advocate.services import recommend as recommending
from advocate.store.db import session

blp = ApiBlueprint("recommendations", __name__, url_prefix="/api/v1",
                   description="Ranked recommendations, and the published method")


@blp.route("/recommendations", methods=["POST"])
@blp.doc(requestBody={"required": True, "content": {
    "application/json": {"schema": "RecommendationRequest"}}})
@blp.arguments(PageQuerySchema, location="query", as_kwargs=True)
@blp.response(201, RecommendationSchema)
@documents(blp, 400, 413, 415, 422, 429)
@limited
def create_recommendation(page: int, page_size: int):
    """Rank every eligible offer for one customer; competitors are always included."""
    body = load_body(RecommendationRequestSchema())
    db = session()
    row = recommending.recommend(db, body, caller=current_caller(),
                                 partner_id=body.get("partner"))
    db.commit()
    return recommending.view(db, row, page=page, page_size=page_size,
                             runners_up=body["limit"])


@blp.route("/recommendations/<string:recommendation_id>")
@blp.arguments(PageQuerySchema, location="query", as_kwargs=True)
@blp.response(200, RecommendationSchema)
@documents(blp, 404, 429)
@limited
def get_recommendation(recommendation_id: str, page: int, page_size: int):
    """A stored answer, exactly as it was given, even after offers change."""
    db = session()
    row = recommending.get_recommendation(db, recommendation_id)
    return recommending.view(db, row, page=page, page_size=page_size,
                             runners_up=row.inputs.get("limit", 3))


@blp.route("/methodology")
@blp.response(200)
def current_methodology():
    """The ranking method in force: criteria, weighting, normalisation, tie-breaks, sources."""
    return methodology()


@blp.route("/methodology/<string:version>")
@blp.response(200)
@blp.alt_response(404, description="No such published version")
def methodology_version(version: str):
    """A published version of the ranking method."""
    return methodology(version)
