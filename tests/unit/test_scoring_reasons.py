"""Reasons: one plain line per ranked offer, with figures a reader can check."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advocate.domain import InvalidInput
from advocate.scoring import (
    Candidate,
    money,
    rank,
    stated_vs_needed,
    tax_words,
    weights_from_priorities,
)

D = Decimal


def energy(offer_id: str, brand: str, name: str, cost: str, fixed: int, green: int,
           regret: str | None = None) -> Candidate:
    return Candidate(offer_id, brand, name, D(cost), "AUD", True,
                     {"certainty": fixed, "flexibility": D(0), "green": green},
                     regret=None if regret is None else D(regret))


ENERGY = [
    energy("e:1", "Alpha Energy", "Alpha Saver", "1412.40", fixed=0, green=100),
    energy("e:2", "Beta Power", "Beta Basic", "1624.49", fixed=1, green=0),
    energy("e:3", "Gamma", "Gamma Plus", "2024.00", fixed=0, green=0, regret="120"),
]


def health(offer_id: str, brand: str, cost: str, bad_year: str, quality: int | None):
    # as the health cost model gives it: US dollars, premiums after credit, no tax in them
    return Candidate(offer_id, brand, f"Plan {offer_id}", D(cost), "USD", False,
                     {"certainty": D(bad_year), "quality": quality})


HEALTH = [health("A", "Alpha", "5200", "9800", 4), health("B", "Beta", "4800", "12500", None),
          health("C", "Gamma", "6100", "8000", 3), health("D", "Delta", "5000", "13000", None)]


def reasons(candidates, category, priorities):
    return {r.offer_id: r.reason
            for r in rank(candidates, weights_from_priorities(category, priorities))}


def test_the_cheapest_top_pick_says_so_with_the_gap_to_number_two():
    lines = reasons(ENERGY, "electricity", ["cost", "certainty", "green"])
    # 1,624.49 rounds to 1,624 and 1,412.40 to 1,412: 1,624 - 1,412 = 212
    assert lines["e:1"] == "Cheapest over a year at your usage: $1,412 inc. GST, $212 less " \
                           "than #2"
    assert lines["e:2"] == "Ranked #2: costs $212 a year more than #1 (Alpha Energy)"
    # 2,024 - 1,412 = 612; both cheaper plans are at least as good on every count
    assert lines["e:3"] == ("Ranked #3: costs $612 a year more than #1 (Alpha Energy); "
                            "Alpha Saver (Alpha Energy) is as good or better on every count "
                            "at every usage level; $120 a year more if you miss the "
                            "conditions of its discount")


def test_a_certainty_first_customer_hears_about_the_fixed_price_and_what_it_costs():
    lines = reasons(ENERGY, "electricity", ["certainty", "cost"])
    assert lines["e:2"] == "Price fixed for the contract; $1,624 a year inc. GST, $212 more " \
                           "than the cheapest (Alpha Energy)"
    assert lines["e:1"] == "Ranked #2: costs $212 a year less than #1 (Beta Power), which " \
                           "scores higher on price certainty"


def test_a_green_first_customer_hears_about_greenpower():
    lines = reasons(ENERGY, "electricity", ["green", "cost"])
    assert lines["e:1"] == "Most GreenPower on offer (up to 100%); $1,412 a year inc. GST, " \
                           "the lowest cost of the 3 offers"


def test_bad_year_protection_is_stated_against_the_cheapest_plan():
    lines = reasons(HEALTH, "health", ["certainty"])
    # C's bad year: 8,000; the cheapest plan (B) in a bad year: 12,500; 12,500 - 8,000 = 4,500
    assert lines["C"] == ("Best protection in a bad year: $8,000 in a 1-in-20 year, $4,500 "
                          "less than the cheapest plan (Beta); expected $6,100 a year "
                          "ex. tax")
    # A: 5,200 - 6,100 = -900, better than C on cost which has no weight here
    assert lines["A"] == "Ranked #2: costs $900 a year less than #1 (Gamma), which scores " \
                         "higher on bad-year cost"


def test_a_quality_lead_names_the_stars_and_the_cost_against_the_cheapest():
    lines = reasons(HEALTH, "health", ["certainty", "cost", "quality"])
    # A leads (0.69453) and is best only on quality: 5,200 - 4,800 = 400 more than Beta
    assert lines["A"] == "Highest quality rating (4 of 5 stars); $5,200 a year ex. tax, " \
                         "$400 more than the cheapest (Beta)"


def test_a_compromise_top_pick_is_called_the_best_balance():
    offers = [energy("x", "X", "X", "1000", fixed=0, green=0),
              energy("y", "Y", "Y", "1050", fixed=0, green=50),
              energy("z", "Z", "Z", "1200", fixed=0, green=100)]
    weights = weights_from_priorities("electricity", weights={"cost": 0.5, "green": 0.5})
    # cost span 1,000..1,200 and green span 0..100:
    # x = .5*1 + .5*0 = .5; y = .5*(150/200) + .5*.5 = .625; z = .5*0 + .5*1 = .5
    ranked = rank(offers, weights)
    assert ranked[0].offer_id == "y"
    assert ranked[0].score == 0.625
    assert ranked[0].reason == "Best balance of your priorities: $1,050 a year inc. GST, $50 " \
                               "more than the cheapest (X)"


def test_a_lone_offer_is_described_as_the_only_one():
    ranked = rank(ENERGY[:1], weights_from_priorities("electricity"))
    assert ranked[0].reason == "The only offer compared: $1,412 a year inc. GST"


def test_when_nothing_weighted_separates_the_offers_they_are_listed_cheapest_first():
    offers = [energy("x", "X", "X", "1000", fixed=0, green=0),
              energy("y", "Y", "Y", "900", fixed=0, green=0)]
    ranked = rank(offers, weights_from_priorities("electricity", ["certainty"]))
    assert ranked[0].reason == ("Nothing you weighted sets these offers apart, so cheapest "
                                "first: $900 a year inc. GST, the lowest cost of the 2 offers")


def test_money_is_whole_units_with_thousands_separators():
    assert money(D("1234567.5"), "AUD") == "$1,234,568"
    assert money(D("-12.5"), "USD") == "-$13"
    assert money(D("0.49"), "AUD") == "$0"
    assert money(D("99"), "EUR") == "EUR 99"


def test_tax_wording_follows_currency_and_treatment():
    assert tax_words("AUD", True) == "inc. GST"
    assert tax_words("AUD", False) == "ex. GST"
    assert tax_words("USD", False) == "ex. tax"
    assert tax_words("USD", True) == "inc. tax"


def test_a_stated_want_that_costs_more_is_explained_with_the_difference():
    weights = weights_from_priorities("health")
    ranking = rank(HEALTH, weights)  # top pick: B (4,800 a year)
    premiums = {"A": D("410"), "B": D("380"), "C": D("350"), "D": D("390")}
    found = stated_vs_needed("lowest_premium", premiums, ranking, weights)
    # C has the lowest premium but costs 6,100 a year: 6,100 - 4,800 = 1,300 more
    assert (found.stated_pick, found.top_pick, found.extra_cost) == ("C", "B", D("1300"))
    assert found.message == ("Lowest premium is Plan C (Gamma), but at your usage it costs "
                             "$1,300 more a year than Plan B (Beta)")


def test_a_stated_want_that_costs_less_is_explained_by_what_the_top_pick_does_better():
    weights = weights_from_priorities("health", ["certainty", "cost", "quality"])
    ranking = rank(HEALTH, weights)  # top pick: A (5,200 a year)
    found = stated_vs_needed("lowest_sticker_price", {"B": D("1"), "A": D("2")}, ranking,
                             weights)
    assert found.extra_cost == D("-400")
    assert found.message == ("Lowest sticker price is Plan B (Beta), which costs $400 less a "
                             "year at your usage, but Plan A (Alpha) scores higher on "
                             "bad-year cost")


def test_no_conflict_when_the_stated_want_picks_the_top_offer():
    weights = weights_from_priorities("health")
    ranking = rank(HEALTH, weights)
    assert stated_vs_needed("lowest_premium", {"B": D("300"), "A": D("300")}, ranking,
                            weights) is None


def test_an_unknown_or_unusable_stated_preference_is_refused_naming_the_field():
    weights = weights_from_priorities("health")
    ranking = rank(HEALTH, weights)
    for preference, figures in (("cheapest_vibes", {"A": D(1)}), ("lowest_premium", {})):
        with pytest.raises(InvalidInput) as caught:
            stated_vs_needed(preference, figures, ranking, weights)
        assert caught.value.field == "stated_preference"


def gas(offer_id: str, cost: str, exit_fee: str) -> Candidate:
    return Candidate(offer_id, offer_id.upper(), f"Plan {offer_id}", D(cost), "AUD", True,
                     {"certainty": 0, "flexibility": D(exit_fee)})


def test_a_flexibility_lead_names_the_fee_to_leave():
    offers = [gas("x", "1000", "0"), gas("y", "1100", "95.50"), gas("z", "900", "300")]
    weights = weights_from_priorities("gas", ["flexibility"])
    assert rank(offers, weights)[0].reason == ("No fee to leave early; $1,000 a year inc. GST, "
                                               "$100 more than the cheapest (Z)")
    offers[0] = gas("x", "1000", "49.50")
    assert rank(offers, weights)[0].reason == ("Lowest fee to leave early ($50); $1,000 a year "
                                               "inc. GST, $100 more than the cheapest (Z)")


def test_an_exact_tie_with_the_top_pick_is_called_a_tie():
    offers = [gas("b", "1000", "0"), gas("a", "1000", "0"), gas("c", "1200", "0")]
    ranked = rank(offers, weights_from_priorities("gas"))
    assert [r.offer_id for r in ranked] == ["a", "b", "c"]
    assert ranked[1].reason == "Ranked #2: costs the same as #1 (A) and ties with it on your " \
                               "priorities"
