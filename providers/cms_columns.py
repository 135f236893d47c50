"""Column names of the CMS QHP Landscape (Individual Market, Medical) file.

CMS spells its headers with stray spaces ('Premium Adult Individual Age 30 ',
'Premium Couple 21  ') and punctuation ('Plan ID (Standard Component)', 'Couple+1 child, Age 21');
the bundled 2014 sample renamed them to snake_case. `normalise` maps both to one key: lower
case, every run of other characters turned into "_" ('Plan ID (Standard Component)' ->
'plan_id_standard_component'), plus the few renames in `ALIASES`. Every row body the adapter
emits uses these keys.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Current-format headers as CMS spells them (data-sources.md §1b; the column list of a
# third-party ETL that reads the published workbook with `header=1`). Used to recognise the
# header row and by tests and benchmarks to write real-shaped files.
LANDSCAPE_HEADERS: tuple[str, ...] = (
    "State Code", "FIPS County Code", "County Name", "Metal Level", "Issuer Name",
    "HIOS Issuer ID", "Plan ID (Standard Component)", "Plan Marketing Name", "Plan Type",
    "Rating Area", "Child Only Offering", "Source", "Customer Service Phone Number Local",
    "Customer Service Phone Number Toll Free", "Customer Service Phone Number TTY",
    "Network URL", "Plan Brochure URL", "Summary of Benefits URL", "Drug Formulary URL",
    "Adult Dental ", "Child Dental ", "EHB Percent of Total Premium", "Premium Scenarios",
    "Premium Child", "Premium Child Age 0-14", "Premium Child Age 18",
    "Premium Adult Individual Age 21", "Premium Adult Individual Age 27",
    "Premium Adult Individual Age 30 ", "Premium Adult Individual Age 40 ",
    "Premium Adult Individual Age 50 ", "Premium Adult Individual Age 60 ",
    "Premium Couple 21  ", "Premium Couple 30 ", "Premium Couple 40 ", "Premium Couple 50 ",
    "Premium Couple 60 ",
    "Couple+1 child, Age 21", "Couple+1 child, Age 30 ", "Couple+1 child, Age 40 ",
    "Couple+1 child, Age 50 ", "Couple+2 children, Age 21", "Couple+2 children, Age 30 ",
    "Couple+2 children, Age 40 ", "Couple+2 children, Age 50",
    "Couple+3 or more Children, Age 21", "Couple+3 or more Children, Age 30",
    "Couple+3 or more Children, Age 40", "Couple+3 or more Children, Age 50",
    *(f"{family}, Age {age}" for family in ("Individual+1 child", "Individual+2 children",
                                            "Individual+3 or more children")
      for age in (21, 30, 40, 50)),
    "Standard Plan Cost Sharing",
    *(header for variant in ("Standard", "73 Percent", "87 Percent", "94 Percent")
      for header in (
          *([f"{variant} Actuarial Value Silver Plan Cost Sharing"] if variant != "Standard"
            else []),
          *(f"{kind} - {who} - {variant}"
            for kind in ("Medical Deductible", "Drug Deductible")
            for who in ("Individual", "Family", "Family (Per Person)")),
          *(f"{kind} - {who} - {variant}"
            for kind in ("Medical Maximum Out Of Pocket", "Drug Maximum Out Of Pocket")
            for who in ("Individual", "Family", "Family (Per Person)")),
          *(f"{service} - {variant}" for service in (
              "Primary Care Physician", "Specialist", "Emergency Room", "Inpatient Facility",
              "Inpatient Physician", "Generic Drugs", "Preferred Brand Drugs",
              "Non-preferred Brand Drugs", "Specialty Drugs")))),
)

# Renames between the CMS spelling and the bundled sample's names (the sample is canonical).
ALIASES = {"state_code": "state", "county_name": "county"}
PLAN_ID = "plan_id_standard_component"
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(header: object) -> str:
    """The canonical key of one header cell ('' for an empty cell)."""
    key = _NOT_WORD.sub("_", str(header or "").lower()).strip("_")
    return ALIASES.get(key, key)


def header_keys(cells: Sequence[object]) -> list[str] | None:
    """Canonical keys when `cells` is a landscape header row (it names the plan ID column),
    else None."""
    keys = [normalise(cell) for cell in cells]
    return keys if PLAN_ID in keys and "metal_level" in keys else None
