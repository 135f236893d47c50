"""One QHP landscape row (a dict with normalised keys) -> `HealthPlanTerms`.

Rules: premiums are kept for every premium column the row fills, rounded to cents (the bundled
sample carries binary-float noise such as 834.3199999999999); the issuer ID, when the file has
no 'HIOS Issuer ID' column, is the first five digits of the 14-character HIOS plan ID (its
documented structure: issuer, state, product, plan); the county FIPS code is the file's when
given, else the Census code for the county name in that state (`addfips`), else None.
A CSR variant (73/87/94 %) exists when any of its columns is filled.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache

from advocate.domain import ParseError
from advocate.domain.health import (
    VARIANT_NAMES,
    CostSharingVariant,
    HealthPlanTerms,
    LimitSet,
    MetalLevel,
    PlanType,
    Service,
)
from providers.cms_text import parse_cost_share, parse_limit

CENT = Decimal("0.01")
SERVICE_COLUMNS = {
    Service.PRIMARY_CARE: "primary_care_physician", Service.SPECIALIST: "specialist",
    Service.EMERGENCY_ROOM: "emergency_room",
    Service.INPATIENT_FACILITY: "inpatient_facility",
    Service.INPATIENT_PHYSICIAN: "inpatient_physician",
    Service.GENERIC_DRUGS: "generic_drugs",
    Service.PREFERRED_BRAND_DRUGS: "preferred_brand_drugs",
    Service.NON_PREFERRED_BRAND_DRUGS: "non_preferred_brand_drugs",
    Service.SPECIALTY_DRUGS: "specialty_drugs",
}
_PREMIUM = re.compile(r"^(premium_(child|adult|couple)|couple_\d|individual_\d)")
_HIOS_PLAN_ID = re.compile(r"^\d{5}[A-Z]{2}\d{7}$")


def terms_from_row(row: dict[str, str], *, plan_year: int | None = None) -> HealthPlanTerms:
    """Normalised terms of one landscape row; `ParseError` names the first unusable cell."""
    plan_id = _required(row, "plan_id_standard_component")
    if not _HIOS_PLAN_ID.match(plan_id):
        raise ParseError(f"plan ID {plan_id!r} is not a 14-character HIOS plan ID",
                         field="plan_id_standard_component")
    state = _required(row, "state").upper()
    county = _required(row, "county")
    return HealthPlanTerms(
        plan_id=plan_id, plan_name=_required(row, "plan_marketing_name"),
        issuer_name=_required(row, "issuer_name"),
        issuer_id=_text(row, "hios_issuer_id") or plan_id[:5],
        metal_level=_enum(MetalLevel, row, "metal_level"),
        plan_type=_enum(PlanType, row, "plan_type"),
        state=state, county_name=county, county_fips=county_fips(row, state, county),
        rating_area=_text(row, "rating_area") or "",
        child_only_offering=_text(row, "child_only_offering") or "",
        premiums=premiums(row), variants=variants(row), ehb_percent=_ehb(row),
        sbc_url=_text(row, "summary_of_benefits_url"), network_url=_text(row, "network_url"),
        formulary_url=_text(row, "drug_formulary_url"),
        brochure_url=_text(row, "plan_brochure_url"),
        adult_dental=_mark(row, "adult_dental"), child_dental=_mark(row, "child_dental"),
        source=_text(row, "source"), plan_year=plan_year)


def premiums(row: dict[str, str]) -> dict[str, Decimal]:
    """Every filled premium column, monthly USD rounded to cents."""
    found = {}
    for key in _premium_keys(tuple(row)):
        if _text(row, key) is not None:
            found[key] = _decimal(row[key], key).quantize(CENT, rounding=ROUND_HALF_UP)
    if "premium_adult_individual_age_21" not in found:
        raise ParseError("no premium for a single adult aged 21",
                         field="premium_adult_individual_age_21")
    return found


@lru_cache(maxsize=64)
def _premium_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(key for key in keys if _PREMIUM.match(key))


def variants(row: dict[str, str]) -> dict[str, CostSharingVariant]:
    """The standard cost sharing and each CSR variant the row fills."""
    found = {}
    for name in VARIANT_NAMES:
        suffix = "standard" if name == "standard" else f"{name}_percent"
        columns = _variant_columns(suffix)
        if name != "standard" and not any(_text(row, c) for c in columns):
            continue
        found[name] = _variant(row, name, suffix)
    return found


def _variant(row: dict[str, str], name: str, suffix: str) -> CostSharingVariant:
    def limits(kind: str) -> LimitSet:
        return LimitSet(**{who: parse_limit(row.get(f"{kind}_{col}_{suffix}"),
                                            f"{kind}_{col}_{suffix}")
                           for who, col in (("individual", "individual"),
                                            ("family", "family"),
                                            ("family_per_person", "family_per_person"))})

    services = {service: parse_cost_share(row.get(f"{column}_{suffix}"), f"{column}_{suffix}")
                for service, column in SERVICE_COLUMNS.items()}
    return CostSharingVariant(
        name=name, medical_deductible=limits("medical_deductible"),
        drug_deductible=limits("drug_deductible"),
        medical_moop=limits("medical_maximum_out_of_pocket"),
        drug_moop=limits("drug_maximum_out_of_pocket"), services=services)


@cache
def _variant_columns(suffix: str) -> tuple[str, ...]:
    limits = tuple(f"{kind}_{who}_{suffix}"
                   for kind in ("medical_deductible", "drug_deductible",
                                "medical_maximum_out_of_pocket", "drug_maximum_out_of_pocket")
                   for who in ("individual", "family", "family_per_person"))
    return limits + tuple(f"{column}_{suffix}" for column in SERVICE_COLUMNS.values())


def county_fips(row: dict[str, str], state: str, county: str) -> str | None:
    """The file's 5-digit county FIPS code, else the Census code for the name, else None."""
    given = _text(row, "fips_county_code")
    if given is not None:
        digits = given.split(".")[0]  # spreadsheets may hand the code over as a number
        if not digits.isdigit() or len(digits) > 5:
            raise ParseError(f"FIPS county code {given!r} is not numeric",
                             field="fips_county_code")
        return digits.zfill(5)
    return _census_fips(state, county)


