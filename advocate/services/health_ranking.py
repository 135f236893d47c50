"""Health candidates for the ranking: bad-year cost as certainty, the cost over a spending
grid for dominance (advocate.costing.health_dominance.GRID), and the premium as the figure a
"lowest premium" preference looks at.

The out-of-pocket on the grid comes with the estimates (`EstimateResult.grid_costs`, computed
in the same pass as the sampled years); a plan it is missing for could not be priced at every
level of care and gets no grid (so it neither dominates nor is dominated). An estimate result
made without them has them computed here.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from advocate.costing.health_dominance import PlanChoice, cost_curves, household_grid
from advocate.domain.health_needs import HealthMember
from advocate.scoring import Candidate, OfferFacts, candidate_from_estimate
from advocate.services.energy_estimates import EstimateResult

# Grid points passed to the ranking's dominance check: every 8th point of the health grid
# (31 levels from $0 to $2,000,000) keeps the check exact at the ends and fast in between.
GRID_STEP = 8


def health_candidates(result: EstimateResult) -> list[Candidate]:
    """Candidates with the whole-year cost at each spending level of the grid."""
    grid = result.grid_costs or _grid_costs(result)
    candidates = []
    for offer, estimate in zip(result.offers, result.estimates, strict=True):
        net = float(estimate.details["premium"]["monthly_net"] * 12)
        oop = grid.get(offer.id)
        curve = () if oop is None else net + np.asarray(oop)[::GRID_STEP]
        candidates.append(candidate_from_estimate(
            result.category, estimate, brand=offer.brand_name, name=offer.name,
            facts=OfferFacts(quality_rating=None),
            cost_grid=tuple(map(_cents, curve))))
    return candidates


def _cents(value: float) -> Decimal:
    """The cost rounded to the cent as round(value, 2) rounds it (half to even, on the exact
    binary value), in one step: format's ".2f" rounds the same way."""
    return Decimal(format(value, ".2f"))


def _grid_costs(result: EstimateResult) -> dict[str, np.ndarray]:
    """Out-of-pocket on the grid for each plan in the variant it was priced in."""
    members = [HealthMember(m["age"]) for m in result.usage["members"]]
    by_variant: dict[str, list[PlanChoice]] = {}
    for offer, estimate in zip(result.offers, result.estimates, strict=True):
        csr = estimate.details.get("csr_variant") or "standard"
        by_variant.setdefault(csr, []).append(PlanChoice(offer.id, offer.terms, Decimal(0)))
    found = {}
    for csr, choices in by_variant.items():
        found.update(cost_curves(choices, household_grid(members), csr)[0])
    return found


def health_stated_values(result: EstimateResult, preference: str) -> dict[str, Decimal]:
    """Monthly net premium per plan, for "lowest premium" / "lowest sticker price"."""
    if preference not in ("lowest_premium", "lowest_sticker_price"):
        return {}
    return {offer.id: estimate.details["premium"]["monthly_net"]
            for offer, estimate in zip(result.offers, result.estimates, strict=True)}
