"""Dominated health plans: another plan costs this household no more at any level of care.

Plan A dominates plan B for a household when A's whole-year cost (net premium + out-of-pocket)
is no higher than B's at every point of a spending grid running from no care at all to
$2,000,000 of care a year (beyond both plans' out-of-pocket maximums), and lower at some point.
Costs are compared in cents. The household's spending is split among members in proportion to
their age bands' mean spending (`health_tables`), so one grid point is one level of care for the
whole household. Comparing every plan on the same grid makes the relation irreflexive and
transitive. Beside each flag: how much cheaper A is with no care and at the top of the grid,
and how the plans differ otherwise (network type, issuer, metal level).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from advocate.costing.health import choose_variant, member_ages
from advocate.costing.health_spending import oop_at_spending
from advocate.costing.health_tables import band_for
from advocate.domain import UnpriceableTerms, to_cents
from advocate.domain.health import HealthPlanTerms
from advocate.domain.health_needs import HasAge

TOP = 2_000_000.0
GRID = np.concatenate([[0.0], np.geomspace(10.0, TOP, 240)])
TOLERANCE = 0.005  # half a cent: costs are compared as amounts in cents


@dataclass(frozen=True)
class PlanChoice:
    """One plan as offered to this household: its annual premium after tax credit (USD)."""

    offer_id: str
    terms: HealthPlanTerms
    annual_net_premium: Decimal


@dataclass(frozen=True)
class Domination:
    """`by` dominates the flagged plan; `cheaper_*` are USD a year in favour of `by`."""

    by: str
    cheaper_with_no_care: Decimal
    cheaper_at_top: Decimal
    largest_saving: Decimal
    differences: tuple[str, ...]


@dataclass(frozen=True)
class DominanceReport:
    """Dominated offers with what dominates them; plans that could not be priced, why."""

    dominated: dict[str, tuple[Domination, ...]]
    unpriced: dict[str, str]


def household_grid(household_members: Sequence[HasAge | int]) -> np.ndarray:
    """Spending per member (rows) at each grid level (columns)."""
    ages = member_ages(household_members)
    weights = np.array([band_for(a).mean * band_for(a).share_with_expense for a in ages])
    return np.outer(weights / weights.sum(), GRID)


def cost_curve(choice: PlanChoice, spending: np.ndarray, csr_variant: str = "standard"
               ) -> np.ndarray:
    """Whole-year cost (USD) of `choice` at each grid level."""
    name, _ = choose_variant(choice.terms, csr_variant)
    result = oop_at_spending(choice.terms.variant(name), spending)
    return float(choice.annual_net_premium) + result.total


def dominates(a: np.ndarray, b: np.ndarray) -> bool:
    """True when cost curve `a` is nowhere above `b` and somewhere below it."""
    return bool(np.all(a <= b + TOLERANCE) and np.any(a < b - TOLERANCE))


def dominated_by(choices: Sequence[PlanChoice], household_members: Sequence[HasAge | int], *,
                 csr_variant: str = "standard") -> DominanceReport:
    """Every dominated plan among `choices`, with the plans that dominate it."""
    spending = household_grid(household_members)
    curves, unpriced = {}, {}
    for choice in choices:
        try:
            curves[choice.offer_id] = cost_curve(choice, spending, csr_variant)
        except UnpriceableTerms as exc:
            unpriced[choice.offer_id] = exc.message
    by_id = {c.offer_id: c for c in choices}
    found: dict[str, tuple[Domination, ...]] = {}
    for loser, worse in curves.items():
        wins = [_domination(by_id[winner], by_id[loser], better, worse)
                for winner, better in curves.items()
                if winner != loser and dominates(better, worse)]
        if wins:
            found[loser] = tuple(sorted(wins, key=lambda d: (-d.largest_saving, d.by)))
    return DominanceReport(dominated=found, unpriced=unpriced)


def _domination(winner: PlanChoice, loser: PlanChoice, better: np.ndarray,
                worse: np.ndarray) -> Domination:
    gap = worse - better
    return Domination(by=winner.offer_id, cheaper_with_no_care=to_cents(float(gap[0])),
                      cheaper_at_top=to_cents(float(gap[-1])),
                      largest_saving=to_cents(float(gap.max())),
                      differences=differences(winner.terms, loser.terms))


def differences(a: HealthPlanTerms, b: HealthPlanTerms) -> tuple[str, ...]:
    """What sets two plans apart besides cost, as "what: a vs b" lines."""
    pairs = (("network type", a.plan_type.value, b.plan_type.value),
             ("issuer", a.issuer_name, b.issuer_name),
             ("metal level", a.metal_level.value, b.metal_level.value))
    return tuple(f"{what}: {x} vs {y}" for what, x, y in pairs if x != y)
