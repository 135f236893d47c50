"""Offers as advocate knows them: what is sold, by whom, where, and where the data came from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol


class Category(StrEnum):
    """The kinds of product advocate compares."""

    ELECTRICITY = "electricity"
    GAS = "gas"
    HEALTH = "health"
    DEPOSIT = "deposit"
    LOAN = "loan"


class Terms(Protocol):
    """Category-specific normalised terms (EnergyTariff, HealthPlanTerms, ...)."""

    def to_json(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Geography:
    """Where an offer is sold, as lookup keys such as `postcode:3000`, `distributor:citipower`,
    `county:48113`, `state:TX`. `excluded` keys override `included` ones."""

    included: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()

    def covers(self, keys: set[str]) -> bool:
        """True when any of `keys` is included and none is excluded."""
        if keys & set(self.excluded):
            return False
        return bool(keys & set(self.included))


@dataclass(frozen=True)
class Provenance:
    """Where and when a payload was fetched, and its fingerprint."""

    source: str
    fetched_at: datetime
    payload_sha256: str
    source_url: str | None = None
    schema_version: str | None = None
    snapshot_id: int | None = None


@dataclass(frozen=True)
class Offer:
    """One product offer, normalised. `id` is stable: `<source>:<external id>`."""

    id: str
    source: str
    external_id: str
    category: Category
    brand: str
    brand_name: str
    name: str
    geography: Geography
    terms: Terms
    provenance: Provenance
    effective_from: date | None = None
    effective_to: date | None = None
    description: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Disclosure:
    """Commission or sponsorship attached to an offer or a whole brand.

    Kept apart from `Offer` on purpose: no costing or scoring function accepts one, so
    nothing a seller earns can move a ranking. It exists to be shown, never to rank.
    """

    id: int | None
    offer_id: str | None
    brand: str | None
    kind: str  # "commission" | "sponsorship" | "referral_fee"
    amount: Decimal | None = None
    currency: str | None = None
    basis: str = ""  # e.g. "per sale", "% of first-year premium"
    note: str = ""
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class RawPayload:
    """One upstream payload as received: parsed JSON (or a CSV row as a dict) plus context."""

    source: str
    body: Any
    fetched_at: datetime
    url: str | None = None
    schema_version: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """Fingerprint over a canonical JSON serialisation of the body."""
        return payload_sha256(self.body)


def payload_sha256(body: Any) -> str:
    """sha256 of canonical JSON (sorted keys, no whitespace, UTF-8)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                           default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
