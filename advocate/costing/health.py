"""Whole-year cost of US health plans for a household: `estimate_health_plans` (many plans at
once) and `estimate_health` (one).

expected  = annual net premium + mean out-of-pocket over sampled years of care, each member's
            spending drawn from their age band's distribution (MEPS; `health_tables`) at the
            points of `health_sampling` (which documents how many and how accurate);
bad_year  = annual net premium + the 95th percentile of that out-of-pocket;
worst_case = annual net premium + the out-of-pocket maximum of the household's coverage;
at_stated_use = annual net premium + out-of-pocket for the use the household stated.

The premium is an input: the annual premium after any premium tax credit (another module
computes household premiums and credits), so `includes_tax` is False and nothing here adds or
removes tax. Out-of-pocket follows `health_oop` (in-network care only), computed for all plans
in one pass by `health_batch_ladder`, which gives the reference engine's figures to the bit,
and remembered per variant and household spending (`health_figures_cache`): they depend on
neither the premium nor income.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from advocate.costing.health_batch_figures import YearFigures
from advocate.costing.health_batch_ladder import oop_batch_for_items
from advocate.costing.health_claims import breakdown
from advocate.costing.health_figures_cache import FIGURES
from advocate.costing.health_rules import (
    annual_premium,
    choose_variant,
    household_moop,
    member_ages,
)
from advocate.costing.health_sampling import SAMPLING, sample_years
from advocate.costing.health_tables import band_for
from advocate.costing.health_usage import stated_items
from advocate.domain import CostEstimate, LineItem, UnpriceableTerms, to_cents
from advocate.domain.health import HealthPlanTerms
from advocate.domain.health_needs import HasAge, MemberUse

__all__ = ["BASE_ASSUMPTIONS", "HealthPrices", "PlanToPrice", "choose_variant",
           "estimate_health", "estimate_health_plans", "household_moop", "member_ages"]

BASE_ASSUMPTIONS = (
    "Premiums are the annual premium after any premium tax credit, as given; no tax is "
    "included or added.",
    "Out-of-pocket covers in-network care only; out-of-network care and balance billing are "
    "not modelled.",
    f"Expected and 95th-percentile out-of-pocket come from {SAMPLING}: each member's annual "
    "spending from MEPS figures for their age band (MEPS Research Findings #20 Table 2 scaled "
    "to 2014 by MEPS Statistical Brief #493; lognormal among people with any spending), "
    "members independent.",
    "A year of spending is modelled as office visits and everyday drugs first, then "
    "specialists, emergency care and specialty drugs, then hospital care "
    "(advocate/data/health/meps_2014/SOURCES.md).",
    "Claims go through the deductible first, then copays and coinsurance, capped by the "
    "out-of-pocket maximum; services the plan does not cover are paid in full and never "
    "capped.",
)


@dataclass(frozen=True)
class PlanToPrice:
    """One plan to price: its annual premium after tax credit (USD) and the cost-sharing
    variant the household qualifies for."""

    offer_id: str
    terms: HealthPlanTerms
    annual_net_premium: Decimal
    csr_variant: str = "standard"


@dataclass(frozen=True)
class HealthPrices:
    """Many plans priced for one household. `grid_out_of_pocket` is each priced plan's
    out-of-pocket (USD, premium not included) at each column of the `grid` asked for."""

    estimates: dict[str, CostEstimate]
    refused: dict[str, UnpriceableTerms]
    grid_out_of_pocket: dict[str, np.ndarray]
    grid_refused: dict[str, UnpriceableTerms]


def estimate_health(offer_id: str, terms: HealthPlanTerms,
                    household_members: Sequence[HasAge | int], *,
                    annual_net_premium: Decimal, csr_variant: str = "standard",
                    stated_use: Sequence[MemberUse | None] | None = None) -> CostEstimate:
    """The household's whole-year cost of one plan (USD, premiums net of tax credit).

    Raises `UnpriceableTerms` when the plan leaves a needed amount unpublished ("See Plan
    Brochure", a blank), `InvalidInput` for an empty household, a bad age or premium.
    """
    prices = estimate_health_plans(
        [PlanToPrice(offer_id, terms, annual_net_premium, csr_variant)], household_members,
        stated_use=stated_use)
    if offer_id in prices.refused:
        raise prices.refused[offer_id]
    return prices.estimates[offer_id]


def estimate_health_plans(plans: Sequence[PlanToPrice],
                          household_members: Sequence[HasAge | int], *,
                          stated_use: Sequence[MemberUse | None] | None = None,
                          grid: np.ndarray | None = None) -> HealthPrices:
    """Every plan's whole-year cost for the household, as `estimate_health` gives each one;
    with `grid` (spending per member x levels), also each plan's out-of-pocket at each level.

    A plan that cannot be priced is in `refused` with the error `estimate_health` raises for
    it; `InvalidInput` (empty household, bad age, premium or variant name) refuses the call.
    """
    ages = member_ages(household_members)
    chosen, refused, premiums = _variants(plans)
    live = [p for p in plans if p.offer_id in chosen]
    found = FIGURES.figures([chosen[p.offer_id][0] for p in live], sample_years(ages), grid)
    yearly, curves, curve_refused = {}, {}, {}
    for index, plan in enumerate(live):
        _sort(plan.offer_id, found[0][index], yearly, refused)
        if grid is not None:
            _sort(plan.offer_id, found[1][index], curves, curve_refused)
    caps = _caps(live, chosen, yearly, len(ages), refused)
    stated = _stated(chosen, [p for p in live if p.offer_id in caps], ages, stated_use,
                     refused)
    estimates = {p.offer_id: _estimate(p, premiums[p.offer_id], chosen[p.offer_id], ages,
                                       yearly[p.offer_id], caps[p.offer_id], stated)
                 for p in plans if p.offer_id in caps and p.offer_id not in refused}
    return HealthPrices(estimates, refused, curves, curve_refused)


def _variants(plans: Sequence[PlanToPrice]) -> tuple[dict, dict[str, UnpriceableTerms], dict]:
    """Each plan's variant with the notes on choosing it, or why it has none to price; its
    premium. `InvalidInput` for a bad premium or variant name, plan by plan as given."""
    chosen, refused, premiums = {}, {}, {}
    for plan in plans:
        premiums[plan.offer_id] = annual_premium(plan.annual_net_premium)
        try:
            name, notes = choose_variant(plan.terms, plan.csr_variant)
        except UnpriceableTerms as exc:
            refused[plan.offer_id] = exc
            continue
        chosen[plan.offer_id] = (plan.terms.variant(name), name, notes)
    return chosen, refused, premiums


def _sort(offer_id: str, outcome, priced: dict, refused: dict) -> None:
    if isinstance(outcome, UnpriceableTerms):
        refused[offer_id] = outcome
    else:
        priced[offer_id] = outcome


def _caps(plans, chosen, yearly, members: int, refused: dict) -> dict[str, Decimal]:
    """The household's out-of-pocket maximum of each plan priced so far (or why not)."""
    caps = {}
    for plan in plans:
        if plan.offer_id in yearly:
            variant = chosen[plan.offer_id][0]
            try:
                caps[plan.offer_id] = household_moop(variant.medical_moop, variant.drug_moop,
                                                     variant.combined_moop, members)
            except UnpriceableTerms as exc:
                refused[plan.offer_id] = exc
    return caps


def _stated(chosen, plans, ages, stated_use, refused) -> tuple[dict, list[str]]:
    """Each plan's out-of-pocket for the stated use (None: nothing was stated)."""
    if stated_use is None or not plans:
        return {}, []
    items, notes = stated_items(ages, stated_use)
    outcomes = oop_batch_for_items([chosen[p.offer_id][0] for p in plans], len(ages), items)
    found = {}
    for plan, outcome in zip(plans, outcomes, strict=True):
        _sort(plan.offer_id, outcome, found, refused)
    return {k: breakdown(v, column=0) for k, v in found.items()}, notes


def _estimate(plan: PlanToPrice, premium: Decimal, chosen, ages, figures: YearFigures,
              cap: Decimal, stated) -> CostEstimate:
    _, variant_name, notes = chosen
    at_stated, stated_notes = stated[0].get(plan.offer_id), stated[1]
    notes = [*notes, *(stated_notes if at_stated is not None else [])]
    expected = to_cents(premium + Decimal(str(figures.mean)))
    lines = [LineItem("Premiums after tax credit", to_cents(premium), Decimal(12), "month",
                      to_cents(premium / 12))]
    lines += [LineItem(f"Expected out-of-pocket: {name.replace('_', ' ')}", to_cents(part))
              for name, part in figures.parts.items()]
    if plan.terms.is_catastrophic:
        notes.append("Catastrophic plan: no premium tax credit can be applied to it.")
    return CostEstimate(
        offer_id=plan.offer_id, currency="USD", includes_tax=False, expected=expected,
        with_conditional_discounts=expected, without_conditional_discounts=expected,
        breakdown=tuple(lines),
        assumptions=BASE_ASSUMPTIONS + tuple(dict.fromkeys([*figures.assumptions, *notes])),
        bad_year=to_cents(premium + Decimal(str(figures.p95))),
        worst_case=to_cents(premium + cap),
        at_stated_use=None if at_stated is None else to_cents(premium + at_stated.total),
        details=_details(variant_name, ages, figures, cap, at_stated))


def _details(variant_name, ages, figures: YearFigures, cap, stated) -> dict:
    return {
        "cost_sharing_variant": variant_name,
        "out_of_pocket": {
            "expected": to_cents(figures.mean), "median": to_cents(figures.median),
            "p95": to_cents(figures.p95), "covered_maximum": to_cents(cap),
            "not_covered_expected": to_cents(figures.not_covered),
        },
        "expected_by_service": {s.value: to_cents(v)
                                for s, v in sorted(figures.by_service.items())},
        "members": [{"age": age, "age_band": band_for(age).name} for age in ages],
        "at_stated_use": None if stated is None else {
            "out_of_pocket": stated.total, "allowed": stated.allowed,
            "deductible": stated.deductible, "copays": stated.copays,
            "coinsurance": stated.coinsurance, "not_covered": stated.not_covered},
    }
