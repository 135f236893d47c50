"""Premium tax credit (26 USC 36B) and cost-sharing-reduction variant for one household and plan.

How the credit is worked out, step by step, and where each rule comes from:

1. Poverty line: the HHS guideline for the household size and state (48 states + DC, Alaska,
   Hawaii). Coverage year N uses the guidelines published in year N-1, "the most recently
   published ... as of the first day of the regular enrollment period" (26 CFR 1.36B-1(h)).
2. Income as % of the poverty line, kept exact (no rounding) for the band tests below.
3. Eligibility: no credit below 100 % (36B(c)(1)(A)); none above 400 % except in 2021-2025
   (36B(c)(1)(A), (E)); none for a catastrophic plan (36B(c)(3)(A), ACA s.1302(e)). People eligible
   for Medicaid get no credit (36B(c)(2)(B)): adults up to 138 % in expansion states (133 % plus
   the 5-point disregard, 42 CFR 435.603(d)(4)), so that range is reported, not priced, when the
   caller says the state expanded Medicaid and flagged when the caller does not know.
4. Applicable percentage: linear within the year's band, rounded to 0.01 % (26 CFR 1.36B-3(g)).
   (Form 8962 works from a whole-number income % and a pre-computed table, which can differ by
   a few hundredths of a percent; the regulation is followed here.)
5. Expected contribution = applicable % x annual income / 12 (36B(b)(2)(B)(ii)).
6. Credit = max(0, benchmark premium - contribution), at most the enrolled plan's premium
   (36B(b)(2)); both premiums only for their essential-health-benefit share when it is given
   (26 CFR 1.36B-3(j)). The benchmark premium is the household's second-lowest-cost silver
   premium (advocate/costing/benchmark_plan.py), without any tobacco surcharge (1.36B-3(e)).

An income band gives the credit at both ends and at any eligibility threshold inside the band, so
the range is exact. Tables: advocate/data/health/tables/{poverty_guidelines,applicable_percentages}.
Amounts are USD per month unless named annual; credits are rounded to the cent at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from advocate.costing.aca_tables import PtcYear, check_state, poverty_guideline, ptc_year
from advocate.domain.errors import InvalidInput, UnpriceableTerms

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
POVERTY_FLOOR_FPL = Decimal(100)
MEDICAID_EXPANSION_FPL = Decimal(138)
METAL_LEVELS = frozenset({"catastrophic", "bronze", "expanded bronze", "silver", "gold",
                          "platinum"})
CSR_BANDS = ((Decimal(150), 94), (Decimal(200), 87), (Decimal(250), 73))


class CreditStatus(StrEnum):
    """Why a household does or does not get a credit at one income."""

    ELIGIBLE = "eligible"
    BELOW_POVERTY_LINE = "below_100_fpl"
    MEDICAID_RANGE = "medicaid_range"
    ABOVE_INCOME_LIMIT = "above_income_limit"
    CATASTROPHIC_PLAN = "catastrophic_plan"


@dataclass(frozen=True)
class IncomeBand:
    """Household income known only as a range: USD per year, modified AGI (26 CFR 1.36B-1(e))."""

    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class CreditAtIncome:
    """The credit at one annual income (USD/year): each step of the computation."""

    income: Decimal
    fpl_percent: Decimal
    status: CreditStatus
    applicable_percentage: Decimal | None
    expected_contribution: Decimal | None
    monthly_credit: Decimal
    csr_variant: int | None


@dataclass(frozen=True)
class TaxCredit:
    """The premium tax credit on one plan for one household; USD per month."""

    coverage_year: int
    household_size: int
    poverty_guideline: Decimal
    poverty_guideline_year: int
    benchmark_premium: Decimal
    plan_premium: Decimal
    points: tuple[CreditAtIncome, ...]
    notes: tuple[str, ...]

    @property
    def monthly_credit_min(self) -> Decimal:
        """The credit the household can count on anywhere in its income band."""
        return min(p.monthly_credit for p in self.points)

    @property
    def monthly_credit_max(self) -> Decimal:
        """The largest credit anywhere in the income band."""
        return max(p.monthly_credit for p in self.points)


def tax_credit(income: Decimal | IncomeBand, *, household_size: int, state: str,
               coverage_year: int, benchmark_premium: Decimal, plan_premium: Decimal,
               metal_level: str, plan_ehb_share: Decimal | None = None,
               benchmark_ehb_share: Decimal | None = None,
               medicaid_expansion: bool | None = None) -> TaxCredit:
    """Monthly premium tax credit on a plan for a household with `income` (a number or a band)."""
    state, metal = check_state(state), _metal(metal_level)
    rules, size = ptc_year(coverage_year), _size(household_size)
    line = poverty_guideline(rules.poverty_guideline_year, state, size)
    bench = _ehb(benchmark_premium, benchmark_ehb_share, "benchmark")
    plan = _ehb(plan_premium, plan_ehb_share, "plan")
    incomes = _incomes(income, line, medicaid_expansion)
    points = tuple(_at_income(i, line, rules, bench, plan, metal, medicaid_expansion)
                   for i in incomes)
    notes = _notes(rules, points, plan_ehb_share, benchmark_ehb_share, medicaid_expansion)
    return TaxCredit(coverage_year, size, line, rules.poverty_guideline_year, bench, plan,
                     points, notes)


def applicable_percentage(fpl_percent: Decimal, rules: PtcYear) -> Decimal | None:
    """The year's applicable percentage at `fpl_percent`, or None above the income limit."""
    limit = rules.income_limit_fpl
    if limit is not None and fpl_percent > limit:
        return None
    for low, high, initial, final in rules.bands:
        if low <= fpl_percent and (high is None or fpl_percent < high
                                   or fpl_percent == high == limit):
            if high is None or initial == final:
                return initial
            slope = (final - initial) / (high - low)
            return (initial + slope * (fpl_percent - low)).quantize(CENT, ROUND_HALF_UP)
    raise UnpriceableTerms(f"no applicable-percentage band for {fpl_percent}% of the poverty line")


