"""POST /api/v1/estimates: every eligible offer's whole-year cost at the customer's usage."""

from __future__ import annotations

from advocate.api.base import ApiBlueprint, documents
from advocate.api.requests import load_body
from advocate.limits import limited
from advocate.schemas.estimates import EstimateRequestSchema, EstimateResponseSchema
from advocate.services import estimates
from advocate.store.db import session

blp = ApiBlueprint("estimates", __name__, url_prefix="/api/v1/estimates",
                   description="Whole-year cost of every eligible offer")

REQUEST_BODY = {"required": True, "content": {
    "application/json": {"schema": "EstimateRequest"},
    "multipart/form-data": {"schema": {"type": "object", "required": ["nem12"], "properties": {
        "nem12": {"type": "string", "format": "binary"},
        "category": {"type": "string", "enum": ["electricity"]},
        "postcode": {"type": "string"}, "distributor": {"type": "string"},
        "customer_type": {"type": "string", "enum": ["residential", "business"]},
        "conditions": {"type": "string", "description": "comma-separated"}}}}}}


@blp.route("", methods=["POST"])
@blp.doc(requestBody=REQUEST_BODY)
@blp.response(200, EstimateResponseSchema)
@documents(blp, 400, 413, 415, 422, 429)
@limited
def create_estimate():
    """Estimate every eligible offer for one customer (no personal data needed)."""
    body = load_body(EstimateRequestSchema())
    return estimates.result_json(estimates.estimate(session(), body))
