"""Out-of-pocket for a given list of claims, in Decimal dollars (`oop_for_claims`).

The processing rules, and where they come from, are those of `advocate.costing.health_oop`.
Claims are processed in the order given (the order they are billed in a year).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from advocate.costing.health_oop import Engine, Item, OopResult
from advocate.domain import InvalidInput, to_cents
from advocate.domain.health import HealthPlanTerms, Service
from advocate.domain.health_needs import Claim


@dataclass(frozen=True)
class OopBreakdown:
    """A year's out-of-pocket (USD, cents): `total` = `covered` + `not_covered`;
    `covered` = `deductible` + `copays` + `coinsurance` after the out-of-pocket maximum."""

    total: Decimal
    covered: Decimal
    not_covered: Decimal
    allowed: Decimal
    deductible: Decimal
    copays: Decimal
    coinsurance: Decimal
    by_member: tuple[Decimal, ...]
    by_service: dict[Service, Decimal] = field(default_factory=dict)
    assumptions: tuple[str, ...] = ()


def oop_for_claims(terms: HealthPlanTerms, claims: Sequence[Claim], *,
                   members: int | None = None, variant: str = "standard") -> OopBreakdown:
    """What the household pays for `claims` under `terms` (one of its cost-sharing variants).

    `members` is the household size (default: as many as the claims name); it decides whether
    family deductibles and MOOPs apply. Raises `UnpriceableTerms` when a claim needs a cost
    share or limit the plan does not publish (e.g. "See Plan Brochure").
    """
    size = members if members is not None else max((c.member for c in claims), default=0) + 1
    if size < 1 or any(not 0 <= c.member < size for c in claims):
        raise InvalidInput("every claim must name a household member 0..members-1",
                           field="claims")
    items = [Item(c.member, c.service, np.array([float(c.allowed)]),
                  np.array([float(c.units)]), np.array([float(c.days)])) for c in claims]
    engine = Engine(terms.variant(variant), members=size, grid=1)
    return breakdown(engine.run(items), column=0)


def breakdown(result: OopResult, column: int) -> OopBreakdown:
    """Scenario `column` of an engine result, in cents."""
    def at(values: np.ndarray) -> Decimal:
        return to_cents(float(np.asarray(values)[column]))

    return OopBreakdown(
        total=at(result.total), covered=at(result.covered), not_covered=at(result.not_covered),
        allowed=at(result.allowed), deductible=at(result.parts["deductible"]),
        copays=at(result.parts["copays"]), coinsurance=at(result.parts["coinsurance"]),
        by_member=tuple(at(row) for row in result.by_member),
        by_service={s: at(v) for s, v in result.by_service.items()},
        assumptions=result.assumptions)
