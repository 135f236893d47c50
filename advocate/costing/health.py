"""Whole-year cost of a US health plan for a household: `estimate_health`.

expected  = annual net premium + mean out-of-pocket over sampled years of care, each member's
            spending drawn from their age band's distribution (MEPS; `health_tables`);
bad_year  = annual net premium + the 95th percentile of that out-of-pocket;
worst_case = annual net premium + the out-of-pocket maximum of the household's coverage;
at_stated_use = annual net premium + out-of-pocket for the use the household stated.

The premium is an input: the annual premium after any premium tax credit (another module
computes household premiums and credits), so `includes_tax` is False and nothing here adds or
removes tax. Out-of-pocket follows `health_oop` (in-network care only).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from advocate.costing.health_claims import breakdown
from advocate.costing.health_oop import Engine
from advocate.costing.health_spending import SAMPLES, oop_at_spending, sample_years
from advocate.costing.health_tables import band_for
from advocate.costing.health_usage import stated_items
from advocate.domain import CostEstimate, InvalidInput, LineItem, UnpriceableTerms, to_cents
from advocate.domain.health import VARIANT_NAMES, HealthPlanTerms, LimitSet, MetalLevel
from advocate.domain.health_needs import HasAge, MemberUse

BASE_ASSUMPTIONS = (
    "Premiums are the annual premium after any premium tax credit, as given; no tax is "
    "included or added.",
    "Out-of-pocket covers in-network care only; out-of-network care and balance billing are "
    "not modelled.",
    f"Expected and 95th-percentile out-of-pocket come from {SAMPLES} sampled years: each "
    "member's annual spending from MEPS figures for their age band (MEPS Research Findings #20 "
    "Table 2 scaled to 2014 by MEPS Statistical Brief #493; lognormal among people with any "
    "spending), members independent.",
    "A year of spending is modelled as office visits and everyday drugs first, then "
    "specialists, emergency care and specialty drugs, then hospital care "
    "(advocate/data/health/meps_2014/SOURCES.md).",
    "Claims go through the deductible first, then copays and coinsurance, capped by the "
    "out-of-pocket maximum; services the plan does not cover are paid in full and never "
    "capped.",
)


def estimate_health(offer_id: str, terms: HealthPlanTerms,
                    household_members: Sequence[HasAge | int], *,
                    annual_net_premium: Decimal, csr_variant: str = "standard",
                    stated_use: Sequence[MemberUse | None] | None = None) -> CostEstimate:
    """The household's whole-year cost of one plan (USD, premiums net of tax credit).

    Raises `UnpriceableTerms` when the plan leaves a needed amount unpublished ("See Plan
    Brochure", a blank), `InvalidInput` for an empty household, a bad age or premium.
    """
    ages = member_ages(household_members)
    premium = _premium(annual_net_premium)
    variant_name, notes = choose_variant(terms, csr_variant)
    variant = terms.variant(variant_name)
    result = oop_at_spending(variant, sample_years(ages))
    total = result.total
    expected_oop, p95 = float(total.mean()), float(np.quantile(total, 0.95))
    cap = household_moop(variant.medical_moop, variant.drug_moop, variant.combined_moop,
                         len(ages))
    stated = _stated(variant, ages, stated_use, notes)
    expected = to_cents(premium + Decimal(str(expected_oop)))
    lines = [LineItem("Premiums after tax credit", to_cents(premium), Decimal(12), "month",
                      to_cents(premium / 12))]
    lines += [LineItem(f"Expected out-of-pocket: {name.replace('_', ' ')}",
                       to_cents(float(part.mean()))) for name, part in result.parts.items()]
    if terms.is_catastrophic:
        notes.append("Catastrophic plan: no premium tax credit can be applied to it.")
    return CostEstimate(
        offer_id=offer_id, currency="USD", includes_tax=False, expected=expected,
        with_conditional_discounts=expected, without_conditional_discounts=expected,
        breakdown=tuple(lines),
        assumptions=BASE_ASSUMPTIONS + tuple(dict.fromkeys([*result.assumptions, *notes])),
        bad_year=to_cents(premium + Decimal(str(p95))),
        worst_case=to_cents(premium + cap),
        at_stated_use=None if stated is None else to_cents(premium + stated.total),
        details=_details(variant_name, ages, result, expected_oop, p95, cap, stated))


def member_ages(members: Sequence[HasAge | int]) -> list[int]:
    """Ages in whole years; `InvalidInput` names a member with none usable."""
    if not members:
        raise InvalidInput("the household needs at least one member", field="household")
    ages = [m if isinstance(m, int) else getattr(m, "age", None) for m in members]
    for index, age in enumerate(ages):
        if not isinstance(age, int) or not 0 <= age <= 120:
            raise InvalidInput(f"member {index + 1} needs an age from 0 to 120",
                               field=f"household[{index}].age")
    return ages


def choose_variant(terms: HealthPlanTerms, csr_variant: str) -> tuple[str, list[str]]:
    """The variant to price: CSR variants exist on silver plans only (45 CFR 155.305(g),
    156.420); elsewhere the standard cost sharing applies."""
    if csr_variant not in VARIANT_NAMES:
        raise InvalidInput(f"unknown cost-sharing variant {csr_variant!r}; known: "
                           f"{', '.join(VARIANT_NAMES)}", field="csr_variant")
    if csr_variant in terms.variants:
        return csr_variant, []
    if terms.metal_level is not MetalLevel.SILVER:
        return "standard", [f"Cost-sharing reductions ({csr_variant} %) apply to silver plans "
                            f"only; this {terms.metal_level.value} plan keeps its standard "
                            f"cost sharing."]
    raise UnpriceableTerms(f"silver plan {terms.plan_id} publishes no {csr_variant} % "
                           f"cost-sharing variant", field="csr_variant")


def household_moop(medical: LimitSet, drug: LimitSet, combined: bool, members: int) -> Decimal:
    """The most the household can pay for covered care in a year (USD)."""
    caps = [medical] if combined else [medical, drug]
    total = Decimal(0)
    for limits in caps:
        own = limits.family_per_person if members > 1 and limits.family_per_person.known \
            else limits.individual
        amounts = [own.amount * members] if own.known else []
        if members > 1 and limits.family.known:
            amounts.append(limits.family.amount)
        if not amounts or (members > 1 and not limits.family.known):
            raise UnpriceableTerms("the out-of-pocket maximum of this coverage is not "
                                   "published", field="moop")
        total += min(amounts)
    return total


def _premium(value: Decimal) -> Decimal:
    premium = Decimal(str(value))
    if not premium.is_finite() or premium < 0:
        raise InvalidInput("the annual net premium must be a non-negative amount",
                           field="annual_net_premium")
    return premium


def _stated(variant, ages, stated_use, notes):
    if stated_use is None:
        return None
    items, said = stated_items(ages, stated_use)
    notes.extend(said)
    return breakdown(Engine(variant, members=len(ages), grid=1).run(items), column=0)


def _details(variant_name, ages, result, expected_oop, p95, cap, stated) -> dict:
    total = result.total
    return {
        "cost_sharing_variant": variant_name,
        "out_of_pocket": {
            "expected": to_cents(expected_oop), "median": to_cents(float(np.median(total))),
            "p95": to_cents(p95), "covered_maximum": to_cents(cap),
            "not_covered_expected": to_cents(float(result.not_covered.mean())),
        },
        "expected_by_service": {s.value: to_cents(float(v.mean()))
                                for s, v in sorted(result.by_service.items())},
        "members": [{"age": age, "age_band": band_for(age).name} for age in ages],
        "at_stated_use": None if stated is None else {
            "out_of_pocket": stated.total, "allowed": stated.allowed,
            "deductible": stated.deductible, "copays": stated.copays,
            "coinsurance": stated.coinsurance, "not_covered": stated.not_covered},
    }
