"""Ranking: min-max normalisation, missing data, weights, tie-breaks, hand-worked scores."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advocate.scoring import Candidate, rank, weights_from_priorities

D = Decimal


def health(offer_id: str, cost: str, bad_year: str | None, quality: int | None,
           brand: str = "Brand") -> Candidate:
    return Candidate(offer_id, brand, f"Plan {offer_id}", D(cost), "USD", True,
                     {"certainty": None if bad_year is None else D(bad_year),
                      "quality": quality})


def energy(offer_id: str, cost: str, fixed: int | None = 0, exit_fee: str | None = "0",
           green: float | None = 0, **extra) -> Candidate:
    return Candidate(offer_id, "Brand", f"Plan {offer_id}", D(cost), "AUD", True,
                     {"certainty": fixed, "flexibility": None if exit_fee is None else D(exit_fee),
                      "green": green}, **extra)


HEALTH_SET = [
    health("A", "5200", "9800", 4, "Alpha"),
    health("B", "4800", "12500", None, "Beta"),
    health("C", "6100", "8000", 3, "Gamma"),
    health("D", "5000", "13000", None, "Delta"),
]


def test_scores_follow_min_max_normalisation_and_rank_order_centroid_weights():
    # weights cost 11/18, certainty 5/18, quality 1/9 (ROC of three)
    # cost span 4,800..6,100 (1,300): A (6100-5200)/1300 = 9/13, B 1, C 0, D 1100/1300 = 11/13
    # bad-year span 8,000..13,000 (5,000): A 3200/5000 = 0.64, B 0.1, C 1, D 0
    # quality span 3..4: A 1, C 0; B and D have no rating
    # A = 11/18*9/13 + 5/18*0.64 + 1/9*1 = 0.42308 + 0.17778 + 0.11111 = 0.71197
    # B (no rating: weights 11/16, 5/16) = 11/16*1 + 5/16*0.1 = 0.71875
    # C = 11/18*0 + 5/18*1 + 1/9*0 = 0.27778
    # D (weights 11/16, 5/16) = 11/16*11/13 + 0 = 121/208 = 0.58173
    ranked = rank(HEALTH_SET, weights_from_priorities("health", ["cost", "certainty",
                                                                 "quality"]))
    assert [r.offer_id for r in ranked] == ["B", "A", "D", "C"]
    assert [r.rank for r in ranked] == [1, 2, 3, 4]
    by_id = {r.offer_id: r for r in ranked}
    assert by_id["A"].score == pytest.approx(0.71197, abs=5e-6)
    assert by_id["B"].score == pytest.approx(0.71875)
    assert by_id["C"].score == pytest.approx(5 / 18)
    assert by_id["D"].score == pytest.approx(121 / 208)
    assert by_id["A"].scores == pytest.approx({"cost": 9 / 13, "certainty": 0.64,
                                               "quality": 1.0})


def test_an_offer_without_data_is_scored_on_what_is_known_and_says_what_is_missing():
    ranked = rank(HEALTH_SET, weights_from_priorities("health"))
    b = next(r for r in ranked if r.offer_id == "B")
    assert b.scores["quality"] is None
    assert b.missing == ("quality",)
    assert b.weights == pytest.approx({"cost": 11 / 16, "certainty": 5 / 16})
    assert "no data on quality rating" in b.reason


def test_offers_with_no_data_on_anything_weighted_come_after_scored_ones_cheapest_first():
    ranked = rank(HEALTH_SET, weights_from_priorities("health", weights={"quality": 1}))
    assert [(r.offer_id, r.score) for r in ranked] == [("A", 1.0), ("C", 0.0), ("B", None),
                                                       ("D", None)]


def test_a_criterion_on_which_no_offers_differ_is_left_out_of_every_score():
    same_cost = [energy("x", "1000", fixed=0), energy("y", "1000", fixed=1)]
    ranked = rank(same_cost, weights_from_priorities("electricity", ["cost", "certainty"]))
    assert [r.scores["cost"] for r in ranked] == [None, None]
    # certainty carries all the weight: y is fixed (1), x variable (0)
    assert [(r.offer_id, r.score) for r in ranked] == [("y", 1.0), ("x", 0.0)]
    assert ranked[0].weights == {"certainty": 1.0}


def test_cost_vs_top_is_the_signed_whole_year_difference():
    ranked = rank(HEALTH_SET, weights_from_priorities("health", ["certainty"]))
    assert [(r.offer_id, r.cost_vs_top) for r in ranked] == [
        ("C", D("0")), ("A", D("-900")), ("B", D("-1300")), ("D", D("-1100"))]


def test_equal_scores_are_broken_by_expected_cost():
    # only green counts; x and y both offer 100 %, so both score 1; y is cheaper
    offers = [energy("x", "1200", green=100), energy("y", "1100", green=100),
              energy("z", "900", green=0)]
    ranked = rank(offers, weights_from_priorities("electricity", ["green"]))
    assert [r.offer_id for r in ranked] == ["y", "x", "z"]


def test_equal_score_and_cost_are_broken_by_the_other_criteria_then_by_offer_id():
    offers = [energy("e:c", "1000", fixed=0), energy("e:b", "1000", fixed=1),
              energy("e:a", "1000", fixed=0), energy("e:d", "900", fixed=0)]
    ranked = rank(offers, weights_from_priorities("electricity", ["cost"]))
    # e:d is cheapest; e:b's fixed price puts it ahead of its equals; e:a before e:c by id
    assert [r.offer_id for r in ranked] == ["e:d", "e:b", "e:a", "e:c"]


def test_an_offer_setting_a_new_extreme_can_reorder_the_others_as_documented():
    weights = weights_from_priorities("health", weights={"cost": 0.5, "certainty": 0.5})
    p, q, r = health("P", "1000", "3000", None), health("Q", "1100", "2900", None), \
        health("R", "1200", "2700", None)
    # cost span 1000..1200, bad-year span 2700..3000:
    # P = .5*1 + .5*0 = .5; Q = .5*.5 + .5*(100/300) = .41667; R = .5*0 + .5*1 = .5
    assert [x.offer_id for x in rank([p, q, r], weights)] == ["P", "R", "Q"]
    # S stretches the cost span to 1000..2200:
    # P = .5; Q = .5*(1100/1200) + .16667 = .625; R = .5*(1000/1200) + .5 = .91667
    s = health("S", "2200", "2700", None)
    assert [x.offer_id for x in rank([p, q, r, s], weights)] == ["R", "Q", "P", "S"]


def test_an_offer_within_every_range_leaves_the_others_order_alone():
    weights = weights_from_priorities("health", weights={"cost": 0.5, "certainty": 0.5})
    base = [health("P", "1000", "3000", None), health("Q", "1100", "2900", None),
            health("R", "1200", "2700", None)]
    inside = health("T", "1150", "2750", 5)
    before = [x.offer_id for x in rank(base, weights)]
    after = [x.offer_id for x in rank([*base, inside], weights) if x.offer_id != "T"]
    assert before == after == ["P", "R", "Q"]


def test_no_candidates_rank_as_nothing():
    assert rank([], weights_from_priorities("gas")) == ()


@pytest.mark.parametrize(("offers", "message"), [
    ([energy("x", "1"), energy("x", "2")], "repeat"),
    ([energy("x", "1"), health("y", "2", None, None)], "currencies"),
    ([Candidate("x", "B", "N", D(1), "AUD", True, {"quality": 3})], "not scored on"),
    ([Candidate("x", "B", "N", D(1), "AUD", True, {"cost": 3})], "not scored on"),
    ([energy("x", "NaN")], "finite"),
    ([energy("x", "1", green=float("inf"))], "finite"),
    ([energy("x", "1", fixed=True)], "finite"),
])
def test_a_candidate_set_that_cannot_be_ranked_together_is_refused(offers, message):
    with pytest.raises(ValueError, match=message):
        rank(offers, weights_from_priorities("electricity"))
