"""Dominated health plans: another plan costs this household no more at any level of care.

Plan A dominates plan B for a household when A's whole-year cost (net premium + out-of-pocket)
is no higher than B's at every point of a spending grid running from no care at all to
$2,000,000 of care a year (beyond both plans' out-of-pocket maximums), and lower at some point.
Costs are compared in cents. The household's spending is split among members in proportion to
their age bands' mean spending (`health_tables`), so one grid point is one level of care for the
whole household. Comparing every plan on the same grid makes the relation irreflexive and
transitive. Beside each flag: how much cheaper A is with no care and at the top of the grid,
and how the plans differ otherwise (network type, issuer, metal level).

Curves come from the batched engine (`health_batch_ladder`, the reference engine's figures to
the bit) for all plans at once; `dominance_among` compares curves already computed (the
estimates compute them in the same pass as the sampled years) as a matrix, one row per plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import numpy as np

from advocate.costing.health_batch_ladder import oop_batch_at_spending
from advocate.costing.health_rules import choose_variant, member_ages
from advocate.costing.health_tables import band_for
from advocate.domain import UnpriceableTerms, to_cents
from advocate.domain.health import HealthPlanTerms
from advocate.domain.health_needs import HasAge

TOP = 2_000_000.0
GRID = np.concatenate([[0.0], np.geomspace(10.0, TOP, 240)])
TOLERANCE = 0.005  # half a cent: costs are compared as amounts in cents
CLOSE = 1e-4  # of a cent: nearer a half cent than this, `cents` asks to_cents
LARGE = 1e8  # USD: from here on `cents` asks to_cents
PAIRS_AT_ONCE = 4096  # pairs of curves compared in one step (bounds the memory it takes)
NEAR = 1e-6  # USD: savings this near the tolerance are compared as `dominates` compares them


@dataclass(frozen=True)
class PlanChoice:
    """One plan as offered to this household: its annual premium after tax credit (USD)."""

    offer_id: str
    terms: HealthPlanTerms
    annual_net_premium: Decimal


@dataclass(frozen=True, slots=True)
class Domination:
    """`by` dominates the flagged plan; `cheaper_*` are USD a year in favour of `by`. (Slots:
    a household's plans can carry thousands of flags, one object each rather than two.)"""

    by: str
    cheaper_with_no_care: Decimal
    cheaper_at_top: Decimal
    largest_saving: Decimal
    differences: tuple[str, ...]


FLAGS_LISTED = 5  # dominating plans described per dominated plan, the largest savings first


@dataclass(frozen=True)
class DominanceReport:
    """Dominated offers with the (at most FLAGS_LISTED) plans dominating each by the most, and
    how many dominate each in all; plans that could not be priced, why."""

    dominated: dict[str, tuple[Domination, ...]]
    unpriced: dict[str, str]
    counts: dict[str, int] = field(default_factory=dict)


def household_grid(household_members: Sequence[HasAge | int]) -> np.ndarray:
    """Spending per member (rows) at each grid level (columns)."""
    ages = member_ages(household_members)
    weights = np.array([band_for(a).mean * band_for(a).share_with_expense for a in ages])
    return np.outer(weights / weights.sum(), GRID)


def cost_curve(choice: PlanChoice, spending: np.ndarray, csr_variant: str = "standard"
               ) -> np.ndarray:
    """Whole-year cost (USD) of `choice` at each grid level; `UnpriceableTerms` when the plan
    cannot be priced there."""
    curves, unpriced = cost_curves([choice], spending, csr_variant)
    if choice.offer_id in unpriced:
        raise unpriced[choice.offer_id]
    return curves[choice.offer_id]


def cost_curves(choices: Sequence[PlanChoice], spending: np.ndarray,
                csr_variant: str = "standard"
                ) -> tuple[dict[str, np.ndarray], dict[str, UnpriceableTerms]]:
    """Whole-year cost (USD) of every choice at each grid level, all plans in one pass; the
    plans that cannot be priced apart, with why."""
    variants, unpriced = {}, {}
    for choice in choices:
        try:
            name, _ = choose_variant(choice.terms, csr_variant)
        except UnpriceableTerms as exc:
            unpriced[choice.offer_id] = exc
            continue
        variants[choice.offer_id] = choice.terms.variant(name)
    found = oop_batch_at_spending(list(variants.values()), spending)[0]
    premiums = {c.offer_id: float(c.annual_net_premium) for c in choices}
    curves = {}
    for offer_id, outcome in zip(variants, found, strict=True):
        if isinstance(outcome, UnpriceableTerms):
            unpriced[offer_id] = outcome
        else:
            curves[offer_id] = premiums[offer_id] + outcome.total
    return curves, unpriced


def dominates(a: np.ndarray, b: np.ndarray) -> bool:
    """True when cost curve `a` is nowhere above `b` and somewhere below it."""
    return bool(np.all(a <= b + TOLERANCE) and np.any(a < b - TOLERANCE))


def dominated_by(choices: Sequence[PlanChoice], household_members: Sequence[HasAge | int], *,
                 csr_variant: str = "standard") -> DominanceReport:
    """Every dominated plan among `choices`, with the plans that dominate it."""
    curves, unpriced = cost_curves(choices, household_grid(household_members), csr_variant)
    return dominance_among(choices, curves, {k: e.message for k, e in unpriced.items()})


def dominance_among(choices: Sequence[PlanChoice], curves: dict[str, np.ndarray],
                    unpriced: dict[str, str] | None = None) -> DominanceReport:
    """The dominated plans among those of `choices` with a cost curve (all on one grid), as
    `dominates` decides for each pair; each plan's flags are sorted by largest saving (in
    cents, largest first), then by the id of the plan that dominates it, and the first
    FLAGS_LISTED kept: in a county of a hundred plans a poor one is beaten everywhere by
    dozens, and describing each would make every answer grow with the square of the market
    while telling the household nothing more (`counts` says how many there are)."""
    by_id = {c.offer_id: c for c in choices}
    ids = [c.offer_id for c in choices if c.offer_id in curves]
    found: dict[str, tuple[Domination, ...]] = {}
    counts: dict[str, int] = {}
    if ids:
        matrix = np.array([curves[i] for i in ids])
        worse, better, most = _winners(matrix)
        if len(worse):
            found = _flags(matrix, worse, better, most, ids,
                           [_facts(by_id[i].terms) for i in ids])
            rows, counted = np.unique(worse, return_counts=True)
            counts = {ids[row]: count for row, count in zip(rows.tolist(), counted.tolist(),
                                                            strict=True)}
    return DominanceReport(dominated=found, unpriced=dict(unpriced or {}), counts=counts)


def _winners(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair where row `better`'s curve dominates row `worse`'s, by dominated row then
    winner, with the largest saving (`worse`'s curve minus `better`'s, at its widest)."""
    # only plans no dearer with no care and at the top of the grid can be no dearer
    # everywhere: the full comparison is made for those pairs alone, many at once
    first, last = matrix[:, 0], matrix[:, -1]
    maybe = ((first[None, :] <= first[:, None] + TOLERANCE)
             & (last[None, :] <= last[:, None] + TOLERANCE))
    np.fill_diagonal(maybe, False)
    worse, better = np.nonzero(maybe)  # row-major: by dominated row, then winner
    least, most = np.empty(len(worse)), np.empty(len(worse))
    for i in range(0, len(worse), PAIRS_AT_ONCE):
        at = slice(i, i + PAIRS_AT_ONCE)
        gap = matrix[worse[at]] - matrix[better[at]]  # what `better` saves at each level
        least[at], most[at] = gap.min(axis=1), gap.max(axis=1)
    # `dominates` compares a <= b + TOLERANCE and a < b - TOLERANCE; the gaps decide the same
    # wherever they are further than NEAR from the tolerance (their rounding is below a
    # millionth of a cent at these amounts), and the few pairs nearer are compared as
    # `dominates` compares them
    hits = (least > NEAR - TOLERANCE) & (most > TOLERANCE + NEAR)
    near = ((np.abs(least + TOLERANCE) <= NEAR) & (most > TOLERANCE - NEAR)) | (
        (least > -TOLERANCE - NEAR) & (np.abs(most - TOLERANCE) <= NEAR))
    for i in np.flatnonzero(near).tolist():
        hits[i] = dominates(matrix[better[i]], matrix[worse[i]])
    return worse[hits], better[hits], most[hits]


def _flags(matrix: np.ndarray, worse: np.ndarray, better: np.ndarray, most: np.ndarray,
           ids: list[str], facts: list) -> dict[str, tuple[Domination, ...]]:
    """The flags of every dominated row: of the pairs (`worse`, `better`, largest saving
    `most`), the FLAGS_LISTED winners saving each row the most (in cents; then by id), with by
    how much (each amount rounded as `cents` rounds it)."""
    most_cents = np.array(_units(most)[0], dtype=np.int64)
    id_order = np.empty(len(ids), dtype=np.int64)
    id_order[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    order = np.lexsort((id_order[better], -most_cents, worse))
    worse, better, most = worse[order], better[order], most[order]
    starts = np.flatnonzero(np.r_[True, worse[1:] != worse[:-1]])
    place = np.arange(len(worse)) - np.repeat(starts, np.diff(np.r_[starts, len(worse)]))
    kept = place < FLAGS_LISTED
    worse, better, most = worse[kept], better[kept], most[kept]
    gaps = matrix[worse] - matrix[better]
    no_care, _ = cents(gaps[:, 0])
    top, _ = cents(gaps[:, -1])
    largest, _ = cents(most)
    found: dict[str, list[Domination]] = {}
    for k, (row, winner) in enumerate(zip(worse.tolist(), better.tolist(), strict=True)):
        found.setdefault(ids[row], []).append(Domination(
            by=ids[winner], cheaper_with_no_care=no_care[k], cheaper_at_top=top[k],
            largest_saving=largest[k], differences=_differences(facts[winner], facts[row])))
    return {offer_id: tuple(flags) for offer_id, flags in found.items()}


def cents(values: np.ndarray) -> tuple[list[Decimal], list[int]]:
    """`to_cents` of each value (USD floats), faster, and each as a whole number of cents."""
    units, exact = _units(values)
    amounts = [Decimal(unit).scaleb(-2) for unit in units]
    for i, amount in exact.items():
        amounts[i] = amount
    return amounts, units


def _units(values: np.ndarray) -> tuple[list[int], dict[int, Decimal]]:
    """Each value (USD floats) as `to_cents` rounds it, in whole cents; and, for the values
    `to_cents` itself rounded, its Decimal (it keeps -0.00).

    to_cents(x) rounds the shortest decimal repr of x (d, within half an ulp of x) half up to
    the cent. Away from a tie, that is x * 100 rounded to the nearest whole number: |100 d -
    fl(100 x)| is below 200 ulps of x, under 1e-5 cents for |x| < LARGE, so when fl(100 x) is
    more than CLOSE from a half cent, 100 d lies on the same side of it. Values near a half
    cent, negative ones and any |x| >= LARGE or not finite go through to_cents itself.
    """
    usable = (values >= 0) & (values < LARGE) & ~np.signbit(values)
    scaled = np.where(usable, values, 0.0) * 100.0
    whole = np.floor(scaled)
    fraction = scaled - whole  # exact: `whole` is `scaled` without its fraction
    fast = usable & (np.abs(fraction - 0.5) > CLOSE)
    units = np.where(fast, whole + (fraction > 0.5), 0.0).astype(np.int64).tolist()
    exact = {}
    for i in np.flatnonzero(~fast).tolist():
        exact[i] = to_cents(float(values[i]))
        units[i] = int(exact[i].scaleb(2))
    return units, exact


def _facts(terms: HealthPlanTerms) -> tuple[str, str, str]:
    return terms.plan_type.value, terms.issuer_name, terms.metal_level.value


@lru_cache(maxsize=4096)
def _differences(a: tuple[str, str, str], b: tuple[str, str, str]) -> tuple[str, ...]:
    return tuple(f"{what}: {x} vs {y}" for what, x, y
                 in zip(("network type", "issuer", "metal level"), a, b, strict=True) if x != y)


def differences(a: HealthPlanTerms, b: HealthPlanTerms) -> tuple[str, ...]:
    """What sets two plans apart besides cost, as "what: a vs b" lines."""
    return _differences(_facts(a), _facts(b))
