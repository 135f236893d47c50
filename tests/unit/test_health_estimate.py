"""Whole-year cost of real 2014 plans for households: premiums + out-of-pocket, explained."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from advocate.costing.health import estimate_health
from advocate.costing.health_spending import spending_at
from advocate.domain import InvalidInput, UnpriceableTerms
from advocate.domain.health import Service
from advocate.domain.health_needs import HealthMember, MemberUse, UseLevel
from providers.cms_rows import terms_from_row

LANDSCAPE = (Path(__file__).parents[1] / "fixtures" / "cms_landscape"
             / "qhp_landscape_individual_medical_2014_4counties.csv")
with open(LANDSCAPE, encoding="utf-8", newline="") as _handle:
    PLANS = {row["plan_id_standard_component"]: terms_from_row(row, plan_year=2014)
             for row in csv.DictReader(_handle)}
GOLD = PLANS["33602TX0420001"]  # BCBS TX Gold PPO: deductible = MOOP = $3,250; $30 PCP
SILVER = PLANS["96601IL0230002"]  # Coventry IL Silver PPO with CSR variants
PREMIUM = Decimal("3799.56")  # 12 x $316.63, the age-21 premium


def _estimate(terms=GOLD, members=(40,), **kwargs):
    return estimate_health("offer", terms, [HealthMember(a) for a in members],
                           annual_net_premium=kwargs.pop("premium", PREMIUM), **kwargs)


def test_the_estimate_adds_premiums_to_expected_out_of_pocket_in_dollars_before_tax():
    estimate = _estimate()
    assert (estimate.currency, estimate.includes_tax) == ("USD", False)
    oop = estimate.details["out_of_pocket"]
    assert estimate.expected == PREMIUM + oop["expected"]
    assert estimate.bad_year == PREMIUM + oop["p95"]
    assert estimate.breakdown[0].amount == PREMIUM and estimate.breakdown[0].unit == "month"
    assert sum(line.amount for line in estimate.breakdown[1:]) == pytest.approx(
        oop["expected"], abs=Decimal("0.05"))
    assert any("tax credit" in a for a in estimate.assumptions)


def test_the_worst_case_is_premiums_plus_the_out_of_pocket_maximum():
    # $3,799.56 premiums + $3,250 self-only MOOP; a family of four: + $9,750 family MOOP.
    assert _estimate().worst_case == Decimal("7049.56")
    assert _estimate(members=(40, 38, 10, 8)).worst_case == Decimal("13549.56")


def test_a_bad_year_costs_more_than_an_expected_one_and_no_more_than_the_worst():
    estimate = _estimate(members=(55,))
    assert estimate.expected < estimate.bad_year <= estimate.worst_case


def test_having_a_baby_prices_the_sbc_coverage_example():
    # $3,000 of physician care toward the $3,250 deductible + the $200 per-stay copay.
    estimate = _estimate(members=(30,), stated_use=[MemberUse(events=("having_a_baby",))])
    assert estimate.at_stated_use == PREMIUM + Decimal("3200.00")
    assert estimate.details["at_stated_use"]["allowed"] == Decimal("7540.00")


def test_visits_and_fills_are_priced_one_claim_each():
    # 4 primary care visits at the $30 copay, 12 generic fills at 'No Charge'.
    use = MemberUse(visits=((Service.PRIMARY_CARE, 4), (Service.GENERIC_DRUGS, 12)))
    assert _estimate(stated_use=[use]).at_stated_use == PREMIUM + Decimal("120.00")


def test_higher_utilisation_never_costs_less():
    costs = [_estimate(members=(45,), stated_use=[MemberUse(level=level)]).at_stated_use
             for level in (UseLevel.LOW, UseLevel.MEDIUM, UseLevel.HIGH)]
    assert costs == sorted(costs)
    assert spending_at(45, 0.25) < spending_at(45, 0.5) < spending_at(45, 0.9)


def test_members_without_a_stated_use_are_taken_at_medium_use():
    estimate = _estimate(members=(40, 8), stated_use=[MemberUse(level=UseLevel.HIGH), None])
    assert any("Member 2 stated no use" in a for a in estimate.assumptions)


def test_a_cost_sharing_reduction_lowers_the_silver_plan_worst_case():
    standard, csr94 = _estimate(SILVER), _estimate(SILVER, csr_variant="94")
    assert standard.worst_case == PREMIUM + 6350 and csr94.worst_case == PREMIUM + 1500
    assert csr94.expected < standard.expected
    assert csr94.details["cost_sharing_variant"] == "94"


def test_a_cost_sharing_reduction_leaves_a_gold_plan_standard_and_says_why():
    estimate = _estimate(csr_variant="87")
    assert estimate.details["cost_sharing_variant"] == "standard"
    assert any("silver plans only" in a for a in estimate.assumptions)


def test_a_catastrophic_plan_says_no_tax_credit_applies():
    catastrophic = next(t for t in PLANS.values() if t.is_catastrophic)
    assert any("Catastrophic" in a for a in _estimate(catastrophic).assumptions)


def test_the_same_inputs_give_the_same_estimate():
    assert _estimate(members=(40, 38)) == _estimate(members=(40, 38))


def test_a_plan_without_a_published_family_drug_deductible_is_refused_for_a_family():
    plan = PLANS["96601IL0230001"]  # drug family deductible 'See Plan Brochure'
    assert _estimate(plan).expected > 0
    with pytest.raises(UnpriceableTerms, match="See Plan Brochure"):
        _estimate(plan, members=(40, 38))


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"members": ()}, "household"),
    ({"members": (130,)}, "household[0].age"),
    ({"premium": Decimal(-1)}, "annual_net_premium"),
    ({"csr_variant": "100"}, "csr_variant"),
    ({"stated_use": [None, None]}, "stated_use"),
    ({"stated_use": [MemberUse(events=("moving house",))]}, "stated_use.events"),
])
def test_bad_input_is_refused_naming_the_field(kwargs, field):
    with pytest.raises(InvalidInput) as caught:
        _estimate(**kwargs)
    assert caught.value.field == field


def test_a_member_use_takes_a_level_or_visits_not_both():
    with pytest.raises(ValueError, match="not both"):
        MemberUse(level=UseLevel.LOW, visits=((Service.SPECIALIST, 2),))
