"""Schemas of the offers endpoints."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from advocate.domain import Category
from advocate.schemas.common import LinksSchema, PageArgsSchema, PageMetaSchema, printable


class OfferQuerySchema(PageArgsSchema):
    """Filters for GET /api/v1/offers."""

    category = fields.String(validate=validate.OneOf([c.value for c in Category]))
    postcode = fields.String(validate=validate.Regexp(r"^\d{4}$", error="An Australian postcode "
                                                      "has four digits."))
    zip = fields.String(validate=validate.Regexp(r"^\d{5}$", error="A US ZIP code has five "
                                                 "digits."))
    region = fields.String(validate=[validate.Length(max=128), validate.Regexp(
        r"^[a-z_]+:[A-Za-z0-9 _:.\-]+$", error="A region is a geography key such as "
        "'county:48113', 'state:TX' or 'distributor:citipower'.")])
    brand = fields.String(validate=[validate.Length(min=1, max=255), printable])
    source = fields.String(validate=[validate.Length(min=1, max=64), printable])


class GeographySchema(ma.Schema):
    """Where an offer is sold, as geography keys."""

    included = fields.List(fields.String(), required=True)
    excluded = fields.List(fields.String(), required=True)


class OfferSummarySchema(ma.Schema):
    """One offer in a list."""

    id = fields.String(required=True, metadata={"example": "cdr_energy:GLO591394MR@VEC"})
    source = fields.String(required=True)
    category = fields.String(required=True)
    brand = fields.String(required=True)
    brand_name = fields.String(required=True)
    name = fields.String(required=True)
    geography = fields.Nested(GeographySchema, required=True)
    effective_from = fields.Date(allow_none=True)
    effective_to = fields.Date(allow_none=True)
    url = fields.String(allow_none=True)
    updated_at = fields.DateTime(required=True)


class OfferPageSchema(ma.Schema):
    """A page of offers."""

    data = fields.List(fields.Nested(OfferSummarySchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)
    links = fields.Nested(LinksSchema, required=True)


class ProvenanceSchema(ma.Schema):
    """Where the offer's current terms came from."""

    snapshot_id = fields.Integer(required=True)
    source = fields.String(required=True)
    source_url = fields.String(allow_none=True)
    fetched_at = fields.DateTime(required=True)
    payload_sha256 = fields.String(required=True)
    schema_version = fields.String(allow_none=True)
    snapshots = fields.Integer(required=True, metadata={
        "description": "How many distinct payloads have been stored for this offer"})


class DisclosureSchema(ma.Schema):
    """A commission or sponsorship, disclosed; it never affects ranking."""

    kind = fields.String(required=True)
    applies_to = fields.String(required=True, metadata={"description": "offer or brand"})
    amount = fields.Decimal(as_string=True, allow_none=True)
    currency = fields.String(allow_none=True)
    basis = fields.String(required=True)
    note = fields.String(required=True)


class OfferDetailSchema(OfferSummarySchema):
    """One offer with its normalised terms, provenance and disclosures."""

    description = fields.String(required=True)
    terms = fields.Dict(required=True, metadata={
        "description": "Normalised terms of the category (EnergyTariff, HealthPlanTerms)"})
    provenance = fields.Nested(ProvenanceSchema, required=True)
    disclosures = fields.List(fields.Nested(DisclosureSchema), required=True)