def csr_variant(fpl_percent: Decimal, *, metal_level: str, ptc_eligible: bool = True) -> int | None:
    """The silver plan variant (94, 87 or 73 % actuarial value) the household gets, or None.

    45 CFR 155.305(g)(2): 100-150 % of the poverty line -> 94; over 150 to 200 -> 87; over 200 to
    250 -> 73; only for silver plans and only for people eligible for the credit (155.305(g)(1)).
    """
    if _metal(metal_level) != "silver" or not ptc_eligible or fpl_percent < POVERTY_FLOOR_FPL:
        return None
    return next((variant for top, variant in CSR_BANDS if fpl_percent <= top), None)


def _at_income(income: Decimal, line: Decimal, rules: PtcYear, bench: Decimal, plan: Decimal,
               metal: str, expansion: bool | None) -> CreditAtIncome:
    fpl = income / line * HUNDRED
    status = _status(fpl, rules, metal, expansion)
    pct = applicable_percentage(fpl, rules) if fpl >= POVERTY_FLOOR_FPL else None
    contribution = income * pct / HUNDRED / 12 if pct is not None else None
    credit = Decimal(0)
    if status is CreditStatus.ELIGIBLE and contribution is not None:
        credit = min(plan, max(Decimal(0), bench - contribution))
    eligible = status is CreditStatus.ELIGIBLE
    return CreditAtIncome(
        income, fpl.quantize(CENT, ROUND_HALF_UP), status, pct,
        contribution.quantize(CENT, ROUND_HALF_UP) if contribution is not None else None,
        credit.quantize(CENT, ROUND_HALF_UP), csr_variant(fpl, metal_level=metal,
                                                          ptc_eligible=eligible))


