"""Schemas of the recommendations and methodology endpoints."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from advocate.schemas.common import PageArgsSchema
from advocate.schemas.estimates import EstimateRequestSchema

STATED = ("lowest_premium", "lowest_unit_price", "lowest_sticker_price")


class Priority(fields.Field):
    """A criterion name, or a list of names tied at the same position."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return list(value)
        raise ma.ValidationError("Each priority is a criterion name or a list of tied names.")


class RecommendationRequestSchema(EstimateRequestSchema):
    """A customer's situation plus what they care about, in order."""

    priorities = fields.List(Priority(metadata={"oneOf": [
        {"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
        validate=validate.Length(max=10),
        metadata={"example": ["cost", "certainty", "quality"],
                  "description": "most important first; ties as nested lists"})
    weights = fields.Dict(keys=fields.String(validate=validate.Length(max=20)),
                          values=fields.Float(allow_nan=False),
                          metadata={"description": "explicit weights instead of an order; "
                                    "they sum to 1 (or 100)"})
    stated_preference = fields.String(validate=validate.OneOf(STATED))
    current_offer_id = fields.String(validate=validate.Length(min=3, max=255))
    limit = fields.Integer(load_default=3, validate=validate.Range(min=1, max=20),
                           metadata={"description": "how many runners-up"})
    partner = fields.String(validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,63}$"),
                            metadata={"description": "public partner id (the widget sets it); "
                                      "marks the partner's own offers, never reorders"})
    offers = fields.List(fields.Dict(), validate=validate.Length(min=1, max=200),
                         metadata={"description": "an ad-hoc menu to rank instead of the "
                                   "market: see InlineHealthPlan / EnergyTariff terms"})


class PageQuerySchema(PageArgsSchema):
    """Which page of the ranked list to show (the shared `page` / `page_size`)."""


class RankedOfferSchema(ma.Schema):
    """One ranked offer."""

    offer_id = fields.String(required=True)
    brand = fields.String(required=True)
    name = fields.String(required=True)
    rank = fields.Integer(required=True)
    score = fields.Float(allow_none=True)
    scores = fields.Dict(required=True)
    values = fields.Dict(required=True)
    missing_data = fields.List(fields.String(), required=True)
    weights_used = fields.Dict(required=True)
    expected_annual_cost = fields.String(required=True)
    bad_year_cost = fields.String(allow_none=True)
    currency = fields.String(required=True)
    includes_tax = fields.Boolean(required=True)
    cost_vs_top = fields.String(required=True)
    reason = fields.String(required=True)
    dominated_by = fields.List(fields.String(), required=True, metadata={
        "description": "the best-ranked offers (at most 5) that dominate this one: cost no more "
                       "at the customer's use and at every level of the usage grid, and are as "
                       "good or better on every other criterion"})
    dominated_by_count = fields.Integer(required=True, metadata={
        "description": "how many offers dominate this one (0: none)"})
    conditional_discount = fields.Dict(allow_none=True)
    cost_at_usage_grid = fields.List(fields.String(), required=True)
    snapshot = fields.Dict(required=True)
    estimate = fields.Dict(required=True)
    effective_to = fields.String(allow_none=True)
    ended = fields.Boolean(required=True, metadata={
        "description": "the offer's published end date has passed"})
    partner_offer = fields.Boolean(required=True)
    disclosures = fields.List(fields.Dict(), required=True)


class RecommendationSchema(ma.Schema):
    """One clear answer: the top pick, runners-up with a reason each, and the full list."""

    id = fields.String(required=True)
    created_at = fields.String(required=True)
    category = fields.String(required=True)
    methodology_version = fields.String(required=True)
    weights = fields.Dict(required=True)
    usage = fields.Dict(required=True)
    context = fields.Dict(required=True)
    top_pick = fields.Nested(RankedOfferSchema, allow_none=True)
    runners_up = fields.List(fields.Nested(RankedOfferSchema), required=True)
    offers = fields.List(fields.Nested(RankedOfferSchema), required=True)
    offers_page = fields.Dict(required=True)
    excluded = fields.List(fields.Dict(), required=True)
    stated_vs_needed = fields.Dict(allow_none=True)
    current_offer = fields.Dict(allow_none=True)
    coverage = fields.Dict(required=True)
    data_freshness = fields.Dict(required=True)
    partner = fields.Dict(allow_none=True)
    warnings = fields.List(fields.String(), required=True)
    disclosure_policy = fields.String(required=True)
