"""Schemas of client profiles, their notifications and the advisor's webhook.

A profile holds needs, never identity. Fields that carry identity (name, e-mail, phone,
birth date, address...) are refused by name wherever they appear, also inside household
members; any other unknown field is refused too (marshmallow's RAISE). A meter file or NMI is
refused because it locates the home: a profile keeps annual use, a bill or a household.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import marshmallow as ma
from marshmallow import fields, validate

from advocate.schemas.common import LinksSchema, PageMetaSchema
from advocate.schemas.health import load_household
from advocate.schemas.recommendations import RecommendationRequestSchema

# Compared after lower-casing and dropping "_", "-" and spaces ("Date-of-Birth" -> dateofbirth).
PERSONAL = frozenset({
    "name", "firstname", "lastname", "givenname", "familyname", "fullname", "surname",
    "middlename", "email", "emailaddress", "mail", "phone", "phonenumber", "mobile",
    "telephone", "tel", "birthdate", "dateofbirth", "dob", "birthday", "address",
    "streetaddress", "street", "ssn", "taxfilenumber", "tfn", "medicarenumber"})
PERSONAL_MESSAGE = ("Personal data is not accepted: a profile holds needs, never identity "
                    "(give ages, never birth dates).")
METER_MESSAGE = ("A profile keeps no meter file or NMI (they identify the home); give "
                 "annual_kwh, a bill or a household instead.")
CONSENT_METHODS = ("verbal", "written", "online")
CLOCK_SKEW = timedelta(minutes=5)
EARLIEST_CONSENT = datetime(2000, 1, 1, tzinfo=UTC)  # no real record predates it; and year 1
# minus a positive offset is no UTC time at all
THRESHOLD_MAX = 1_000_000  # Numeric(12, 2) in the store
KINDS = ("better_option", "still_best", "current_offer_gone", "not_comparable",
         "recheck_failed")


def personal_fields(data: object) -> dict:
    """Nested marshmallow-style messages for every personal-data key anywhere in `data`."""
    if isinstance(data, dict):
        found = {}
        for key, value in data.items():
            squashed = str(key).lower().replace("_", "").replace("-", "").replace(" ", "")
            if squashed in PERSONAL:
                found[key] = [PERSONAL_MESSAGE]
            elif inner := personal_fields(value):
                found[key] = inner
        return found
    if isinstance(data, list):
        return {i: inner for i, item in enumerate(data) if (inner := personal_fields(item))}
    return {}


class ConsentSchema(ma.Schema):
    """The client's consent to keep this profile: which text, when, and how it was given."""

    text_version = fields.String(required=True, validate=validate.Length(min=1, max=32),
                                 metadata={"example": "2026-01"})
    given_at = fields.AwareDateTime(required=True, metadata={
        "description": "ISO 8601 with a time zone; not in the future, not before 2000"})
    method = fields.String(required=True, validate=validate.OneOf(CONSENT_METHODS))

    @ma.validates("given_at")
    def _a_real_moment(self, value: datetime, **kwargs) -> None:
        if value > datetime.now(UTC) + CLOCK_SKEW:
            raise ma.ValidationError("Consent cannot be given in the future.")
        if value < EARLIEST_CONSENT:  # also keeps year-1 times, which UTC cannot hold, out
            raise ma.ValidationError("Consent given before 2000 is not a record we can keep.")