def _status(fpl: Decimal, rules: PtcYear, metal: str, expansion: bool | None) -> CreditStatus:
    if fpl < POVERTY_FLOOR_FPL:
        return CreditStatus.BELOW_POVERTY_LINE
    if expansion and fpl < MEDICAID_EXPANSION_FPL:
        return CreditStatus.MEDICAID_RANGE
    if rules.income_limit_fpl is not None and fpl > rules.income_limit_fpl:
        return CreditStatus.ABOVE_INCOME_LIMIT
    if metal == "catastrophic":
        return CreditStatus.CATASTROPHIC_PLAN
    return CreditStatus.ELIGIBLE


def _incomes(income: Decimal | IncomeBand, line: Decimal,
             expansion: bool | None) -> tuple[Decimal, ...]:
    if not isinstance(income, IncomeBand):
        return (_money(income, "household.income"),)
    low, high = _money(income.low, "household.income.low"), _money(income.high,
                                                                   "household.income.high")
    if low > high:
        raise InvalidInput("the income band's low end is above its high end",
                           field="household.income")
    floors = [POVERTY_FLOOR_FPL] + ([MEDICAID_EXPANSION_FPL] if expansion else [])
    inside = [line * f / HUNDRED for f in floors if low < line * f / HUNDRED < high]
    return tuple(sorted({low, high, *inside}))


def _money(value: Decimal, field: str) -> Decimal:
    try:
        amount = None if isinstance(value, bool) else Decimal(str(value))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise InvalidInput("income must be a non-negative amount in USD per year", field=field)
    return amount


def _ehb(premium: Decimal, share: Decimal | None, which: str) -> Decimal:
    amount = Decimal(str(premium))
    if not amount.is_finite() or amount < 0:
        raise UnpriceableTerms(f"the {which} premium is not a usable amount ({premium!r})")
    if share is None:
        return amount
    if not Decimal(0) < share <= Decimal(1):
        raise UnpriceableTerms(f"the {which} EHB share {share!r} is not between 0 and 1")
    return amount * share


def _metal(metal_level: str) -> str:
    metal = metal_level.strip().lower() if isinstance(metal_level, str) else ""
    if metal not in METAL_LEVELS:
        raise UnpriceableTerms(f"unknown metal level {metal_level!r}")
    return metal


def _size(household_size: int) -> int:
    whole = isinstance(household_size, int) and not isinstance(household_size, bool)
    if not whole or household_size < 1:
        raise InvalidInput("household size must be a whole number of at least 1",
                           field="household.size")
    return household_size


def _notes(rules: PtcYear, points: tuple[CreditAtIncome, ...], plan_share: Decimal | None,
           bench_share: Decimal | None, expansion: bool | None) -> tuple[str, ...]:
    notes = [f"coverage year {rules.coverage_year} uses the {rules.poverty_guideline_year} HHS "
             "poverty guidelines (26 CFR 1.36B-1(h))",
             f"applicable percentages: {rules.table_source}"]
    if rules.income_limit_fpl is None:
        notes.append("no 400% income limit in this year (26 USC 36B(c)(1)(E))")
    if plan_share is None or bench_share is None:
        notes.append("premiums taken as wholly essential health benefits where no EHB share "
                     "was given (26 CFR 1.36B-3(j))")
    if any(p.status is CreditStatus.BELOW_POVERTY_LINE for p in points):
        notes.append("below 100% of the poverty line there is no premium tax credit: Medicaid "
                     "where the state expanded it, otherwise the coverage gap (lawfully present "
                     "immigrants not eligible for Medicaid are the exception, 36B(c)(1)(B))")
    if any(p.status is CreditStatus.MEDICAID_RANGE for p in points):
        notes.append("below 138% of the poverty line in an expansion state the household is "
                     "likely eligible for Medicaid, which rules out the credit (36B(c)(2)(B))")
    elif expansion is None and any(POVERTY_FLOOR_FPL <= p.fpl_percent < MEDICAID_EXPANSION_FPL
                                   for p in points):
        notes.append("if the state expanded Medicaid, income under 138% of the poverty line "
                     "means Medicaid instead of this credit")
    return tuple(notes)
