"""Weights from an order of priorities (rank-order centroid) and from explicit weights."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from advocate.domain import Category, InvalidInput
from advocate.scoring import roc_weights, weights_from_priorities


def test_rank_order_centroid_of_three_criteria_matches_the_hand_arithmetic():
    # w1 = (1 + 1/2 + 1/3) / 3 = (11/6) / 3 = 11/18 = 0.6111
    # w2 = (1/2 + 1/3) / 3     = (5/6) / 3  = 5/18  = 0.2778
    # w3 = (1/3) / 3                        = 1/9   = 0.1111
    assert roc_weights(3) == (Fraction(11, 18), Fraction(5, 18), Fraction(1, 9))
    weights = weights_from_priorities("health", ["cost", "certainty", "quality"])
    assert weights.values == pytest.approx({"cost": 0.6111, "certainty": 0.2778,
                                            "quality": 0.1111}, abs=5e-5)
    assert weights.rule == "rank_order_centroid"
    assert weights.order == (("cost",), ("certainty",), ("quality",))


def test_rank_order_centroid_of_four_criteria_matches_the_hand_arithmetic():
    # (1 + 1/2 + 1/3 + 1/4)/4 = 25/48; (1/2 + 1/3 + 1/4)/4 = 13/48; (1/3 + 1/4)/4 = 7/48;
    # (1/4)/4 = 3/48. They add up to 48/48.
    assert roc_weights(4) == tuple(Fraction(n, 48) for n in (25, 13, 7, 3))
    weights = weights_from_priorities(Category.ELECTRICITY,
                                      ["green", "cost", "flexibility", "certainty"])
    assert weights.values == pytest.approx({"green": 25 / 48, "cost": 13 / 48,
                                            "flexibility": 7 / 48, "certainty": 3 / 48})


def test_tied_criteria_share_the_average_of_their_positions_weights():
    # positions 1 and 2 of 3 are tied: (11/18 + 5/18) / 2 = 16/36 = 4/9 = 0.4444 each
    weights = weights_from_priorities("health", [["cost", "certainty"], "quality"])
    assert weights.values == pytest.approx({"cost": 4 / 9, "certainty": 4 / 9,
                                            "quality": 1 / 9})
    assert weights.order == (("cost", "certainty"), ("quality",))


def test_criteria_left_out_of_the_order_get_no_weight():
    # two ranked criteria: (1 + 1/2)/2 = 3/4 and (1/2)/2 = 1/4
    weights = weights_from_priorities("electricity", ["green", "cost"])
    assert weights.values == {"cost": 0.25, "certainty": 0.0, "flexibility": 0.0,
                              "green": 0.75}


def test_no_order_and_no_weights_uses_the_category_default_order():
    assert weights_from_priorities("gas").values == pytest.approx(
        {"cost": 11 / 18, "certainty": 5 / 18, "flexibility": 1 / 9})


def test_weights_sum_to_one_for_every_order_length():
    for n in range(1, 9):
        assert sum(roc_weights(n)) == 1
        assert list(roc_weights(n)) == sorted(roc_weights(n), reverse=True)


def test_explicit_percentages_are_scaled_to_sum_one():
    weights = weights_from_priorities("health", weights={"cost": 60, "certainty": 30,
                                                         "quality": 10})
    assert weights.values == pytest.approx({"cost": 0.6, "certainty": 0.3, "quality": 0.1})
    assert weights.rule == "explicit"


def test_explicit_fractions_that_round_to_one_are_accepted_and_made_exact():
    # 3 x 0.33 = 0.99, within 2 % of 1; each becomes 0.33 / 0.99 = 1/3
    weights = weights_from_priorities("health", weights={"cost": 0.33, "certainty": Decimal(
        "0.33"), "quality": 0.33})
    assert weights.values == pytest.approx({"cost": 1 / 3, "certainty": 1 / 3,
                                            "quality": 1 / 3})


def test_explicit_weights_for_some_criteria_leave_the_others_at_zero():
    weights = weights_from_priorities("electricity", weights={"cost": 0.5, "green": 0.5})
    assert weights.values == {"cost": 0.5, "certainty": 0.0, "flexibility": 0.0, "green": 0.5}


@pytest.mark.parametrize(("priorities", "field"), [
    ([], "priorities"),
    ("cost", "priorities"),
    (["cost", "price"], "priorities[1]"),
    ([["cost", "price"]], "priorities[0][1]"),
    (["cost", "cost"], "priorities[1]"),
    ([["cost", "certainty"], "certainty"], "priorities[1]"),
    ([[]], "priorities[0]"),
    (["cost", 3], "priorities[1]"),
    ([["cost", ["quality"]]], "priorities[0][1]"),
])
def test_bad_priorities_are_refused_naming_the_field(priorities, field):
    with pytest.raises(InvalidInput) as caught:
        weights_from_priorities("health", priorities)
    assert caught.value.field == field


def test_a_criterion_the_category_does_not_score_is_refused_with_the_supported_ones():
    with pytest.raises(InvalidInput) as caught:
        weights_from_priorities("electricity", ["cost", "quality"])
    assert caught.value.field == "priorities[1]"
    assert "not scored on 'quality'" in caught.value.message
    assert "cost, certainty, flexibility, green" in caught.value.message


@pytest.mark.parametrize(("weights", "field"), [
    ({}, "weights"),
    (["cost"], "weights"),
    ({"cost": 0, "certainty": 0}, "weights"),
    ({"cost": 2, "quality": 1}, "weights"),
    ({"cost": 0.5, "quality": 0.3}, "weights"),
    ({"cost": 1.2, "certainty": -0.2}, "weights.certainty"),
    ({"cost": float("nan"), "certainty": 1}, "weights.cost"),
    ({"cost": float("inf")}, "weights.cost"),
    ({"cost": True}, "weights.cost"),
    ({"cost": "0.5", "quality": 0.5}, "weights.cost"),
    ({"cost": 0.5, "colour": 0.5}, "weights.colour"),
])
def test_bad_explicit_weights_are_refused_naming_the_field(weights, field):
    with pytest.raises(InvalidInput) as caught:
        weights_from_priorities("health", weights=weights)
    assert caught.value.field == field


def test_a_sum_far_from_one_says_what_it_summed_to():
    with pytest.raises(InvalidInput, match="sum to 3; they must sum to 1"):
        weights_from_priorities("health", weights={"cost": 2, "quality": 1})


def test_an_order_and_weights_together_are_refused():
    with pytest.raises(InvalidInput) as caught:
        weights_from_priorities("health", ["cost"], {"cost": 1})
    assert caught.value.field == "weights"


def test_a_category_without_criteria_is_refused_naming_the_category():
    with pytest.raises(InvalidInput) as caught:
        weights_from_priorities("deposit", ["cost"])
    assert caught.value.field == "category"
    with pytest.raises(InvalidInput):
        weights_from_priorities("pets", ["cost"])


def test_weights_are_shown_as_json_with_their_rule_and_order():
    shown = weights_from_priorities("health", [["cost", "certainty"], "quality"]).to_json()
    assert shown["rule"] == "rank_order_centroid"
    assert shown["order"] == [["cost", "certainty"], ["quality"]]
    assert shown["category"] == "health"
    assert sum(shown["weights"].values()) == pytest.approx(1)
