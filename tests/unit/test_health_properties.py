"""Invariants of the health cost model, checked by Hypothesis on real and generated plans."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from advocate.costing.health import household_moop
from advocate.costing.health_claims import oop_for_claims
from advocate.costing.health_dominance import dominates
from advocate.costing.health_spending import oop_at_spending
from advocate.domain.health import Coverage, LimitKind, Service
from advocate.domain.health_needs import Claim
from providers.cms_rows import terms_from_row
from providers.cms_text import parse_cost_share
from tests.unit.health_plans import limits, plan

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cms_landscape"
with open(FIXTURES / "qhp_landscape_individual_medical_2014_4counties.csv",
          encoding="utf-8", newline="") as _handle:
    REAL = [terms_from_row(row) for row in csv.DictReader(_handle)]
with open(FIXTURES / "cost_sharing_meanings.tsv", encoding="utf-8", newline="") as _handle:
    TEXTS = sorted(r["text"] for r in csv.DictReader(_handle, delimiter="\t")
                   if r["kind"] == "cost_share"
                   and parse_cost_share(r["text"], "x").coverage in (Coverage.COVERED,
                                                                     Coverage.NOT_COVERED))
SERVICES = [s for s in Service if s is not Service.PREVENTIVE]
# Real plans a family can be priced on (two publish no family drug deductible).
FAMILY_SAFE = [t for t in REAL
               if t.variant().drug_deductible.family.kind is not LimitKind.SEE_PLAN_BROCHURE]


@st.composite
def generated_plans(draw):
    """A plan whose every service takes any covered text found in the bundled files."""
    deductible = draw(st.integers(0, 8_000))
    moop = draw(st.integers(deductible, 13_000))
    return plan({s: draw(st.sampled_from(TEXTS)) for s in SERVICES},
                deductible=limits(f"${deductible:,}", f"${2 * deductible:,}"),
                moop=limits(f"${moop:,}", f"${2 * moop:,}"))


plans = st.one_of(st.sampled_from(FAMILY_SAFE), generated_plans())
spending = st.floats(0, 3_000_000, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(plans, st.lists(st.tuples(spending, spending), min_size=1, max_size=4))
def test_out_of_pocket_never_falls_when_any_member_spends_more(terms, pairs):
    low = np.array([[min(a, b)] for a, b in pairs])
    high = np.array([[max(a, b)] for a, b in pairs])
    variant = terms.variant()
    before = oop_at_spending(variant, low).total[0]
    after = oop_at_spending(variant, high).total[0]
    assert after >= before - 1e-6


@settings(max_examples=150, deadline=None)
@given(plans, st.lists(spending, min_size=1, max_size=4))
def test_covered_out_of_pocket_never_exceeds_the_household_moop(terms, spends):
    variant = terms.variant()
    result = oop_at_spending(variant, np.array([[s] for s in spends]))
    cap = household_moop(variant.medical_moop, variant.drug_moop, variant.combined_moop,
                         len(spends))
    assert result.covered[0] <= float(cap) + 1e-6
    assert np.all(result.by_member.sum(axis=0) >= 0)


@settings(max_examples=100, deadline=None)
@given(plans, st.lists(st.tuples(st.sampled_from(SERVICES), st.integers(0, 40_000),
                                 st.integers(0, 2)), min_size=1, max_size=12))
def test_another_claim_never_lowers_what_was_owed(terms, raw):
    claims = [Claim(member, service, Decimal(allowed)) for service, allowed, member in raw]
    before = oop_for_claims(terms, claims[:-1], members=3).total
    assert oop_for_claims(terms, claims, members=3).total >= before


curves = st.lists(st.floats(0, 50_000, allow_nan=False), min_size=5, max_size=5).map(np.array)


@given(curves)
def test_no_plan_dominates_itself(curve):
    assert not dominates(curve, curve)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(REAL[:38]), st.integers(0, 8_000)),
                min_size=3, max_size=3))
def test_dominance_is_transitive_on_real_plans(picks):
    grid = np.array([[0, 100, 1_000, 5_000, 20_000, 100_000, 2_000_000]], dtype=float)
    a, b, c = (premium + oop_at_spending(terms.variant(), grid).total
               for terms, premium in picks)
    if dominates(a, b) and dominates(b, c):
        assert dominates(a, c)
    assert not (dominates(a, b) and dominates(b, a))
