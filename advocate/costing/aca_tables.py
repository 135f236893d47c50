"""The ACA reference tables shipped in advocate/data/health/tables, read and looked up by year.

Every number comes from a CSV whose folder has a SOURCES.md naming the publication, year and URL:
age_curves/ (45 CFR 147.102 federal default age curves and the states that do not use them),
poverty_guidelines/ (HHS poverty guidelines) and applicable_percentages/ (26 USC 36B tables and
income limits). A year with no table is refused with UnpriceableTerms naming the year, never
filled in from a neighbouring year.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from advocate.domain.errors import InvalidInput, UnpriceableTerms

TABLES_DIR = Path(__file__).resolve().parent.parent / "data" / "health" / "tables"

STATES = frozenset({
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY",
})


@cache
def read_table(relative_path: str) -> tuple[dict[str, str], ...]:
    """Rows of a shipped CSV as dicts, '#' note lines skipped; cached for the process."""
    with (TABLES_DIR / relative_path).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple(csv.DictReader(lines))


def check_state(state: str, *, field: str = "location.state") -> str:
    """The USPS code of one of the 50 states or DC, upper-cased; anything else is invalid input."""
    code = state.strip().upper() if isinstance(state, str) else ""
    if code not in STATES:
        raise InvalidInput(f"{state!r} is not a US state or DC postal code", field=field)
    return code


@dataclass(frozen=True)
class AgeCurve:
    """One federal default age curve: (first age, last age or None for 'and older', factor)."""

    name: str
    first_plan_year: int
    last_plan_year: int
    bands: tuple[tuple[int, int | None, Decimal], ...]

    def factor(self, age: int) -> Decimal:
        """The rating factor for a whole-year age (relative to age 21 = 1.000)."""
        for first, last, factor in self.bands:
            if first <= age and (last is None or age <= last):
                return factor
        raise InvalidInput(f"age {age} is outside the age curve", field="household.members.age")


@cache
def age_curve(plan_year: int) -> AgeCurve:
    """The federal default age curve in force for `plan_year` (45 CFR 147.102(d)-(e))."""
    for row in read_table("age_curves/curves.csv"):
        first, last = int(row["first_plan_year"]), int(row["last_plan_year"])
        if first <= plan_year <= last:
            bands = tuple(
                (int(b["age_from"]), int(b["age_to"]) if b["age_to"] else None,
                 Decimal(b["factor"]))
                for b in read_table(f"age_curves/{row['file']}")
            )
            return AgeCurve(row["curve"], first, last, bands)
    raise UnpriceableTerms(
        f"no age curve shipped for plan year {plan_year}",
        details={"plan_year": plan_year, "available": _years("age_curves/curves.csv")},
    )


def state_age_rating(state: str, plan_year: int) -> str | None:
    """'state_curve' or 'no_age_rating' when `state` does not use the federal default curve.

    Uses the CMS snapshot that governs `plan_year`; for years no snapshot governs, a state listed
    in any snapshot is reported (refusing is recoverable, a premium on the wrong curve is not).
    """
    rows = read_table("age_curves/state_exceptions.csv")
    governed = [r for r in rows if int(r["plan_year"]) == plan_year]
    for row in governed or rows:
        if row["state"] == state:
            return row["rule"]
    return None


@dataclass(frozen=True)
class PtcYear:
    """The premium tax credit rules of one coverage year."""

    coverage_year: int
    poverty_guideline_year: int
    income_limit_fpl: Decimal | None
    table_source: str
    bands: tuple[tuple[Decimal, Decimal | None, Decimal, Decimal], ...]


@cache
def ptc_year(coverage_year: int) -> PtcYear:
    """Applicable-percentage bands, income limit and poverty-guideline year for `coverage_year`."""
    for row in read_table("applicable_percentages/years.csv"):
        if int(row["coverage_year"]) == coverage_year:
            limit = Decimal(row["income_limit_fpl"]) if row["income_limit_fpl"] else None
            return PtcYear(coverage_year, int(row["poverty_guideline_year"]), limit,
                           row["table_source"], _bands(coverage_year))
    raise UnpriceableTerms(
        f"no premium tax credit table shipped for coverage year {coverage_year}",
        details={"plan_year": coverage_year,
                 "available": _years("applicable_percentages/years.csv", "coverage_year")},
    )


def _bands(coverage_year: int) -> tuple[tuple[Decimal, Decimal | None, Decimal, Decimal], ...]:
    return tuple(
        (Decimal(r["fpl_from"]), Decimal(r["fpl_to"]) if r["fpl_to"] else None,
         Decimal(r["initial_pct"]), Decimal(r["final_pct"]))
        for r in read_table("applicable_percentages/table.csv")
        if int(r["coverage_year"]) == coverage_year
    )


def poverty_guideline(guideline_year: int, state: str, household_size: int) -> Decimal:
    """HHS poverty guideline (USD per year) for a household of `household_size` in `state`."""
    region = state if state in ("AK", "HI") else "48"
    for row in read_table("poverty_guidelines/guidelines.csv"):
        if int(row["guideline_year"]) == guideline_year and row["region"] == region:
            if household_size <= 8:
                return Decimal(row[f"size_{household_size}"])
            extra = Decimal(row["each_additional"]) * (household_size - 8)
            return Decimal(row["size_8"]) + extra
    raise UnpriceableTerms(
        f"no HHS poverty guidelines shipped for {guideline_year}",
        details={"guideline_year": guideline_year,
                 "available": _years("poverty_guidelines/guidelines.csv", "guideline_year")},
    )


def _years(relative_path: str, column: str | None = None) -> list[str]:
    rows = read_table(relative_path)
    if column is None:
        return [f"{r['first_plan_year']}-{r['last_plan_year']}" for r in rows]
    return sorted({r[column] for r in rows})
