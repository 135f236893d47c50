"""Schemas of POST /api/v1/estimates (energy and health share one request and answer shape)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

CATEGORIES = ("electricity", "gas", "health")
MONEY = {"description": "decimal string in `currency`", "example": "1412.37"}


class LocationSchema(ma.Schema):
    """Where the customer is: AU postcode (+ distributor) or US ZIP / state + county."""

    postcode = fields.String(validate=validate.Length(min=3, max=4),
                             metadata={"example": "3000"})
    distributor = fields.String(validate=validate.Length(min=2, max=80),
                                metadata={"description": "electricity or gas network, when "
                                          "the postcode alone does not settle it"})
    zip = fields.String(validate=validate.Regexp(r"^\d{5}$", error="A ZIP has five digits."))
    state = fields.String(validate=validate.Regexp(r"^[A-Z]{2}$", error="A two-letter state."))
    county_fips = fields.String(validate=validate.Regexp(r"^\d{5}$",
                                                         error="A county FIPS has five digits."))


class BillSchema(ma.Schema):
    """Use from one bill: kWh (or MJ for gas) over a date range, optionally split."""

    start = fields.Date(required=True)
    end = fields.Date(required=True)
    kwh = fields.Float(validate=validate.Range(min=0, max=1e7))
    peak_kwh = fields.Float(validate=validate.Range(min=0, max=1e7))
    shoulder_kwh = fields.Float(validate=validate.Range(min=0, max=1e7))
    off_peak_kwh = fields.Float(validate=validate.Range(min=0, max=1e7))
    controlled_load_kwh = fields.Float(validate=validate.Range(min=0, max=1e7))
    mj = fields.Float(validate=validate.Range(min=0, max=1e8))
    windows = fields.Dict(metadata={"description": "the bill's peak/shoulder windows"})


class HouseholdUsageSchema(ma.Schema):
    """A household description; annual use from the AER residential benchmarks."""

    people = fields.Integer(required=True, validate=validate.Range(min=1, max=12))
    gas = fields.Boolean()
    pool = fields.Boolean()


class EnergyUsageSchema(ma.Schema):
    """Exactly one of nem12, bill, annual_kwh, annual_mj (gas), household."""

    nem12 = fields.String(validate=validate.Length(min=1, max=8_000_000),
                          metadata={"description": "an AEMO NEM12 file's text"})
    nmi = fields.String(validate=validate.Length(min=10, max=11))
    bill = fields.Nested(BillSchema)
    annual_kwh = fields.Float(validate=validate.Range(min=0, min_inclusive=False, max=1e7))
    annual_mj = fields.Float(validate=validate.Range(min=0, min_inclusive=False, max=1e8))
    household = fields.Nested(HouseholdUsageSchema)
    solar_export_kwh = fields.Float(validate=validate.Range(min=0, max=1e7))
    controlled_load_kwh = fields.Float(validate=validate.Range(min=0, max=1e7))
    controlled_load_suffixes = fields.List(fields.String(validate=validate.Length(max=2)))
    year = fields.Integer(validate=validate.Range(min=2000, max=2100))


class EstimateRequestSchema(ma.Schema):
    """One customer's situation. No name, address, e-mail or birth date is asked for."""

    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    customer_type = fields.String(load_default="residential",
                                  validate=validate.OneOf(("residential", "business")))
    location = fields.Nested(LocationSchema, required=True)
    usage = fields.Nested(EnergyUsageSchema, metadata={"description": "energy only"})
    conditions = fields.List(fields.String(validate=validate.Length(max=40)),
                             validate=validate.Length(max=20), load_default=list,
                             metadata={"description": "discount conditions you will meet, "
                                       "e.g. PAY_ON_TIME, DIRECT_DEBIT, E_BILLING"})
    household = fields.Dict(metadata={"description": "health only: see HealthHousehold"})
    plan_year = fields.Integer(validate=validate.Range(min=2014, max=2100))


class LineItemSchema(ma.Schema):
    """One line of a breakdown; amounts in the estimate's currency and tax treatment."""

    item = fields.String(required=True)
    quantity = fields.String(allow_none=True)
    unit = fields.String(allow_none=True)
    unit_price = fields.String(allow_none=True)
    amount = fields.String(required=True, metadata=MONEY)


class AnnualCostSchema(ma.Schema):
    """The whole-year figures."""

    expected = fields.String(required=True, metadata=MONEY)
    currency = fields.String(required=True, metadata={"example": "AUD"})
    includes_tax = fields.Boolean(required=True)
    tax_note = fields.String(required=True)
    with_conditional_discounts = fields.String(required=True, metadata=MONEY)
    without_conditional_discounts = fields.String(required=True, metadata=MONEY)
    bad_year_p95 = fields.String(allow_none=True, metadata=MONEY)
    worst_case = fields.String(allow_none=True, metadata=MONEY)
    at_stated_use = fields.String(allow_none=True, metadata=MONEY)


class PremiumSchema(ma.Schema):
    """Health: monthly premium before and after the premium tax credit (USD)."""

    monthly_gross = fields.String(required=True, metadata=MONEY)
    monthly_tax_credit = fields.String(required=True, metadata=MONEY)
    monthly_net = fields.String(required=True, metadata=MONEY)


class EstimateSchema(ma.Schema):
    """One offer's whole-year cost for this customer."""

    offer_id = fields.String(required=True)
    brand = fields.String(required=True)
    name = fields.String(required=True)
    annual_cost = fields.Nested(AnnualCostSchema, required=True)
    breakdown = fields.List(fields.Nested(LineItemSchema), required=True)
    one_off_fees = fields.List(fields.Nested(LineItemSchema), required=True)
    assumptions = fields.List(fields.String(), required=True)
    unpriced = fields.List(fields.String(), required=True)
    premium = fields.Nested(PremiumSchema, allow_none=True)
    csr_variant = fields.String(allow_none=True)
    dominated_by = fields.List(fields.String(), metadata={
        "description": "Health: the plans costing this household no more at every level of "
                       "care, the five saving the most (details.dominance says by how much)"})
    dominated_by_count = fields.Integer(metadata={
        "description": "Health: how many plans cost no more at every level of care"})
    details = fields.Dict()


class ExcludedSchema(ma.Schema):
    """An offer left out, and why."""

    offer_id = fields.String(required=True)
    reason = fields.String(required=True)


class EstimateResponseSchema(ma.Schema):
    """Every eligible offer with its cost estimate, and what was left out."""

    category = fields.String(required=True)
    usage = fields.Dict(required=True, metadata={"description": "the usage actually used"})
    context = fields.Dict(required=True)
    estimates = fields.List(fields.Nested(EstimateSchema), required=True)
    excluded = fields.List(fields.Nested(ExcludedSchema), required=True)
