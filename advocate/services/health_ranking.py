"""Health candidates for the ranking: bad-year cost as certainty, the cost over a spending
grid for dominance (advocate.costing.health_dominance.GRID), and the premium as the figure a
"lowest premium" preference looks at."""

from __future__ import annotations

from decimal import Decimal

from advocate.costing.health_dominance import PlanChoice, cost_curve, household_grid
from advocate.domain.health_needs import HealthMember
from advocate.scoring import Candidate, OfferFacts, candidate_from_estimate
from advocate.services.energy_estimates import EstimateResult

# Grid points passed to the ranking's dominance check: every 8th point of the health grid
# (31 levels from $0 to $2,000,000) keeps the check exact at the ends and fast in between.
GRID_STEP = 8


def health_candidates(result: EstimateResult) -> list[Candidate]:
    """Candidates with the whole-year cost at each spending level of the grid."""
    members = [HealthMember(m["age"]) for m in result.usage["members"]]
    spending = household_grid(members)[:, ::GRID_STEP]
    candidates = []
    for offer, estimate in zip(result.offers, result.estimates, strict=True):
        csr = estimate.details.get("csr_variant") or "standard"
        net = estimate.details["premium"]["monthly_net"] * 12
        curve = cost_curve(PlanChoice(offer.id, offer.terms, net), spending, csr)
        candidates.append(candidate_from_estimate(
            result.category, estimate, brand=offer.brand_name, name=offer.name,
            facts=OfferFacts(quality_rating=None),
            cost_grid=tuple(Decimal(str(round(float(v), 2))) for v in curve)))
    return candidates


def health_stated_values(result: EstimateResult, preference: str) -> dict[str, Decimal]:
    """Monthly net premium per plan, for "lowest premium" / "lowest sticker price"."""
    if preference not in ("lowest_premium", "lowest_sticker_price"):
        return {}
    return {offer.id: estimate.details["premium"]["monthly_net"]
            for offer, estimate in zip(result.offers, result.estimates, strict=True)}
