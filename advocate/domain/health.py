"""US individual-market health plans (ACA QHPs) as advocate knows them: `HealthPlanTerms`.

One `HealthPlanTerms` is one plan as sold in one county (a QHP landscape row). Money is USD:
premiums are monthly and before any premium tax credit; deductibles and out-of-pocket
maximums (MOOPs) are per plan year. `variants` holds the standard cost sharing under
"standard" and the silver cost-sharing-reduction variants under "73", "87" and "94" (the
actuarial value in percent) when the plan has them.

When a drug deductible or MOOP reads "Included in Medical", medical and drug claims share one
deductible or one MOOP; `CostSharingVariant.combined_deductible` / `combined_moop` say so.
Catastrophic plans are flagged: no premium tax credit applies to them (26 U.S.C. 36B(c)(3)(A)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from advocate.domain.health_costshare import (
    BLANK_LIMIT,
    DRUG_SERVICES,
    PUBLISHED_SERVICES,
    CostShare,
    Coverage,
    Deductible,
    Limit,
    LimitKind,
    LimitSet,
    Per,
    Service,
)

__all__ = [
    "BLANK_LIMIT", "DRUG_SERVICES", "PUBLISHED_SERVICES", "VARIANT_NAMES", "CostShare",
    "CostSharingVariant", "Coverage", "Deductible", "HealthPlanTerms", "Limit", "LimitKind",
    "LimitSet", "MetalLevel", "Per", "PlanType", "Service",
]

VARIANT_NAMES = ("standard", "73", "87", "94")


class MetalLevel(StrEnum):
    """ACA metal tiers (live data also has "Expanded Bronze")."""

    CATASTROPHIC = "Catastrophic"
    BRONZE = "Bronze"
    EXPANDED_BRONZE = "Expanded Bronze"
    SILVER = "Silver"
    GOLD = "Gold"
    PLATINUM = "Platinum"


class PlanType(StrEnum):
    """Network types as the Marketplace names them."""

    HMO = "HMO"
    PPO = "PPO"
    EPO = "EPO"
    POS = "POS"
    INDEMNITY = "Indemnity"


@dataclass(frozen=True)
class CostSharingVariant:
    """Deductibles, MOOPs and per-service cost sharing of one plan variant (in-network)."""

    name: str
    medical_deductible: LimitSet
    drug_deductible: LimitSet
    medical_moop: LimitSet
    drug_moop: LimitSet
    services: dict[Service, CostShare] = field(default_factory=dict)

    @property
    def combined_deductible(self) -> bool:
        """True when drug claims share the medical deductible ("Included in Medical")."""
        return self.drug_deductible.individual.kind is LimitKind.INCLUDED_IN_MEDICAL

    @property
    def combined_moop(self) -> bool:
        """True when drug claims share the medical out-of-pocket maximum."""
        return self.drug_moop.individual.kind is LimitKind.INCLUDED_IN_MEDICAL

    def to_json(self) -> dict[str, Any]:
        """JSON form."""
        return {"name": self.name,
                "medical_deductible": self.medical_deductible.to_json(),
                "drug_deductible": self.drug_deductible.to_json(),
                "medical_moop": self.medical_moop.to_json(),
                "drug_moop": self.drug_moop.to_json(),
                "services": {s.value: cs.to_json() for s, cs in self.services.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CostSharingVariant:
        """Rebuild from `to_json()` output."""
        return cls(name=data["name"],
                   medical_deductible=LimitSet.from_json(data["medical_deductible"]),
                   drug_deductible=LimitSet.from_json(data["drug_deductible"]),
                   medical_moop=LimitSet.from_json(data["medical_moop"]),
                   drug_moop=LimitSet.from_json(data["drug_moop"]),
                   services={Service(k): CostShare.from_json(v)
                             for k, v in data["services"].items()})


@dataclass(frozen=True)
class HealthPlanTerms:
    """One QHP in one county: identity, premiums (monthly USD, before tax credit), cost sharing.

    `premiums` keeps every premium the file gives, keyed by its normalised column name
    (e.g. "premium_adult_individual_age_21", "couple_1_child_age_30"), rounded to cents.
    """

    plan_id: str
    plan_name: str
    issuer_name: str
    issuer_id: str
    metal_level: MetalLevel
    plan_type: PlanType
    state: str
    county_name: str
    county_fips: str | None
    rating_area: str
    child_only_offering: str
    premiums: dict[str, Decimal]
    variants: dict[str, CostSharingVariant]
    ehb_percent: Decimal | None = None
    sbc_url: str | None = None
    network_url: str | None = None
    formulary_url: str | None = None
    brochure_url: str | None = None
    adult_dental: bool | None = None
    child_dental: bool | None = None
    source: str | None = None  # the publisher's "Source": HIOS, SERFF or OPM
    plan_year: int | None = None

    @property
    def premium_age_21(self) -> Decimal | None:
        """The monthly premium of a single adult aged 21 (USD, before tax credit)."""
        return self.premiums.get("premium_adult_individual_age_21")

    @property
    def is_catastrophic(self) -> bool:
        """True for catastrophic plans, which no premium tax credit can be applied to."""
        return self.metal_level is MetalLevel.CATASTROPHIC

    @property
    def tax_credit_eligible(self) -> bool:
        """False for catastrophic plans (26 U.S.C. 36B(c)(3)(A): only metal-level QHPs)."""
        return not self.is_catastrophic

    def variant(self, name: str = "standard") -> CostSharingVariant:
        """The named cost-sharing variant; KeyError names the ones the plan has."""
        try:
            return self.variants[name]
        except KeyError:
            raise KeyError(f"plan {self.plan_id} has no {name!r} variant; it has "
                           f"{', '.join(self.variants)}") from None

    def to_json(self) -> dict[str, Any]:
        """JSON form: Decimals as strings, enums as their values."""
        data = {name: getattr(self, name) for name in _PLAIN_FIELDS}
        data.update(metal_level=self.metal_level.value, plan_type=self.plan_type.value,
                    premiums={k: str(v) for k, v in self.premiums.items()},
                    variants={k: v.to_json() for k, v in self.variants.items()},
                    ehb_percent=None if self.ehb_percent is None else str(self.ehb_percent))
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HealthPlanTerms:
        """Rebuild from `to_json()` output."""
        plain = {name: data.get(name) for name in _PLAIN_FIELDS}
        ehb = data.get("ehb_percent")
        return cls(**plain, metal_level=MetalLevel(data["metal_level"]),
                   plan_type=PlanType(data["plan_type"]),
                   premiums={k: Decimal(v) for k, v in data["premiums"].items()},
                   variants={k: CostSharingVariant.from_json(v)
                             for k, v in data["variants"].items()},
                   ehb_percent=None if ehb is None else Decimal(ehb))


_PLAIN_FIELDS = ("plan_id", "plan_name", "issuer_name", "issuer_id", "state", "county_name",
                 "county_fips", "rating_area", "child_only_offering", "sbc_url", "network_url",
                 "formulary_url", "brochure_url", "adult_dental", "child_dental", "source",
                 "plan_year")
