"""What the ranking sees of one offer: its whole-year cost and its criterion values.

Nothing else: no commission, sponsorship, partner or disclosure field exists here, so none
can reach the ranking.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from advocate.domain import Category, CostEstimate
from advocate.scoring.criteria import criteria_for

Value = Decimal | float | int


@dataclass(frozen=True)
class Candidate:
    """One offer to rank for one customer.

    `values` maps a criterion key to the offer's value, or None when the data has none for
    this offer (it is then reported as missing, never filled in). The `cost` criterion is
    `expected_cost` itself and is not repeated in `values`. `cost_grid` is the whole-year
    cost at each usage level of a grid (e.g. half to double the customer's usage), the same
    levels for every candidate; dominance uses it. `regret` is the extra cost a year if the
    customer misses the condition of a discount counted in `expected_cost`.
    """

    offer_id: str
    brand: str
    name: str
    expected_cost: Decimal
    currency: str
    includes_tax: bool
    values: Mapping[str, Value | None] = field(default_factory=dict)
    cost_grid: tuple[Decimal, ...] = ()
    regret: Decimal | None = None

    def value(self, key: str) -> Value | None:
        """The offer's value on criterion `key` (cost included); None when it has no data."""
        return self.expected_cost if key == "cost" else self.values.get(key)


@dataclass(frozen=True)
class OfferFacts:
    """Category-neutral facts read from an offer's terms that some criteria are computed from.

    `price_fixed`: CDR contract.isFixed. `quality_rating`: CMS global rating, 1 to 5 stars.
    `exit_fee`: the fee to leave early, in the estimate's currency (0 when the fee schedule
    lists none). `green_percent`: the largest GreenPower share offered, 0 to 100.
    None everywhere means the data does not say.
    """

    price_fixed: bool | None = None
    quality_rating: float | None = None
    exit_fee: Decimal | None = None
    green_percent: float | None = None


def candidate_from_estimate(category: Category, estimate: CostEstimate, *, brand: str,
                            name: str, facts: OfferFacts | None = None,
                            cost_grid: tuple[Decimal, ...] = ()) -> Candidate:
    """A Candidate for `category` from a cost estimate and the offer's facts.

    How each criterion is computed per category is published in the methodology
    (`advocate.scoring.criteria` holds the wording).
    """
    category = Category(category)
    computed = _values(category, estimate, facts or OfferFacts())
    return Candidate(
        offer_id=estimate.offer_id, brand=brand, name=name, expected_cost=estimate.expected,
        currency=estimate.currency, includes_tax=estimate.includes_tax,
        values={key: computed.get(key) for key in _value_keys(category)},
        cost_grid=tuple(cost_grid), regret=_regret(estimate))


@cache
def _value_keys(category: Category) -> tuple[str, ...]:
    """The criteria a category's candidates carry in `values` (all but cost), sorted: the
    same for every candidate, so worked out once per category."""
    return tuple(sorted({c.key for c in criteria_for(category)} - {"cost"}))


def _values(category: Category, estimate: CostEstimate,
            facts: OfferFacts) -> dict[str, Value | None]:
    if category is Category.HEALTH:
        return {"certainty": estimate.bad_year, "quality": facts.quality_rating}
    fixed = None if facts.price_fixed is None else int(facts.price_fixed)
    return {"certainty": fixed, "flexibility": facts.exit_fee, "green": facts.green_percent}


def _regret(estimate: CostEstimate) -> Decimal | None:
    """What missing a counted discount's condition adds: nothing when none was counted."""
    extra = estimate.without_conditional_discounts - estimate.expected
    return extra if extra > 0 else None


def check_candidates(candidates: Sequence[Candidate], category: Category) -> None:
    """ValueError when the set cannot be ranked together: repeated ids, mixed currencies,
    criteria the category does not score, or values that are not finite numbers."""
    ids = [c.offer_id for c in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("offer ids repeat in the candidate set")
    if len({c.currency for c in candidates}) > 1:
        raise ValueError("candidates are priced in different currencies")
    scored = {c.key for c in criteria_for(category)} - {"cost"}
    for candidate in candidates:
        unknown = set(candidate.values) - scored
        if unknown:
            raise ValueError(f"{candidate.offer_id}: {category} offers are not scored on "
                             f"{sorted(unknown)}")
        numbers = [candidate.expected_cost, *candidate.cost_grid,
                   *(v for v in candidate.values.values() if v is not None)]
        if not all(map(_finite, numbers)):
            raise ValueError(f"{candidate.offer_id}: a value is not a finite number")


def _finite(value: object) -> bool:
    kind = type(value)
    if kind is Decimal:  # costs: the common case first
        return value.is_finite()
    if kind is bool:
        return False
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
