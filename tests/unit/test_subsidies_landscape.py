"""Worked premium tax credits on real 2014 Dallas County plans (CMS QHP Landscape fixture)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from advocate.costing.benchmark_plan import slcsp_for_household
from advocate.costing.health_premiums import Member, household_premium
from advocate.costing.subsidies import CreditStatus, IncomeBand, tax_credit

FIXTURE = (Path(__file__).parents[1] / "fixtures" / "cms_landscape"
           / "qhp_landscape_individual_medical_2014_4counties.csv")


def _dallas(metal: str) -> dict[str, Decimal]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        return {r["plan_id_standard_component"]: Decimal(r["premium_adult_individual_age_21"])
                for r in csv.DictReader(handle)
                if r["county"] == "DALLAS" and r["metal_level"] == metal}


SILVER = _dallas("Silver")
BRONZE = _dallas("Bronze")
FAMILY = [Member(40), Member(38), Member(10), Member(12), Member(15), Member(17)]


def test_the_dallas_2014_benchmark_for_a_40_year_old_is_blue_crosss_second_silver_plan():
    benchmark = slcsp_for_household(list(SILVER.items()), [Member(40)], plan_year=2014,
                                     state="TX")

    # Lowest silver: BCBS TX 33602TX0460003, 206.65 x 1.278 = 264.10; second: BCBS TX
    # 33602TX0460004, 213.07 x 1.278 = 272.30346 -> 272.30. Same issuer, still the benchmark.
    assert benchmark.plan_id == "33602TX0460004"
    assert benchmark.monthly_premium == Decimal("272.30")
    assert benchmark.plans_ranked == 14


def test_a_single_40_year_old_in_dallas_earning_25000_in_2014():
    # Step 1  poverty line: 2014 coverage uses the 2013 HHS guideline, 1 person, 48 states: 11,490.
    # Step 2  25,000 / 11,490 = 217.58 % of the poverty line.
    # Step 3  100 % <= 217.58 % <= 400 %: eligible.
    # Step 4  2014 band 200-250 %: 6.30 % -> 8.05 %;
    #         6.30 + (217.5805 - 200) / 50 x 1.75 = 6.30 + 0.6153 = 6.9153 -> 6.92 %.
    # Step 5  expected contribution: 25,000 x 6.92 % = 1,730.00 a year = 144.17 a month.
    # Step 6  credit: benchmark 272.30 - 144.1667 = 128.13 a month (below the plan's premium).
    credit = tax_credit(Decimal(25000), household_size=1, state="TX", coverage_year=2014,
                        benchmark_premium=Decimal("272.30"), plan_premium=Decimal("272.30"),
                        metal_level="Silver")
    point = credit.points[0]

    assert credit.poverty_guideline == Decimal(11490)
    assert credit.poverty_guideline_year == 2013
    assert point.fpl_percent == Decimal("217.58")
    assert point.status is CreditStatus.ELIGIBLE
    assert point.applicable_percentage == Decimal("6.92")
    assert point.expected_contribution == Decimal("144.17")
    assert point.monthly_credit == Decimal("128.13")
    assert point.csr_variant == 73


def test_the_same_credit_buys_the_cheapest_bronze_for_less():
    bronze = household_premium(BRONZE["33602TX0460006"], [Member(40)], plan_year=2014).monthly
    credit = tax_credit(Decimal(25000), household_size=1, state="TX", coverage_year=2014,
                        benchmark_premium=Decimal("272.30"), plan_premium=bronze,
                        metal_level="Bronze")

    # 145.72 x 1.278 = 186.23 a month; the full 128.13 applies; no CSR outside silver.
    assert bronze == Decimal("186.23")
    assert credit.points[0].monthly_credit == Decimal("128.13")
    assert credit.points[0].csr_variant is None


def test_a_low_income_credit_is_capped_at_the_bronze_premium():
    # 12,000 / 11,490 = 104.44 %: 2.00 %; 12,000 x 2 % / 12 = 20.00; 272.30 - 20.00 = 252.30,
    # more than the 186.23 bronze premium, so the credit is 186.23 and the plan costs nothing.
    credit = tax_credit(Decimal(12000), household_size=1, state="TX", coverage_year=2014,
                        benchmark_premium=Decimal("272.30"), plan_premium=Decimal("186.23"),
                        metal_level="Bronze", medicaid_expansion=False)

    assert credit.points[0].expected_contribution == Decimal("20.00")
    assert credit.points[0].monthly_credit == Decimal("186.23")


def test_a_family_of_six_with_an_income_band_gets_a_credit_range():
    benchmark = slcsp_for_household(list(SILVER.items()), FAMILY, plan_year=2014, state="TX")
    # 943.69 a month (see test_health_premiums). Poverty line, 6 people, 2013: 31,590.
    #   50,000 / 31,590 = 158.28 %: 4.00 + 8.2779 / 50 x 2.30 = 4.3808 -> 4.38 %;
    #          50,000 x 4.38 % / 12 = 182.50; credit 943.69 - 182.50 = 761.19
    #   60,000 / 31,590 = 189.93 %: 4.00 + 39.9335 / 50 x 2.30 = 5.8369 -> 5.84 %;
    #          60,000 x 5.84 % / 12 = 292.00; credit 943.69 - 292.00 = 651.69
    credit = tax_credit(IncomeBand(Decimal(50000), Decimal(60000)), household_size=6,
                        state="TX", coverage_year=2014, benchmark_premium=benchmark.monthly_premium,
                        plan_premium=benchmark.monthly_premium, metal_level="Silver")

    assert benchmark.monthly_premium == Decimal("943.69")
    assert [p.applicable_percentage for p in credit.points] == [Decimal("4.38"), Decimal("5.84")]
    assert [p.monthly_credit for p in credit.points] == [Decimal("761.19"), Decimal("651.69")]
    assert (credit.monthly_credit_min, credit.monthly_credit_max) == (Decimal("651.69"),
                                                                       Decimal("761.19"))
    assert [p.csr_variant for p in credit.points] == [87, 87]


def test_one_dollar_over_400_percent_loses_the_whole_2014_credit():
    benchmark = slcsp_for_household(list(SILVER.items()), [Member(60)], plan_year=2014)
    # 60-year-old: 213.07 x 2.714 = 578.27. 400 % of 11,490 = 45,960.
    #   at 45,960: 9.50 %; 45,960 x 9.5 % / 12 = 363.85; credit 578.27 - 363.85 = 214.42
    #   at 45,961: above 400 %, no credit at all (26 USC 36B(c)(1)(A))
    at_limit, over = (tax_credit(Decimal(income), household_size=1, state="TX",
                                 coverage_year=2014, benchmark_premium=benchmark.monthly_premium,
                                 plan_premium=benchmark.monthly_premium, metal_level="Silver")
                      for income in (45960, 45961))

    assert benchmark.monthly_premium == Decimal("578.27")
    assert at_limit.points[0].monthly_credit == Decimal("214.42")
    assert over.points[0].status is CreditStatus.ABOVE_INCOME_LIMIT
    assert over.points[0].monthly_credit == Decimal("0.00")
