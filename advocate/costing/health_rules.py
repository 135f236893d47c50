"""Household and plan rules shared by the health cost estimates and the dominance check:
usable ages, the cost-sharing variant to price, the household's out-of-pocket maximum."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from advocate.domain import InvalidInput, UnpriceableTerms
from advocate.domain.health import VARIANT_NAMES, HealthPlanTerms, LimitSet, MetalLevel
from advocate.domain.health_needs import HasAge


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


def annual_premium(value: Decimal) -> Decimal:
    """The annual net premium as a Decimal; `InvalidInput` when negative or not finite."""
    premium = Decimal(str(value))
    if not premium.is_finite() or premium < 0:
        raise InvalidInput("the annual net premium must be a non-negative amount",
                           field="annual_net_premium")
    return premium
