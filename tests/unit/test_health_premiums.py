"""Household premiums from a plan's age-21 rate: the age curve, the three-children rule, tobacco."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocate.costing.health_premiums import (
    TOBACCO_NOTE,
    Member,
    charged_members,
    household_premium,
)
from advocate.domain.errors import InvalidInput, UnpriceableTerms

# Blue Cross Blue Shield of Texas, "Blue Advantage Silver HMO 004" (33602TX0460004), Dallas County,
# 2014 QHP Landscape file: age-21 rate $213.07 a month.
BCBS_TX_SILVER = Decimal("213.07")
FAMILY = [Member(40), Member(38), Member(10), Member(12), Member(15), Member(17)]


def test_a_family_of_six_pays_for_two_adults_and_only_the_three_oldest_children():
    quote = household_premium(BCBS_TX_SILVER, FAMILY, plan_year=2014)

    # 2014 federal default curve: 40 -> 1.278, 38 -> 1.246, every child 0-20 -> 0.635.
    #   40: 213.07 x 1.278 = 272.30346 -> 272.30
    #   38: 213.07 x 1.246 = 265.48522 -> 265.49
    #   17, 15, 12: 213.07 x 0.635 = 135.29945 -> 135.30 each
    #   10: the fourth child, not charged (45 CFR 147.102(c)(1))
    #   total = 272.30 + 265.49 + 3 x 135.30 = 943.69
    assert [line.monthly for line in quote.members] == [
        Decimal("272.30"), Decimal("265.49"), Decimal("0.00"),
        Decimal("135.30"), Decimal("135.30"), Decimal("135.30")]
    assert [line.charged for line in quote.members] == [True, True, False, True, True, True]
    assert quote.monthly == Decimal("943.69")
    assert quote.curve == "federal-default-2014"


def test_the_2018_curve_grades_children_by_age():
    quote = household_premium(BCBS_TX_SILVER, FAMILY, plan_year=2018)

    # 2018 curve: 17 -> 0.885, 15 -> 0.833, 12 -> 0.765 (10 still not charged); adults unchanged.
    #   17: 213.07 x 0.885 = 188.56695 -> 188.57
    #   15: 213.07 x 0.833 = 177.48731 -> 177.49
    #   12: 213.07 x 0.765 = 162.99855 -> 163.00
    #   total = 272.30 + 265.49 + 188.57 + 177.49 + 163.00 = 1066.85
    assert quote.monthly == Decimal("1066.85")
    assert quote.curve == "federal-default-2018"


@pytest.mark.parametrize(("plan_year", "age", "factor"), [
    (2014, 0, "0.635"), (2014, 20, "0.635"), (2014, 21, "1.000"), (2014, 64, "3.000"),
    (2017, 14, "0.635"), (2018, 14, "0.765"), (2018, 18, "0.913"), (2026, 20, "0.970"),
    (2026, 90, "3.000"), (2020, 25, "1.004"), (2020, 63, "2.952"),
])
def test_the_plan_year_selects_the_age_curve(plan_year, age, factor):
    quote = household_premium(Decimal("100.00"), [Member(age)], plan_year=plan_year)

    assert quote.members[0].factor == Decimal(factor)
    assert quote.monthly == Decimal(factor) * 100


@pytest.mark.parametrize("plan_year", [2013, 2027])
def test_a_plan_year_without_a_curve_is_refused_by_name(plan_year):
    with pytest.raises(UnpriceableTerms, match=str(plan_year)):
        household_premium(BCBS_TX_SILVER, [Member(30)], plan_year=plan_year)


def test_a_tobacco_user_is_priced_without_a_surcharge_and_says_so():
    quote = household_premium(BCBS_TX_SILVER, [Member(40, uses_tobacco=True), Member(38)],
                              plan_year=2014)

    assert quote.monthly == Decimal("272.30") + Decimal("265.49")
    assert quote.unpriced == (TOBACCO_NOTE,)
    assert "tobacco surcharge of up to 50% not published in this file" in quote.unpriced


def test_a_household_without_tobacco_has_nothing_unpriced():
    assert household_premium(BCBS_TX_SILVER, FAMILY, plan_year=2014).unpriced == ()


@pytest.mark.parametrize(("state", "plan_year"), [("NY", 2014), ("VT", 2022), ("DC", 2014),
                                                  ("UT", 2019), ("AL", 2022)])
def test_states_that_do_not_use_the_federal_curve_are_refused(state, plan_year):
    with pytest.raises(UnpriceableTerms, match=state):
        household_premium(BCBS_TX_SILVER, [Member(30)], plan_year=plan_year, state=state)


def test_a_state_is_judged_by_the_snapshot_that_governs_the_plan_year():
    # Alabama had no state curve on CMS's August 2013 list (plan year 2014), but has one on the
    # December 2021 list; years no snapshot governs refuse it.
    assert household_premium(BCBS_TX_SILVER, [Member(30)], plan_year=2014, state="AL").monthly
    with pytest.raises(UnpriceableTerms):
        household_premium(BCBS_TX_SILVER, [Member(30)], plan_year=2016, state="AL")


def test_texas_uses_the_federal_curve():
    quote = household_premium(BCBS_TX_SILVER, [Member(40)], plan_year=2014, state="tx")

    assert quote.monthly == Decimal("272.30")
    assert "state not given" not in " ".join(quote.assumptions)


@pytest.mark.parametrize(("members", "field"), [
    ([], "household.members"),
    ([Member(-1)], "household.members[0].age"),
    ([Member(30), Member(126)], "household.members[1].age"),
    ([Member(True)], "household.members[0].age"),
])
def test_unusable_members_name_the_field(members, field):
    with pytest.raises(InvalidInput) as caught:
        household_premium(BCBS_TX_SILVER, members, plan_year=2014)

    assert caught.value.field == field


def test_an_unknown_state_code_is_invalid_input():
    with pytest.raises(InvalidInput) as caught:
        household_premium(BCBS_TX_SILVER, [Member(30)], plan_year=2014, state="PR")

    assert caught.value.field == "location.state"


@pytest.mark.parametrize("rate", [None, Decimal("0"), Decimal("-5"), "n/a", Decimal("NaN")])
def test_a_plan_without_a_usable_age_21_rate_is_unpriceable(rate):
    with pytest.raises(UnpriceableTerms):
        household_premium(rate, [Member(30)], plan_year=2014)


ages = st.integers(min_value=0, max_value=100)
households = st.lists(st.builds(Member, ages, st.booleans()), min_size=1, max_size=8)
rates = st.decimals(min_value=Decimal("50"), max_value=Decimal("2000"), places=2)
years = st.sampled_from([2014, 2016, 2018, 2024, 2026])


@given(households, rates, years)
def test_the_premium_is_the_sum_of_its_member_lines(members, rate, year):
    quote = household_premium(rate, members, plan_year=year)

    assert quote.monthly == sum(line.monthly for line in quote.members)
    assert sum(line.charged for line in quote.members) == len(charged_members(members))


@given(households, rates, years)
def test_at_most_three_children_are_ever_charged(members, rate, year):
    quote = household_premium(rate, members, plan_year=year)

    assert sum(1 for line in quote.members if line.charged and line.age < 21) <= 3


@given(households, rates, years, st.integers(min_value=0, max_value=20))
def test_a_child_younger_than_three_others_adds_nothing(members, rate, year, age):
    older = [Member(20), Member(20), Member(20)]
    base = household_premium(rate, members + older, plan_year=year)
    more = household_premium(rate, [*members, *older, Member(age)], plan_year=year)

    assert more.monthly == base.monthly


@given(st.integers(min_value=21, max_value=99), rates, years)
def test_an_older_adult_never_pays_less(age, rate, year):
    younger = household_premium(rate, [Member(age)], plan_year=year)
    older = household_premium(rate, [Member(age + 1)], plan_year=year)

    assert older.monthly >= younger.monthly
