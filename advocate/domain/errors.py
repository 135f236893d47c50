"""The error hierarchy of advocate's core; the web layer maps each to one HTTP answer.

    AdvocateError
    ├── InvalidInput        the caller's input cannot be used (-> 422, names the field)
    ├── NotFound            no such resource for this caller (-> 404)
    ├── Conflict            the request clashes with stored state (-> 409)
    ├── ParseError          an upstream payload cannot be turned into an Offer (-> quarantine)
    ├── UnpriceableTerms    an offer has a component the cost model refuses to guess at
    └── ProviderError       the upstream source failed (HTTP error, timeout, error envelope)
"""

from __future__ import annotations


class AdvocateError(Exception):
    """Base of every error advocate raises on purpose."""

    code = "advocate_error"

    def __init__(self, message: str, *, field: str | None = None, details: object = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details


class InvalidInput(AdvocateError):
    """The caller's input is unusable; `field` names the offending field (dotted path)."""

    code = "invalid_input"


class NotFound(AdvocateError):
    """The resource does not exist, or is not visible to this caller."""

    code = "not_found"


class Conflict(AdvocateError):
    """The request conflicts with stored state."""

    code = "conflict"


class ParseError(AdvocateError):
    """A raw upstream payload could not be normalised; it is quarantined with this message."""

    code = "parse_error"


class UnpriceableTerms(AdvocateError):
    """An offer carries a component the cost model cannot price and will not guess at."""

    code = "unpriceable"


class ProviderError(AdvocateError):
    """The upstream source failed: transport error, timeout, HTTP error or error envelope."""

    code = "provider_error"

    def __init__(self, message: str, *, status: int | None = None, upstream_code: str | None = None,
                 url: str | None = None):
        super().__init__(message, details={"status": status, "upstream_code": upstream_code,
                                           "url": url})
        self.status = status
        self.upstream_code = upstream_code
        self.url = url
