"""What the ranking is given for each category: candidates with their facts, a cost at each
level of a usage grid (for dominance), and the figures a stated preference looks at.

Energy grid: the customer's own interval usage scaled by 0.5, 0.75, 1, 1.5 and 2 (general and
controlled-load consumption; solar export kept as it is), each priced by the same rules
(advocate.costing.energy_grid: totals only, equal to full estimates to the cent), so "cheaper at
every usage level" means from half to double the customer's use (issue #6).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from advocate.costing.energy_compile import plan_for
from advocate.costing.energy_grid import grid_totals
from advocate.domain import Category, Offer
from advocate.domain.energy import GST_RATE, EnergyTariff
from advocate.scoring import Candidate, OfferFacts, candidate_from_estimate
from advocate.services.energy_estimates import EstimateResult

ENERGY_GRID = (0.5, 0.75, 1.0, 1.5, 2.0)


def candidates_for(result: EstimateResult) -> list[Candidate]:
    """Candidates for the estimated offers of `result`, whatever the category."""
    if result.category is Category.HEALTH:
        from advocate.services.health_ranking import health_candidates

        return health_candidates(result)
    return energy_candidates(result)


def energy_candidates(result: EstimateResult) -> list[Candidate]:
    """Energy candidates: bill at the customer's usage and across the usage grid."""
    conditions = frozenset(result.context.get("conditions", ()))
    # at the customer's own use (factor 1) the bills are the estimates already made
    others = [factor for factor in ENERGY_GRID if factor != 1.0]
    totals = grid_totals([offer.terms for offer in result.offers], result.usage_model, others,
                         conditions=conditions)
    candidates = []
    for row, (offer, estimate) in enumerate(zip(result.offers, result.estimates, strict=True)):
        at = dict(zip(others, (Decimal(int(c)).scaleb(-2) for c in totals[row]), strict=True))
        grid = tuple(estimate.expected if factor == 1.0 else at[factor] for factor in ENERGY_GRID)
        candidates.append(candidate_from_estimate(
            result.category, estimate, brand=offer.brand_name, name=offer.name,
            facts=energy_facts(offer.terms), cost_grid=grid))
    return candidates


def energy_facts(tariff: EnergyTariff) -> OfferFacts:
    """Fixed price, exit fee (inc GST) and the largest GreenPower share of an energy plan.

    They are read from the terms alone, so they are kept with the tariff's compiled plan
    (energy_compile.plan_for, cached while the tariff lives): every ranking of the plan
    would otherwise walk its fees and GreenPower tiers again."""
    derived = plan_for(tariff).derived
    facts = derived.get("facts")
    if facts is None:
        facts = derived["facts"] = _energy_facts(tariff)
    return facts


def _energy_facts(tariff: EnergyTariff) -> OfferFacts:
    exit_fees = tariff.exit_fees
    if any(fee.amount is None for fee in exit_fees):
        exit_fee = None  # a fee with no published amount: no data, never a guess
    else:
        exit_fee = max((fee.amount * (1 + GST_RATE) for fee in exit_fees), default=Decimal(0))
    shares = [tier.green_fraction * 100 for option in tariff.green_power for tier in option.tiers]
    return OfferFacts(price_fixed=tariff.contract.is_fixed,
                      exit_fee=None if exit_fee is None else exit_fee.quantize(Decimal("0.01")),
                      green_percent=float(max(shares, default=Decimal(0))))


def stated_values(result: EstimateResult, preference: str) -> dict[str, Decimal]:
    """The figure a stated preference ranks by, per offer id (missing: no such figure)."""
    if result.category is Category.HEALTH:
        from advocate.services.health_ranking import health_stated_values

        return health_stated_values(result, preference)
    if preference not in ("lowest_unit_price", "lowest_sticker_price"):
        return {}
    return {offer.id: price for offer in result.offers
            if (price := headline_unit_price(offer.terms)) is not None}


def headline_unit_price(tariff: EnergyTariff) -> Decimal | None:
    """The first usage rate a plan advertises (first season, first rate, first block), in
    dollars per unit including GST: what a customer comparing "unit prices" looks at."""
    for period in tariff.periods:
        for rate in period.usage:
            if rate.blocks:
                return (rate.blocks[0].unit_price * (1 + GST_RATE)).quantize(Decimal("0.0001"))
    return None


def by_id(offers: Sequence[Offer]) -> dict[str, Offer]:
    """Offers keyed by id."""
    return {offer.id: offer for offer in offers}