@cache
def _census_fips(state: str, county: str) -> str | None:
    finder = _addfips()
    return (finder.get_county_fips(county, state)
            or finder.get_county_fips(county.replace(" ", ""), state))


@cache
def _addfips():
    import addfips

    return addfips.AddFIPS()


def _required(row: dict[str, str], key: str) -> str:
    value = _text(row, key)
    if value is None:
        raise ParseError(f"missing required column {key!r}", field=key)
    return value


def _text(row: dict[str, str], key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _decimal(value: str, key: str) -> Decimal:
    try:
        return Decimal(str(value).strip().replace("$", "").replace(",", ""))
    except InvalidOperation:
        raise ParseError(f"not a number in column {key!r}: {value!r}", field=key) from None


def _enum(enum: type, row: dict[str, str], key: str):
    value = _required(row, key)
    for member in enum:
        if member.value.lower() == value.lower():
            return member
    raise ParseError(f"unknown {key.replace('_', ' ')} {value!r}", field=key)


def _ehb(row: dict[str, str]) -> Decimal | None:
    value = _text(row, "ehb_percent_of_total_premium")
    if value is None:
        return None
    number = _decimal(value.rstrip("%"), "ehb_percent_of_total_premium")
    # A spreadsheet percent cell arrives as a fraction (0.9932), a text cell as "99.32%".
    return number * 100 if not value.endswith("%") and number <= 1 else number


def _mark(row: dict[str, str], key: str) -> bool | None:
    if key not in row:
        return None
    return (_text(row, key) or "").lower() == "x"
