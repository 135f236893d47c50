"""Premium tax credit rules: poverty lines by year, applicable percentages, limits, CSR bands."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocate.costing.aca_tables import poverty_guideline, ptc_year
from advocate.costing.subsidies import (
    CreditStatus,
    IncomeBand,
    applicable_percentage,
    csr_variant,
    tax_credit,
)
from advocate.domain.errors import InvalidInput, UnpriceableTerms

BENCHMARK = Decimal("272.30")


def _credit(income, *, year=2014, size=1, state="TX", plan=BENCHMARK, metal="Silver", **kw):
    return tax_credit(income, household_size=size, state=state, coverage_year=year,
                      benchmark_premium=kw.pop("benchmark", BENCHMARK), plan_premium=plan,
                      metal_level=metal, **kw)


@pytest.mark.parametrize(("coverage_year", "state", "size", "line"), [
    (2014, "TX", 1, 11490),   # 2013 guidelines, 48 states
    (2014, "AK", 1, 14350),
    (2014, "HI", 3, 22470),
    (2015, "NC", 4, 23850),   # 2014 guidelines
    (2016, "HI", 1, 13550),   # 2015 guidelines
    (2024, "DC", 10, 60840),  # 2023: size 8 = 50,560, plus 2 x 5,140
    (2025, "AK", 2, 25540),   # 2024 guidelines
    (2026, "GA", 1, 15650),   # 2025 guidelines
    (2026, "AK", 1, 19550),
    (2026, "HI", 1, 17990),
])
def test_coverage_year_n_uses_the_poverty_guidelines_of_year_n_minus_1(coverage_year, state,
                                                                        size, line):
    credit = _credit(Decimal(30000), year=coverage_year, state=state, size=size)

    assert credit.poverty_guideline_year == coverage_year - 1
    assert credit.poverty_guideline == Decimal(line)


@pytest.mark.parametrize(("year", "fpl", "percentage"), [
    (2014, "132.99", "2.00"), (2014, "133", "3.00"), (2014, "149.99", "4.00"),
    (2014, "150", "4.00"), (2014, "175", "5.15"), (2014, "400", "9.50"),
    (2015, "100", "2.01"), (2015, "300", "9.56"),
    (2016, "225", "7.30"), (2016, "400", "9.66"),
    (2024, "150", "0.00"), (2024, "175", "1.00"), (2024, "400", "8.50"), (2024, "900", "8.50"),
    (2025, "250", "4.00"), (2023, "100", "0.00"),
    (2026, "132", "2.10"), (2026, "133", "3.14"), (2026, "400", "9.96"),
])
def test_the_applicable_percentage_is_linear_within_its_band(year, fpl, percentage):
    # e.g. 2014 at 175 %: 4.00 + 25/50 x 2.30 = 5.15; 2016 at 225 %: 6.41 + 25/50 x 1.77 = 7.295
    assert applicable_percentage(Decimal(fpl), ptc_year(year)) == Decimal(percentage)


@pytest.mark.parametrize("year", [2014, 2015, 2016, 2026])
def test_above_400_percent_there_is_no_applicable_percentage_in_cliff_years(year):
    assert applicable_percentage(Decimal("400.01"), ptc_year(year)) is None


def test_2024_has_no_cliff():
    # 2023 guideline 14,580: 100,000 / 14,580 = 685.87 % -> 8.50 %;
    # 100,000 x 8.5 % / 12 = 708.33; credit 1,000.00 - 708.33 = 291.67
    credit = _credit(Decimal(100000), year=2024, benchmark=Decimal("1000.00"),
                     plan=Decimal("1000.00"))

    assert credit.points[0].status is CreditStatus.ELIGIBLE
    assert credit.points[0].expected_contribution == Decimal("708.33")
    assert credit.points[0].monthly_credit == Decimal("291.67")
    assert "no 400% income limit" in " ".join(credit.notes)


def test_2026_brings_the_cliff_back():
    # 400 % of the 2025 guideline (15,650) is 62,600.
    assert _credit(Decimal(62600), year=2026).points[0].status is CreditStatus.ELIGIBLE
    assert _credit(Decimal(62601), year=2026).points[0].status is CreditStatus.ABOVE_INCOME_LIMIT


def test_an_income_band_reports_both_ends():
    # 20,000 / 11,490 = 174.06 %: 4.00 + 24.06/50 x 2.30 = 5.11 %; 85.17 a month; credit 187.13
    # 30,000 / 11,490 = 261.10 %: 8.05 + 11.10/50 x 1.45 = 8.37 %; 209.25 a month; credit 63.05
    credit = _credit(IncomeBand(Decimal(20000), Decimal(30000)))

    assert [p.income for p in credit.points] == [Decimal(20000), Decimal(30000)]
    assert [p.monthly_credit for p in credit.points] == [Decimal("187.13"), Decimal("63.05")]
    assert credit.monthly_credit_min == Decimal("63.05")
    assert credit.monthly_credit_max == Decimal("187.13")


def test_a_band_across_the_poverty_line_finds_the_largest_credit_at_100_percent():
    # 11,490 (100 %): 2.00 %, 19.15 a month, credit 272.30 - 19.15 = 253.15; 10,000: none.
    credit = _credit(IncomeBand(Decimal(10000), Decimal(12000)))

    assert [p.income for p in credit.points] == [Decimal(10000), Decimal(11490), Decimal(12000)]
    assert credit.points[0].status is CreditStatus.BELOW_POVERTY_LINE
    assert credit.monthly_credit_min == Decimal("0.00")
    assert credit.monthly_credit_max == Decimal("253.15")
    assert any("below 100%" in note for note in credit.notes)


def test_a_band_equal_at_both_ends_is_one_income():
    assert len(_credit(IncomeBand(Decimal(25000), Decimal(25000))).points) == 1


def test_below_the_poverty_line_there_is_no_credit_and_it_says_why():
    point = _credit(Decimal(9000)).points[0]

    assert point.status is CreditStatus.BELOW_POVERTY_LINE
    assert point.monthly_credit == Decimal("0.00")
    assert point.applicable_percentage is None
    assert point.csr_variant is None


def test_in_an_expansion_state_under_138_percent_means_medicaid_not_a_credit():
    # 15,000 / 11,490 = 130.55 %
    expansion = _credit(Decimal(15000), medicaid_expansion=True)
    no_expansion = _credit(Decimal(15000), medicaid_expansion=False)
    unknown = _credit(Decimal(15000))

    assert expansion.points[0].status is CreditStatus.MEDICAID_RANGE
    assert expansion.points[0].monthly_credit == Decimal("0.00")
    assert no_expansion.points[0].monthly_credit > 0
    assert unknown.points[0].monthly_credit == no_expansion.points[0].monthly_credit
    assert any("138%" in note for note in unknown.notes)


def test_a_catastrophic_plan_gets_no_credit():
    point = _credit(Decimal(25000), metal="Catastrophic", plan=Decimal("239.14")).points[0]

    assert point.status is CreditStatus.CATASTROPHIC_PLAN
    assert point.monthly_credit == Decimal("0.00")


def test_only_the_essential_health_benefit_share_of_each_premium_counts():
    # benchmark 272.30 x 0.98 = 266.854; 266.854 - 144.1667 = 122.6873 -> 122.69,
    # plan 130.00 x 0.90 = 117.00 caps it -> 117.00
    credit = _credit(Decimal(25000), plan=Decimal("130.00"), plan_ehb_share=Decimal("0.90"),
                     benchmark_ehb_share=Decimal("0.98"))

    assert credit.points[0].monthly_credit == Decimal("117.00")
    assert not any("wholly essential" in note for note in credit.notes)


@pytest.mark.parametrize("year", [2013, 2017, 2019, 2022, 2027])
def test_a_coverage_year_without_tables_is_refused_by_name(year):
    with pytest.raises(UnpriceableTerms, match=str(year)) as caught:
        _credit(Decimal(25000), year=year)

    assert "2014" in caught.value.details["available"]


def test_a_guideline_year_without_a_table_is_refused_by_name():
    with pytest.raises(UnpriceableTerms, match="2016"):
        poverty_guideline(2016, "TX", 1)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"size": 0}, "household.size"),
    ({"state": "ZZ"}, "location.state"),
])
def test_bad_household_details_name_the_field(kwargs, field):
    with pytest.raises(InvalidInput) as caught:
        _credit(Decimal(25000), **kwargs)

    assert caught.value.field == field


@pytest.mark.parametrize(("income", "field"), [
    (Decimal(-1), "household.income"),
    ("lots", "household.income"),
    (IncomeBand(Decimal(30000), Decimal(20000)), "household.income"),
    (IncomeBand(Decimal(-5), Decimal(20000)), "household.income.low"),
])
def test_bad_incomes_name_the_field(income, field):
    with pytest.raises(InvalidInput) as caught:
        _credit(income)

    assert caught.value.field == field


def test_an_unknown_metal_level_is_unpriceable():
    with pytest.raises(UnpriceableTerms, match="titanium"):
        _credit(Decimal(25000), metal="titanium")


@pytest.mark.parametrize(("fpl", "variant"), [
    ("99.99", None), ("100", 94), ("150", 94), ("150.01", 87), ("200", 87),
    ("200.01", 73), ("250", 73), ("250.01", None), ("400", None),
])
def test_silver_csr_variants_follow_the_155_305_g_bands(fpl, variant):
    assert csr_variant(Decimal(fpl), metal_level="Silver") == variant


@pytest.mark.parametrize(("metal", "eligible"), [("Gold", True), ("Bronze", True),
                                                 ("Silver", False)])
def test_no_csr_outside_silver_or_without_credit_eligibility(metal, eligible):
    assert csr_variant(Decimal(120), metal_level=metal, ptc_eligible=eligible) is None


def test_a_silver_enrollee_in_the_medicaid_range_gets_no_csr_variant():
    assert _credit(Decimal(15000), medicaid_expansion=True).points[0].csr_variant is None


incomes = st.decimals(min_value=Decimal(11490), max_value=Decimal(45960), places=0)
premiums = st.decimals(min_value=Decimal(100), max_value=Decimal(2000), places=2)


@given(incomes, incomes, premiums, premiums)
def test_more_income_never_means_more_credit(a, b, benchmark, plan):
    low, high = sorted((a, b))
    credits = [_credit(i, benchmark=benchmark, plan=plan, medicaid_expansion=False)
               for i in (low, high)]

    assert credits[1].points[0].monthly_credit <= credits[0].points[0].monthly_credit


@given(incomes, premiums, premiums)
def test_the_credit_never_exceeds_the_plan_premium(income, benchmark, plan):
    credit = _credit(income, benchmark=benchmark, plan=plan)

    assert Decimal(0) <= credit.points[0].monthly_credit <= plan
