"""advocate's pure domain: frozen dataclasses and errors, no framework imports."""

from advocate.domain.costs import CostEstimate, LineItem, to_cents
from advocate.domain.errors import (
    AdvocateError,
    Conflict,
    InvalidInput,
    NotFound,
    ParseError,
    ProviderError,
    UnpriceableTerms,
)
from advocate.domain.offers import (
    Category,
    Disclosure,
    Geography,
    Offer,
    Provenance,
    RawPayload,
    Terms,
    payload_sha256,
)

__all__ = [
    "AdvocateError", "Category", "Conflict", "CostEstimate", "Disclosure", "Geography",
    "InvalidInput", "LineItem", "NotFound", "Offer", "ParseError", "Provenance",
    "ProviderError", "RawPayload", "Terms", "UnpriceableTerms", "payload_sha256", "to_cents",
]
