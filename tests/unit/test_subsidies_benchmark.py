"""The benchmark plan: second-lowest-cost silver plan, with ties, duplicates and lone plans."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocate.costing.benchmark_plan import SilverPlanPremium, slcsp
from advocate.domain.errors import UnpriceableTerms


def _plans(*pairs: tuple[str, str]) -> list[SilverPlanPremium]:
    return [SilverPlanPremium(plan_id, Decimal(premium)) for plan_id, premium in pairs]


def test_the_benchmark_is_the_second_cheapest_plan():
    benchmark = slcsp(_plans(("C", "310.00"), ("A", "264.10"), ("B", "272.30")))

    assert (benchmark.plan_id, benchmark.monthly_premium) == ("B", Decimal("272.30"))
    assert benchmark.plans_ranked == 3


def test_two_plans_tied_for_cheapest_make_that_premium_the_benchmark():
    benchmark = slcsp(_plans(("Y", "250.00"), ("X", "250.00"), ("Z", "260.00")))

    assert benchmark.monthly_premium == Decimal("250.00")
    assert benchmark.plan_id == "Y"  # ties broken by plan id, so the answer is reproducible


def test_the_same_plan_listed_twice_counts_once():
    benchmark = slcsp(_plans(("A", "250.00"), ("A", "250.00"), ("B", "260.00")))

    assert (benchmark.plan_id, benchmark.plans_ranked) == ("B", 2)


def test_a_plan_listed_twice_with_different_premiums_is_refused():
    with pytest.raises(UnpriceableTerms, match="A"):
        slcsp(_plans(("A", "250.00"), ("A", "251.00"), ("B", "260.00")))


def test_a_lone_silver_plan_is_its_own_benchmark():
    assert slcsp(_plans(("A", "250.00"))).plan_id == "A"


def test_no_silver_plan_means_no_benchmark():
    with pytest.raises(UnpriceableTerms, match="no silver plan"):
        slcsp([])


premiums = st.decimals(min_value=Decimal(100), max_value=Decimal(900), places=2)


@given(st.lists(premiums, min_size=2, max_size=20))
def test_exactly_one_distinct_plan_is_cheaper_than_the_benchmark_or_tied(values):
    plans = [SilverPlanPremium(f"P{i}", v) for i, v in enumerate(values)]
    benchmark = slcsp(plans)

    assert sum(v < benchmark.monthly_premium for v in values) <= 1
    assert sum(v <= benchmark.monthly_premium for v in values) >= 2
