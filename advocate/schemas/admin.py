"""Schemas of the admin endpoints: keys, partners, disclosures, refresh runs, quarantine."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import marshmallow as ma
from marshmallow import fields, validate

from advocate.domain.access import Role
from advocate.schemas.common import LinksSchema, PageArgsSchema, PageMetaSchema

PARTNER_ID = validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,63}$", error="A partner id is 1-64 "
                             "lowercase letters, digits, '-' or '_'.")
KINDS = ("commission", "sponsorship", "referral_fee")
# Numeric(14, 2) in the store: twelve digits before the point, two after, never negative.
AMOUNT = validate.Regexp(r"^\d{1,12}(\.\d{1,2})?$", error="An amount is a decimal string "
                         "of at least 0 with at most two decimals, e.g. \"120.00\".")
DEFAULT_PORTS = {"http": 80, "https": 443}
# PostgreSQL text cannot hold NUL, and no name or note needs a control character.
PLAIN = validate.Regexp(r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
                        error="Control characters are not allowed.")
# scheme://host[:port]: a host name or IPv4 address (IDNs in punycode), a port 1-65535.
ORIGIN_PATTERN = (r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                  r"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                  r"(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}"
                  r"|[1-9][0-9]{0,3}))?$")
_ORIGIN = re.compile(ORIGIN_PATTERN)


def text(*, low: int = 1, high: int = 255, **kwargs) -> fields.String:
    """A string of `low`..`high` characters without control characters."""
    return fields.String(validate=[validate.Length(min=low, max=high), PLAIN], **kwargs)


class Origin(fields.String):
    """A web origin, scheme://host[:port] (RFC 6454): no path, query, fragment or user.

    Kept in the serialised form browsers send in `Origin` (lowercase, default port
    dropped), because CSP frame-ancestors and CORS compare origins as strings.
    """

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        origin = super()._deserialize(value, attr, data, **kwargs)
        if not _ORIGIN.fullmatch(origin):
            raise ma.ValidationError(why_not_an_origin(origin))
        scheme, _, rest = origin.lower().partition("://")
        host, _, port = rest.partition(":")
        implied = not port or int(port) == DEFAULT_PORTS[scheme]
        return f"{scheme}://{host}" + ("" if implied else f":{port}")


def why_not_an_origin(value: str) -> str:
    """What is wrong with a string that is not an origin, in words."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return "An origin is http(s)://host[:port]."
    try:
        port = parts.port
    except ValueError:
        port = 0
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.netloc:
        return "An origin is http(s)://host[:port]."
    if parts.path or parts.query or parts.fragment or "?" in value or "#" in value:
        return "An origin has no path, query or fragment (not even a final '/')."
    if "@" in parts.netloc:
        return "An origin carries no user name or password."
    if port == 0:
        return "The port is a number from 1 to 65535."
    return (f"{parts.netloc!r} is not a host name (letters, digits, '-' and '.'; IDNs in "
            "punycode) or an IPv4 address.")


class ApiKeyCreateSchema(ma.Schema):
    """A key to create; a partner key names its partner."""

    role = fields.String(required=True, validate=validate.OneOf([r.value for r in Role]))
    name = text(required=True, metadata={"description": "who holds the key",
                                          "example": "Jo's desk"})
    partner = fields.String(validate=PARTNER_ID, metadata={"description": "for role partner"})


