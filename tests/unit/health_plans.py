"""Build small `HealthPlanTerms` from publisher text, for hand-worked out-of-pocket tests."""

from __future__ import annotations

from decimal import Decimal

from advocate.domain.health import (
    CostSharingVariant,
    HealthPlanTerms,
    LimitSet,
    MetalLevel,
    PlanType,
    Service,
)
from providers.cms_text import parse_cost_share, parse_limit


def limits(individual: str, family: str = "", per_person: str = "") -> LimitSet:
    """A LimitSet from the texts a landscape file would hold."""
    return LimitSet(parse_limit(individual, "individual"), parse_limit(family, "family"),
                    parse_limit(per_person, "family_per_person"))


def plan(services: dict[Service, str], *, deductible: LimitSet, moop: LimitSet,
         drug_deductible: LimitSet | None = None, drug_moop: LimitSet | None = None,
         plan_id: str = "12345TX0010001", metal: MetalLevel = MetalLevel.SILVER,
         plan_type: PlanType = PlanType.HMO, issuer: str = "Example Health",
         premium_21: str = "250.00", default: str = "No Charge") -> HealthPlanTerms:
    """One-variant terms; services not named cost `default`."""
    shares = {s: parse_cost_share(services.get(s, default), s.value)
              for s in Service if s is not Service.PREVENTIVE}
    variant = CostSharingVariant(
        name="standard", medical_deductible=deductible,
        drug_deductible=drug_deductible or limits("Included in Medical", "Included in Medical"),
        medical_moop=moop,
        drug_moop=drug_moop or limits("Included in Medical", "Included in Medical"),
        services=shares)
    return HealthPlanTerms(
        plan_id=plan_id, plan_name=f"{metal.value} {plan_type.value} {plan_id[-3:]}",
        issuer_name=issuer, issuer_id=plan_id[:5], metal_level=metal, plan_type=plan_type,
        state="TX", county_name="DALLAS", county_fips="48113", rating_area="Rating Area 8",
        child_only_offering="Allows Adult and Child-Only",
        premiums={"premium_adult_individual_age_21": Decimal(premium_21)},
        variants={"standard": variant})
