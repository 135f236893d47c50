"""POST /api/v1/estimates: every eligible offer's whole-year cost at the customer's usage."""

from __future__ import annotations

from advocate.api.base import ApiBlueprint
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
@blp.alt_response(400, description="The body is not valid JSON")
@blp.alt_response(413, description="The body is larger than MAX_CONTENT_LENGTH")
@blp.alt_response(415, description="Neither JSON nor multipart/form-data")
@blp.alt_response(422, description="A field is invalid; details.fields names it")
@blp.alt_response(429, description="Rate limit reached; see Retry-After")
@limited
def create_estimate():
    """Estimate every eligible offer for one customer (no personal data needed)."""
    body = load_body(EstimateRequestSchema())
    return estimates.result_json(estimates.estimate(session(), body))