class ApiKeySchema(ma.Schema):
    """A key as listed: its prefix only, never the secret or its hash."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)
    prefix = fields.String(required=True, metadata={"example": "adv_Xy3k9Qp2"})
    partner = fields.String(allow_none=True)
    created = fields.DateTime(required=True)
    revoked = fields.DateTime(allow_none=True)


class NewApiKeySchema(ApiKeySchema):
    """A key just created, with its secret: shown this once, only its hash is stored."""

    secret = fields.String(required=True, metadata={
        "description": "send as `Authorization: Bearer <secret>`; not shown again"})


class ApiKeyListSchema(ma.Schema):
    """Every key."""

    data = fields.List(fields.Nested(ApiKeySchema), required=True)


class PartnerSiteSchema(ma.Schema):
    """A partner site: its own brands (marked in answers, never favoured) and the origins
    allowed to frame the widget."""

    id = fields.String(required=True, validate=PARTNER_ID, metadata={"example": "acme"})
    name = text(required=True)
    brands = fields.List(text(), load_default=list, validate=validate.Length(max=100))
    origins = fields.List(Origin(metadata={"example": "https://partner.example",
                                           "pattern": ORIGIN_PATTERN}),
                          load_default=list, validate=validate.Length(max=50))
    created = fields.DateTime(dump_only=True)


class PartnerSiteListSchema(ma.Schema):
    """Every partner."""

    data = fields.List(fields.Nested(PartnerSiteSchema), required=True)


class DisclosureCreateSchema(ma.Schema):
    """Commission, sponsorship or a referral fee on one offer or on a whole brand."""

    offer_id = text(low=3, metadata={"example": "cdr_energy:GLO591394MR@VEC"})
    brand = text()
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    amount = fields.String(validate=AMOUNT, metadata={"example": "120.00"})
    currency = fields.String(validate=validate.Regexp(r"^[A-Z]{3}$", error="A currency is "
                             "three capital letters (ISO 4217), e.g. AUD."))
    basis = text(low=0, load_default="", metadata={"example": "per sale"})
    note = text(low=0, high=2000, load_default="")

    @ma.validates_schema
    def _one_target_and_a_currency(self, data, **kwargs):
        if bool(data.get("offer_id")) == bool(data.get("brand")):
            raise ma.ValidationError("Give either offer_id or brand.", "offer_id")
        if data.get("amount") is not None and not data.get("currency"):
            raise ma.ValidationError("An amount needs its currency.", "currency")


class DisclosureRecordSchema(ma.Schema):
    """A recorded disclosure; shown beside offers, never an input to ranking."""

    id = fields.Integer(required=True)
    offer_id = fields.String(allow_none=True)
    brand = fields.String(allow_none=True)
    kind = fields.String(required=True)
    amount = fields.String(allow_none=True, metadata={"example": "120.00"})
    currency = fields.String(allow_none=True)
    basis = fields.String(required=True)
    note = fields.String(required=True)
    recorded_at = fields.DateTime(required=True)


class DisclosureQuerySchema(PageArgsSchema):
    """Paging, and optionally one offer or brand."""

    offer_id = text()
    brand = text()


class SourceQuerySchema(PageArgsSchema):
    """Paging, and optionally one source."""

    source = text(high=64)


class RefreshReportSchema(ma.Schema):
    """What one refresh run did; `status` is succeeded, partial or failed."""

    source = fields.String(required=True)
    run_id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"example": "succeeded"})
    stored = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)
    quarantined = fields.Integer(required=True)
    errors = fields.List(fields.Dict(), required=True)
    changed_offer_ids = fields.List(fields.String(), required=True)
    rechecks = fields.Integer(required=True, metadata={
        "description": "client profiles this change affects, re-checked or queued"})


class RefreshRunSchema(ma.Schema):
    """One refresh or import run."""

    id = fields.Integer(required=True)
    source = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    started_at = fields.DateTime(required=True)
    finished_at = fields.DateTime(allow_none=True)
    stored = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)
    quarantined = fields.Integer(required=True)
    errors = fields.List(fields.Dict(), required=True)


class QuarantinedPayloadSchema(ma.Schema):
    """A payload that could not be parsed, kept with the reason (the payload is not listed)."""

    id = fields.Integer(required=True)
    source = fields.String(required=True)
    run_id = fields.Integer(allow_none=True)
    error = fields.String(required=True)
    sha256 = fields.String(required=True)
    fetched_at = fields.DateTime(required=True)
    source_url = fields.String(allow_none=True)
    schema_version = fields.String(allow_none=True)


def page_schema(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A paged list of `item`: data, meta, links."""
    return ma.Schema.from_dict({
        "data": fields.List(fields.Nested(item), required=True),
        "meta": fields.Nested(PageMetaSchema, required=True),
        "links": fields.Nested(LinksSchema, required=True)}, name=name)


DisclosurePageSchema = page_schema(DisclosureRecordSchema, "DisclosurePage")
RefreshRunPageSchema = page_schema(RefreshRunSchema, "RefreshRunPage")
QuarantinePageSchema = page_schema(QuarantinedPayloadSchema, "QuarantinePage")