class ProfileNeedsSchema(RecommendationRequestSchema):
    """What a profile re-checks: a recommendation request on the market, with the offer the
    client holds now. No partner context and no ad-hoc menu: re-checks rank the market."""

    class Meta:
        exclude = ("partner", "offers", "limit")

    current_offer_id = fields.String(required=True, validate=validate.Length(min=3, max=255),
                                     metadata={"description": "the offer the client holds now"})

    @ma.pre_load
    def _refuse_identity(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        errors = personal_fields(data)
        usage = data.get("usage")
        if isinstance(usage, dict):
            meter = {key: [METER_MESSAGE] for key in ("nem12", "nmi") if key in usage}
            if meter:
                errors["usage"] = {**errors.get("usage", {}), **meter}
        if errors:
            raise ma.ValidationError(errors)
        return data

    @ma.validates_schema
    def _needs_fit_the_category(self, data, **kwargs):
        if data.get("category") == "health":
            if "usage" in data:
                raise ma.ValidationError("usage describes energy use; health profiles "
                                         "describe the household", "usage")
            load_household(data.get("household"))
        elif "household" in data:
            raise ma.ValidationError("household describes a health household; energy "
                                     "profiles give usage", "household")


class ProfileCreateSchema(ProfileNeedsSchema):
    """A new client profile: needs, the advisor's label and threshold, and the consent."""

    label = fields.String(required=True, validate=validate.Length(min=1, max=120), metadata={
        "description": "the advisor's own reference; do not put the client's name here"})
    # The range lives in a validator method and the metadata: apispec would otherwise write a
    # Decimal field's bounds and default as strings, which is not valid JSON Schema.
    notify_threshold = fields.Decimal(
        load_default=Decimal("50"), places=2, metadata={
            "default": 50, "minimum": 0, "maximum": THRESHOLD_MAX,
            "description": "notify when the top pick saves more than this a year (first "
                           "year, net of switching fees), in the market's currency"})
    consent = fields.Nested(ConsentSchema, required=True)

    @ma.validates("notify_threshold")
    def _threshold_in_range(self, value: Decimal, **kwargs) -> None:
        if not 0 <= value <= THRESHOLD_MAX:
            raise ma.ValidationError(f"Must be between 0 and {THRESHOLD_MAX}.")


class ProfilePatchSchema(ProfileCreateSchema):
    """Any subset of a profile's members; each one named replaces the stored one."""

    def __init__(self, **kwargs):
        super().__init__(partial=True, **kwargs)


class ConsentRecordSchema(ma.Schema):
    """The consent as recorded."""

    text_version = fields.String(required=True)
    given_at = fields.String(required=True)
    method = fields.String(required=True)


class ProfileSchema(ma.Schema):
    """A stored client profile."""

    id = fields.String(required=True)
    label = fields.String(required=True)
    category = fields.String(required=True)
    needs = fields.Dict(required=True, metadata={"description": "the stored request"})
    notify_threshold = fields.String(required=True)
    consent = fields.Nested(ConsentRecordSchema, required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    latest_recommendation = fields.Dict(allow_none=True, metadata={
        "description": "id, time, top pick and where the current offer stands"})
    links = fields.Dict(required=True)


class ProfilePageSchema(ma.Schema):
    """A page of the advisor's profiles, newest first."""

    data = fields.List(fields.Nested(ProfileSchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)
    links = fields.Nested(LinksSchema, required=True)


class ErasureSchema(ma.Schema):
    """What deleting a profile erased."""

    profile_id = fields.String(required=True)
    erased_at = fields.String(required=True)
    notifications_deleted = fields.Integer(required=True)
    recommendations_erased = fields.Integer(required=True)
    kept = fields.String(required=True)


class DeliverySchema(ma.Schema):
    """Webhook delivery state of a notification."""

    delivered_at = fields.String(allow_none=True)
    attempts = fields.Integer(required=True)
    error = fields.String(allow_none=True)


class NotificationSchema(ma.Schema):
    """The outcome of one re-check."""

    id = fields.Integer(required=True)
    profile_id = fields.String(required=True)
    created_at = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": list(KINDS)})
    message = fields.String(required=True)
    annual_saving = fields.String(allow_none=True, metadata={
        "description": "what the top pick saves each year before switching fees"})
    recommendation_id = fields.String(allow_none=True)
    details = fields.Dict(required=True)
    delivery = fields.Nested(DeliverySchema, required=True)


class NotificationPageSchema(ma.Schema):
    """A page of a profile's notifications, newest first."""

    data = fields.List(fields.Nested(NotificationSchema), required=True)
    meta = fields.Nested(PageMetaSchema, required=True)
    links = fields.Nested(LinksSchema, required=True)


class WebhookRequestSchema(ma.Schema):
    """Where to POST the advisor's notifications."""

    url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False,
                     validate=validate.Length(max=1000),
                     metadata={"example": "https://crm.example.com/advocate-hook"})


class WebhookSchema(ma.Schema):
    """The advisor's webhook (the secret is shown only when it is set)."""

    url = fields.String(required=True)
    created_at = fields.String(required=True)
    signing = fields.Dict(required=True, metadata={"description": "how to verify a delivery"})


class NewWebhookSchema(WebhookSchema):
    """The webhook just set, with its signing secret (shown this once)."""

    secret = fields.String(required=True)
