"""Candidates from cost estimates: how each category computes its criterion values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advocate.domain import Category, CostEstimate
from advocate.scoring import OfferFacts, candidate_from_estimate

D = Decimal


def estimate(expected: str, without: str | None = None, **extra) -> CostEstimate:
    return CostEstimate(offer_id="cdr_energy:AGL1", currency="AUD", includes_tax=True,
                        expected=D(expected), with_conditional_discounts=D(expected),
                        without_conditional_discounts=D(without or expected), **extra)


def test_an_energy_candidate_takes_certainty_flexibility_and_green_from_the_facts():
    facts = OfferFacts(price_fixed=True, exit_fee=D("0"), green_percent=100.0)
    grid = (D("800"), D("1412.40"), D("2500"))
    candidate = candidate_from_estimate(Category.ELECTRICITY, estimate("1412.40"),
                                        brand="AGL", name="Value Saver", facts=facts,
                                        cost_grid=grid)
    assert candidate.values == {"certainty": 1, "flexibility": D("0"), "green": 100.0}
    assert (candidate.offer_id, candidate.currency, candidate.includes_tax) == (
        "cdr_energy:AGL1", "AUD", True)
    assert candidate.cost_grid == grid
    assert candidate.regret is None


def test_gas_is_not_scored_on_green():
    candidate = candidate_from_estimate("gas", estimate("900"), brand="B", name="N",
                                        facts=OfferFacts(price_fixed=False, green_percent=50))
    assert candidate.values == {"certainty": 0, "flexibility": None}


def test_a_health_candidate_takes_certainty_from_the_bad_year_and_quality_from_the_rating():
    candidate = candidate_from_estimate("health", estimate("5200", bad_year=D("9800")),
                                        brand="B", name="N",
                                        facts=OfferFacts(quality_rating=4, price_fixed=True))
    assert candidate.values == {"certainty": D("9800"), "quality": 4}


def test_facts_the_data_does_not_have_stay_missing():
    candidate = candidate_from_estimate("electricity", estimate("1000"), brand="B", name="N")
    assert candidate.values == {"certainty": None, "flexibility": None, "green": None}
    health = candidate_from_estimate("health", estimate("1000"), brand="B", name="N")
    assert health.values == {"certainty": None, "quality": None}


def test_regret_is_what_missing_a_counted_discounts_condition_adds():
    # discount counted: expected 1,300 with it, 1,420 without -> 120 a year at stake
    counted = candidate_from_estimate("electricity", estimate("1300", without="1420"),
                                      brand="B", name="N")
    assert counted.regret == D("120")


def test_a_discount_not_counted_is_no_regret():
    uncounted = CostEstimate(offer_id="x", currency="AUD", includes_tax=True,
                             expected=D("1420"), with_conditional_discounts=D("1300"),
                             without_conditional_discounts=D("1420"))
    assert candidate_from_estimate("gas", uncounted, brand="B", name="N").regret is None


def test_a_category_without_criteria_is_refused():
    with pytest.raises(ValueError, match="no scoring criteria"):
        candidate_from_estimate("deposit", estimate("1"), brand="B", name="N")
