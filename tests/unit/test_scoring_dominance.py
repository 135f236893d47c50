"""Dominance over criteria and a usage grid, and its place in the ranking."""

from __future__ import annotations

from decimal import Decimal

from advocate.domain import Category
from advocate.scoring import Candidate, dominated_by, dominates, rank, weights_from_priorities

D = Decimal
GRID = ("half", "usual", "double")


def energy(offer_id: str, cost: str, grid: tuple[str, ...] = (), fixed: int | None = 0,
           green: float | None = 0, exit_fee: str | None = "0") -> Candidate:
    return Candidate(offer_id, "Brand", offer_id, D(cost), "AUD", True,
                     {"certainty": fixed, "green": green,
                      "flexibility": None if exit_fee is None else D(exit_fee)},
                     cost_grid=tuple(D(g) for g in grid))


def test_cheaper_at_every_usage_level_and_no_worse_elsewhere_dominates():
    good = energy("good", "1000", ("700", "1000", "1800"))
    poor = energy("poor", "1100", ("750", "1100", "1900"))
    assert dominated_by([good, poor], Category.ELECTRICITY) == {"poor": ("good",)}


def test_cheaper_at_your_usage_but_dearer_at_double_it_does_not_dominate():
    # a high daily charge with low unit rates: dearer when usage is low... and the reverse
    low_use = energy("low_use", "1000", ("600", "1000", "2100"))
    high_use = energy("high_use", "1050", ("800", "1050", "1900"))
    assert dominated_by([low_use, high_use], Category.ELECTRICITY) == {}


def test_equal_on_everything_is_not_dominance():
    assert dominated_by([energy("a", "1000"), energy("b", "1000")], Category.ELECTRICITY) == {}


def test_better_only_on_a_higher_is_better_criterion_dominates():
    greener = energy("greener", "1000", green=100)
    plain = energy("plain", "1000", green=0)
    assert dominates(greener, plain, Category.ELECTRICITY)
    assert not dominates(plain, greener, Category.ELECTRICITY)


def test_data_one_offer_lacks_blocks_dominance_but_data_both_lack_does_not():
    unknown_fee = energy("unknown_fee", "900", exit_fee=None)
    known_fee = energy("known_fee", "1000", exit_fee="0")
    assert dominated_by([unknown_fee, known_fee], Category.ELECTRICITY) == {}
    both_unknown = energy("both_unknown", "1000", exit_fee=None)
    assert dominated_by([unknown_fee, both_unknown], Category.ELECTRICITY) == {
        "both_unknown": ("unknown_fee",)}


def test_grids_of_different_lengths_are_not_compared():
    with_grid = energy("with_grid", "900", ("500", "900", "1700"))
    without = energy("without", "1000")
    assert dominated_by([with_grid, without], Category.ELECTRICITY) == {}


def test_every_dominating_offer_is_listed_sorted():
    offers = [energy("z", "1000", green=100), energy("worst", "1200"),
              energy("a", "1100", fixed=1)]
    assert dominated_by(offers, Category.ELECTRICITY) == {"worst": ("a", "z")}


def test_a_dominated_offer_follows_its_dominator_even_when_the_difference_has_no_weight():
    # green has weight 0 and the costs are equal, so the scores tie; "a" sorts first by id
    # but is dominated by "b", which offers GreenPower
    offers = [energy("a", "1000", green=0), energy("b", "1000", green=50),
              energy("c", "1200", green=0)]
    ranked = rank(offers, weights_from_priorities("electricity", ["cost"]))
    assert [r.offer_id for r in ranked] == ["b", "a", "c"]
    assert ranked[1].dominated_by == ("b",)
    assert "b (Brand) is as good or better on every count at every usage level" in \
        ranked[1].reason


def test_dominance_uses_exact_values_even_where_floats_cannot_tell_them_apart():
    # 0.1 + 2**-60 and 0.1 are the same float; the exact comparison still sees the difference
    tiny = D("0.1") + D(2) ** -60
    a = Candidate("a", "B", "a", D("1000"), "AUD", True, {"flexibility": D("0.1")})
    b = Candidate("b", "B", "b", D("1000"), "AUD", True, {"flexibility": tiny})
    assert float(tiny) == 0.1
    assert dominated_by([a, b], Category.GAS) == {"b": ("a",)}
    assert dominates(a, b, Category.GAS)
    assert not dominates(b, a, Category.GAS)


def test_dominator_ranks_are_the_dominators_ranks_best_first_and_the_reason_names_the_best():
    offers = [energy("z", "1000", green=100), energy("worst", "1200"),
              energy("a", "1100", fixed=1)]
    ranked = rank(offers, weights_from_priorities("electricity", ["cost"]))
    assert [r.offer_id for r in ranked] == ["z", "a", "worst"]
    assert ranked[2].dominated_by == ("a", "z") and ranked[2].dominator_ranks == (1, 2)
    assert ranked[2].reason.endswith("z (Brand) is as good or better on every count at every "
                                      "usage level")
    assert ranked[0].dominator_ranks == ranked[1].dominator_ranks == ()


def test_doubles_stand_in_for_decimals_only_while_no_two_distinct_values_become_one_double():
    from decimal import Decimal

    import numpy as np

    from advocate.scoring.dominance import _float_exact

    close = [Decimal("0.1000000000000000000001"), Decimal("0.1")]  # one double, two values
    rows = [[Decimal("5"), close[0]], [Decimal("5"), close[1]], [None, Decimal("0.3")]]
    matrix = np.array([[float(v) if v is not None else np.nan for v in r] for r in rows])
    assert not _float_exact(rows, matrix)
    rows[0][1] = Decimal("0.1")
    assert _float_exact(rows, matrix)  # equal values, and the equal 5s, are fine
