"""Invariants of the ranking, held by Hypothesis over generated offers and weights."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from advocate.domain import Category
from advocate.scoring import (
    Candidate,
    criteria_for,
    dominated_by,
    dominates,
    rank,
    weights_from_priorities,
)
from advocate.scoring.weights import Weights

CATEGORIES = (Category.ELECTRICITY, Category.GAS, Category.HEALTH)
# few distinct amounts, so that ties and dominance are common
amounts = st.one_of(st.integers(8, 14).map(lambda n: Decimal(n * 100)),
                    st.integers(0, 500_000).map(lambda cents: Decimal(cents).scaleb(-2)))


def values_of(category: Category, key: str) -> st.SearchStrategy:
    if key == "certainty" and category is Category.HEALTH:
        return amounts
    return {"certainty": st.sampled_from([0, 1]), "quality": st.integers(1, 5),
            "flexibility": st.sampled_from([Decimal(0), Decimal("95.50"), Decimal(300)]),
            "green": st.sampled_from([0, 10, 25.5, 100])}[key]


@st.composite
def candidates(draw, category: Category, offer_id: str, grid: int) -> Candidate:
    keys = [c.key for c in criteria_for(category) if c.key != "cost"]
    values = {k: draw(st.none() | values_of(category, k)) for k in keys}
    return Candidate(offer_id, draw(st.sampled_from(["Alpha", "Beta"])), f"Plan {offer_id}",
                     draw(amounts), "AUD", True, values,
                     tuple(draw(amounts) for _ in range(grid)),
                     draw(st.none() | amounts))


@st.composite
def offer_sets(draw, min_size: int = 1, max_size: int = 7):
    category = draw(st.sampled_from(CATEGORIES))
    grid = draw(st.sampled_from([0, 3]))
    ids = draw(st.lists(st.text("abcxyz:0123", min_size=1, max_size=4), min_size=min_size,
                        max_size=max_size, unique=True))
    return category, [draw(candidates(category, i, grid)) for i in ids]


@st.composite
def weights_for(draw, category: Category) -> Weights:
    keys = [c.key for c in criteria_for(category)]
    if draw(st.booleans()):
        chosen = draw(st.permutations(keys))[:draw(st.integers(1, len(keys)))]
        order: list = []
        for key in chosen:  # randomly tie a criterion with the one before it
            if order and draw(st.booleans()):
                order[-1] = [*order[-1], key] if isinstance(order[-1], list) else [order[-1],
                                                                                   key]
            else:
                order.append(key)
        return weights_from_priorities(category, order)
    raw = draw(st.lists(st.integers(0, 5), min_size=len(keys), max_size=len(keys)).filter(
        any))
    return weights_from_priorities(category, weights={k: v / sum(raw) for k, v in
                                                      zip(keys, raw, strict=True)})


@st.composite
def ranked_problems(draw, min_size: int = 1):
    category, offers = draw(offer_sets(min_size=min_size))
    return offers, draw(weights_for(category))


def ids(ranking) -> list[str]:
    return [r.offer_id for r in ranking]


@given(ranked_problems(), st.randoms(use_true_random=False))
def test_the_order_does_not_depend_on_the_order_offers_arrive_in(problem, random):
    offers, weights = problem
    shuffled = list(offers)
    random.shuffle(shuffled)
    assert rank(shuffled, weights) == rank(offers, weights)


@given(ranked_problems())
def test_ranks_run_from_one_and_scores_lie_between_zero_and_one(problem):
    ranking = rank(*problem)
    assert [r.rank for r in ranking] == list(range(1, len(ranking) + 1))
    assert all(r.score is None or -1e-12 <= r.score <= 1 + 1e-12 for r in ranking)
    assert all(r.reason for r in ranking)


@st.composite
def with_a_dominated_copy(draw):
    offers, weights = draw(ranked_problems())
    base = draw(st.sampled_from(offers))
    worse = {k: _worse(weights.category, k, v, draw) for k, v in base.values.items()}
    extra = draw(st.integers(0, 300)) + (0 if worse != base.values else 1)
    copy = Candidate("zz:worse", base.brand, base.name, base.expected_cost + extra,
                     base.currency, base.includes_tax, worse,
                     tuple(g + draw(st.integers(0, 50)) for g in base.cost_grid))
    return [*offers, copy], weights


def _worse(category: Category, key: str, value, draw):
    if value is None or not draw(st.booleans()):
        return value
    lower_better = next(c for c in criteria_for(category) if c.key == key).direction.value \
        == "lower_is_better"
    return value + 1 if lower_better else value - 1


@given(st.one_of(ranked_problems(), with_a_dominated_copy()))
@settings(max_examples=300)
def test_a_dominated_offer_is_never_the_top_pick_and_follows_every_dominator(problem):
    offers, weights = problem
    ranking = rank(offers, weights)
    assert ranking[0].dominated_by == ()
    position = {r.offer_id: r.rank for r in ranking}
    for r in ranking:
        assert all(position[d] < r.rank for d in r.dominated_by)


@given(ranked_problems())
def test_the_float_screen_finds_exactly_the_dominance_pairs(problem):
    offers, weights = problem
    exact = {b.offer_id: tuple(sorted(a.offer_id for a in offers
                                      if dominates(a, b, weights.category)))
             for b in offers}
    assert dominated_by(offers, weights.category) == {k: v for k, v in exact.items() if v}


@st.composite
def an_offer_within_range(draw):
    offers, weights = draw(ranked_problems(min_size=2))
    new_values = {}
    for key in offers[0].values:
        known = [c.values[key] for c in offers if c.values[key] is not None]
        new_values[key] = _within(draw, known, weights.of(key) > 0, weights.category, key)
    costs = [c.expected_cost for c in offers]
    cost = _within(draw, costs, weights.of("cost") > 0, weights.category, "cost")
    cost = costs[0] if cost is None else cost
    grid = tuple(draw(amounts) for _ in offers[0].cost_grid)
    new = Candidate("new!", "Newco", "Newcomer", cost, "AUD", True, new_values, grid)
    return offers, weights, new


def _within(draw, known: list, weighted: bool, category: Category, key: str):
    """A value inside the known range when the criterion is weighted, anything otherwise."""
    if not weighted or not known:
        return draw(st.none() | (amounts if key == "cost" else values_of(category, key)))
    if draw(st.booleans()):
        return draw(st.sampled_from(known))
    low, high = Decimal(str(min(known))), Decimal(str(max(known)))
    return low + (high - low) * draw(st.integers(0, 8)) / 8


@given(an_offer_within_range())
@settings(max_examples=300)
def test_adding_an_offer_within_every_weighted_range_keeps_the_others_in_order(problem):
    offers, weights, new = problem
    before = ids(rank(offers, weights))
    after = [i for i in ids(rank([*offers, new], weights)) if i != new.offer_id]
    assert after == before
