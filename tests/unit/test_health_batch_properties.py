"""The invariants of the health cost model hold on the batched path too (Hypothesis, on real
and generated plans priced together), and it agrees with the reference engine plan by plan."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from advocate.costing.health import household_moop
from advocate.costing.health_batch_ladder import oop_batch_at_spending
from advocate.costing.health_dominance import PlanChoice, dominance_among, dominates
from advocate.costing.health_spending import oop_at_spending
from advocate.domain import UnpriceableTerms
from tests.unit.test_health_properties import REAL, plans, spending

plan_sets = st.lists(plans, min_size=1, max_size=5)
households = st.lists(st.tuples(spending, spending), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(plan_sets, households)
def test_out_of_pocket_never_falls_when_any_member_spends_more_on_the_batched_path(
        terms, pairs):
    low = np.array([[min(a, b)] for a, b in pairs])
    high = np.array([[max(a, b)] for a, b in pairs])
    grid = np.hstack([low, high])
    for result in oop_batch_at_spending([t.variant() for t in terms], grid)[0]:
        assert result.total[1] >= result.total[0] - 1e-6


@settings(max_examples=60, deadline=None)
@given(plan_sets, st.lists(spending, min_size=1, max_size=4))
def test_covered_out_of_pocket_never_exceeds_the_household_moop_on_the_batched_path(
        terms, spends):
    variants = [t.variant() for t in terms]
    found = oop_batch_at_spending(variants, np.array([[s] for s in spends]))[0]
    for variant, result in zip(variants, found, strict=True):
        cap = household_moop(variant.medical_moop, variant.drug_moop, variant.combined_moop,
                             len(spends))
        assert result.covered[0] <= float(cap) + 1e-6


@settings(max_examples=60, deadline=None)
@given(plan_sets, st.lists(st.lists(spending, min_size=3, max_size=3), min_size=1,
                           max_size=3))
def test_each_plan_of_a_batch_costs_what_the_reference_engine_says(terms, rows):
    years = np.array(rows)
    variants = [t.variant() for t in terms]
    for variant, batched in zip(variants, oop_batch_at_spending(variants, years)[0],
                                strict=True):
        try:
            reference = oop_at_spending(variant, years)
        except UnpriceableTerms as exc:
            assert batched.message == exc.message
            continue
        assert np.array_equal(batched.total, reference.total)
        assert np.array_equal(batched.by_member, reference.by_member)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(REAL[:38]), st.integers(0, 8_000)),
                min_size=2, max_size=6, unique_by=lambda pick: pick[0].plan_id))
def test_the_dominance_matrix_flags_exactly_the_pairs_dominates_flags(picks):
    grid = np.array([[0, 100, 1_000, 5_000, 20_000, 100_000, 2_000_000]], dtype=float)
    choices = [PlanChoice(t.plan_id, t, Decimal(premium)) for t, premium in picks]
    found = oop_batch_at_spending([t.variant() for t, _ in picks], grid)[0]
    curves = {c.offer_id: float(c.annual_net_premium) + r.total
              for c, r in zip(choices, found, strict=True)}
    report = dominance_among(choices, curves)
    for loser in curves:
        expected = sorted(w for w in curves if w != loser
                          and dominates(curves[w], curves[loser]))
        assert sorted(d.by for d in report.dominated.get(loser, ())) == expected
