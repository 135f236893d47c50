"""Schemas shared by every endpoint: the error body, paging, links."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate


def printable(value: str) -> None:
    """Refuse control characters (NUL breaks PostgreSQL text; none belongs in a filter)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ma.ValidationError("Control characters are not allowed.")


class ErrorDetailSchema(ma.Schema):
    """The inner error object."""

    code = fields.String(required=True, metadata={"example": "validation_error"})
    message = fields.String(required=True)
    details = fields.Dict(required=True, metadata={
        "description": "`fields` maps each offending field (dotted path) to its messages"})


class ErrorSchema(ma.Schema):
    """Every failure answers with this body."""

    error = fields.Nested(ErrorDetailSchema, required=True)


class PageArgsSchema(ma.Schema):
    """`page` (1-based) and `page_size`; the maximum page size is enforced by the view."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    page_size = fields.Integer(load_default=25, validate=validate.Range(min=1, max=200))


class LinksSchema(ma.Schema):
    """Paging links, relative to the API root."""

    self = fields.String(required=True)
    first = fields.String(required=True)
    last = fields.String(required=True)
    prev = fields.String(allow_none=True)
    next = fields.String(allow_none=True)


class PageMetaSchema(ma.Schema):
    """Counts for a paged list."""

    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)
    total = fields.Integer(required=True)
    total_pages = fields.Integer(required=True)
