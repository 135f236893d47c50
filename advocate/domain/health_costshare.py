"""What a health plan charges per service and how large its deductibles and caps are.

The meanings follow the CMS Plans & Benefits template options, as restated in the HL7 Da Vinci
US Drug Formulary IG (CodeSystem usdf-CostShareOptionCS) and CMSgov/QHP-provider-formulary-APIs
(`copay_opt`, `coinsurance_opt`):

- a bare amount ("$30", "20%") is the "Charge" option: the member always pays just that and the
  benefit is not subject to the deductible;
- "after deductible": the member pays the allowed amount until the deductible is met, then the
  copay or coinsurance;
- "before deductible" (copays only): the member pays the copay first and the remaining allowed
  amount accrues to the deductible;
- "No Charge" is no cost sharing and no deductible; "No Charge after deductible" is nothing to
  pay once the deductible is met (the same as "0% Coinsurance after deductible").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Service(StrEnum):
    """The services whose cost sharing a QHP landscape file publishes (plus preventive care)."""

    PRIMARY_CARE = "primary_care"
    SPECIALIST = "specialist"
    EMERGENCY_ROOM = "emergency_room"
    INPATIENT_FACILITY = "inpatient_facility"
    INPATIENT_PHYSICIAN = "inpatient_physician"
    GENERIC_DRUGS = "generic_drugs"
    PREFERRED_BRAND_DRUGS = "preferred_brand_drugs"
    NON_PREFERRED_BRAND_DRUGS = "non_preferred_brand_drugs"
    SPECIALTY_DRUGS = "specialty_drugs"
    # In-network preventive care carries no cost sharing by law (PHS Act §2713, 45 CFR 147.130);
    # the landscape file has no column for it.
    PREVENTIVE = "preventive"


DRUG_SERVICES = frozenset({Service.GENERIC_DRUGS, Service.PREFERRED_BRAND_DRUGS,
                           Service.NON_PREFERRED_BRAND_DRUGS, Service.SPECIALTY_DRUGS})
PUBLISHED_SERVICES = tuple(s for s in Service if s is not Service.PREVENTIVE)


class Coverage(StrEnum):
    """Whether the publisher's text prices the service."""

    COVERED = "covered"
    NOT_COVERED = "not_covered"  # the member pays everything; it never counts toward the MOOP
    NOT_APPLICABLE = "not_applicable"
    SEE_PLAN_BROCHURE = "see_plan_brochure"  # the file does not say: unpriceable
    BLANK = "blank"  # the cell is empty


class Deductible(StrEnum):
    """How one cost-sharing component relates to the deductible."""

    NOT_APPLIED = "not_applied"
    AFTER = "after"
    BEFORE = "before"


_WHEN = {Deductible.NOT_APPLIED: "no deductible", Deductible.AFTER: "after the deductible",
         Deductible.BEFORE: "before the deductible (the rest counts toward it)"}


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


class Per(StrEnum):
    """What one copay is charged for."""

    VISIT = "visit"  # one visit, one prescription fill, one ER visit
    STAY = "stay"
    DAY = "day"


@dataclass(frozen=True)
class CostShare:
    """The member's share for one service. `coinsurance` is a fraction (0.2 for 20 %); money is
    USD. `text` is the publisher's text it was parsed from."""

    text: str
    coverage: Coverage = Coverage.COVERED
    copay: Decimal | None = None
    copay_per: Per = Per.VISIT
    copay_deductible: Deductible = Deductible.NOT_APPLIED
    coinsurance: Decimal | None = None
    coinsurance_deductible: Deductible = Deductible.NOT_APPLIED

    @property
    def subject_to_deductible(self) -> bool:
        """True when any part of the allowed amount waits for the deductible."""
        return Deductible.AFTER in (self.copay_deductible, self.coinsurance_deductible) or (
            self.copay is not None and self.copay_deductible is Deductible.BEFORE)

    def describe(self) -> str:
        """The parsed meaning in plain words, e.g. "$400 copay per visit, no deductible; then
        20% coinsurance after the deductible"."""
        if self.coverage is not Coverage.COVERED:
            return self.coverage.value.replace("_", " ")
        if self.copay is None and not self.coinsurance:
            when = self.coinsurance_deductible if self.coinsurance is not None else None
            return "no charge, " + (_WHEN[when] if when else "no deductible")
        parts = []
        if self.copay is not None:
            parts.append(f"${_plain(self.copay)} copay per {self.copay_per.value}, "
                         f"{_WHEN[self.copay_deductible]}")
        if self.coinsurance is not None:
            parts.append(f"{_plain(self.coinsurance * 100)}% coinsurance, "
                         f"{_WHEN[self.coinsurance_deductible]}")
        return "; then ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """JSON form: Decimals as strings."""
        return {"text": self.text, "coverage": self.coverage.value,
                "copay": _dec_out(self.copay), "copay_per": self.copay_per.value,
                "copay_deductible": self.copay_deductible.value,
                "coinsurance": _dec_out(self.coinsurance),
                "coinsurance_deductible": self.coinsurance_deductible.value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CostShare:
        """Rebuild from `to_json()` output."""
        return cls(text=data["text"], coverage=Coverage(data["coverage"]),
                   copay=_dec_in(data["copay"]), copay_per=Per(data["copay_per"]),
                   copay_deductible=Deductible(data["copay_deductible"]),
                   coinsurance=_dec_in(data["coinsurance"]),
                   coinsurance_deductible=Deductible(data["coinsurance_deductible"]))


class LimitKind(StrEnum):
    """What a deductible or out-of-pocket maximum cell holds."""

    AMOUNT = "amount"
    INCLUDED_IN_MEDICAL = "included_in_medical"  # drugs share the medical deductible / MOOP
    NOT_APPLICABLE = "not_applicable"
    SEE_PLAN_BROCHURE = "see_plan_brochure"
    BLANK = "blank"


@dataclass(frozen=True)
class Limit:
    """One deductible or out-of-pocket maximum (USD a year) as published."""

    kind: LimitKind
    amount: Decimal | None = None
    text: str = ""

    @property
    def known(self) -> bool:
        """True when the cell holds a dollar amount."""
        return self.kind is LimitKind.AMOUNT

    def to_json(self) -> dict[str, Any]:
        """JSON form: Decimals as strings."""
        return {"kind": self.kind.value, "amount": _dec_out(self.amount), "text": self.text}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Limit:
        """Rebuild from `to_json()` output."""
        return cls(kind=LimitKind(data["kind"]), amount=_dec_in(data["amount"]),
                   text=data.get("text", ""))


BLANK_LIMIT = Limit(LimitKind.BLANK)


@dataclass(frozen=True)
class LimitSet:
    """A deductible or MOOP for self-only coverage, for the whole family, and per person within
    family coverage (the embedded amount; later landscape files publish it)."""

    individual: Limit = BLANK_LIMIT
    family: Limit = BLANK_LIMIT
    family_per_person: Limit = BLANK_LIMIT

    def to_json(self) -> dict[str, Any]:
        """JSON form."""
        return {"individual": self.individual.to_json(), "family": self.family.to_json(),
                "family_per_person": self.family_per_person.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LimitSet:
        """Rebuild from `to_json()` output."""
        return cls(**{key: Limit.from_json(data[key])
                      for key in ("individual", "family", "family_per_person")})


def _dec_out(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _dec_in(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
