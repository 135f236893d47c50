"""The household a health estimate is for: ages and stated use, never identity."""

from __future__ import annotations

from decimal import Decimal

import marshmallow as ma
from marshmallow import fields, validate

from advocate.costing.health_usage import EVENTS
from advocate.domain.health import Service

LEVELS = ("low", "medium", "high")


class IncomeField(fields.Field):
    """Household income a year (USD, modified AGI): a number, or a band {"low", "high"}."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dict) and set(value) == {"low", "high"}:
            low, high = (self._money(value["low"]), self._money(value["high"]))
            if low > high:
                raise ma.ValidationError("low must not be above high.")
            return {"low": low, "high": high}
        return self._money(value)

    @staticmethod
    def _money(value) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ma.ValidationError("An income is a number of USD a year, or {low, high}.")
        try:
            amount = Decimal(str(value))
        except ArithmeticError:
            raise ma.ValidationError("Not a valid amount.") from None
        if not amount.is_finite() or amount < 0 or amount > 100_000_000:
            raise ma.ValidationError("An income is between 0 and 100,000,000 USD a year.")
        return amount


class HealthMemberSchema(ma.Schema):
    """One person to cover: age (no birth date), tobacco use, and optionally their care."""

    age = fields.Integer(required=True, validate=validate.Range(min=0, max=120))
    tobacco = fields.Boolean(load_default=False)
    utilization = fields.String(validate=validate.OneOf(LEVELS))
    visits = fields.Dict(keys=fields.String(validate=validate.OneOf([s.value for s in Service])),
                         values=fields.Integer(validate=validate.Range(min=0, max=365)))
    events = fields.List(fields.String(validate=validate.OneOf(sorted(EVENTS))),
                         validate=validate.Length(max=5))

    @ma.validates_schema
    def _one_kind_of_use(self, data, **kwargs):
        if data.get("utilization") and (data.get("visits") or data.get("events")):
            raise ma.ValidationError("Give a utilization level or visits/events, not both.",
                                     "utilization")


class HealthHouseholdSchema(ma.Schema):
    """Who is covered and, for a tax credit, the household's income."""

    members = fields.List(fields.Nested(HealthMemberSchema), required=True,
                          validate=validate.Length(min=1, max=12))
    income = IncomeField(metadata={"oneOf": [
        {"type": "number"}, {"type": "object", "properties": {
            "low": {"type": "number"}, "high": {"type": "number"}}}]})
    tax_household_size = fields.Integer(validate=validate.Range(min=1, max=20))
    medicaid_expansion = fields.Boolean()


def load_household(raw: object) -> dict:
    """The validated household; errors are named under `household.`."""
    if raw is None:
        raise ma.ValidationError({"household": ["Describe the household to cover."]})
    try:
        return HealthHouseholdSchema().load(raw)
    except ma.ValidationError as error:
        raise ma.ValidationError({"household": error.messages}) from None
