"""The REST API: thin blueprints (load -> service -> dump) under /api/v1."""

from __future__ import annotations

from flask import Flask

from advocate.api.base import AdvocateApi
from advocate.schemas.common import ErrorSchema


def init_app(app: Flask) -> AdvocateApi:
    """Register every blueprint and the OpenAPI document at /openapi.json."""
    from advocate.api import admin, estimates, exports, health, offers, profiles, recommendations
    from advocate.schemas.estimates import EstimateRequestSchema
    from advocate.schemas.recommendations import RecommendationRequestSchema

    AdvocateApi.ERROR_SCHEMA = ErrorSchema
    api = AdvocateApi(app, spec_kwargs={"info": {"description": _DESCRIPTION}})
    api.spec.components.security_scheme("bearerAuth", {
        "type": "http", "scheme": "bearer",
        "description": "an API key from `flask advocate create-key`; optional on estimates "
                       "and recommendations, required for profiles (advisor) and admin"})
    api.spec.components.schema("EstimateRequest", schema=EstimateRequestSchema)
    api.spec.components.schema("RecommendationRequest", schema=RecommendationRequestSchema)
    for module in (health, offers, estimates, recommendations, profiles, exports, admin):
        api.register_blueprint(module.blp)
    app.register_blueprint(exports.well_known)
    app.extensions["advocate.api"] = api
    return api


_DESCRIPTION = (
    "advocate ranks offers purely by their value to the customer: whole-year cost at the "
    "customer's own usage, protection against a bad year, quality. Commission never enters "
    "the ranking, and competitors' offers are always included. Every error answers "
    '`{"error": {"code", "message", "details"}}`.'
)
