"""Dominated health plans: no dearer at any level of care, cheaper at some."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import numpy as np

from advocate.costing.health_dominance import (
    FLAGS_LISTED,
    GRID,
    PlanChoice,
    cents,
    cost_curves,
    dominance_among,
    dominated_by,
    dominates,
    household_grid,
)
from advocate.domain import to_cents
from advocate.domain.health import MetalLevel, PlanType, Service
from providers.cms_rows import terms_from_row
from tests.unit.health_plans import limits, plan

IP = Service.INPATIENT_FACILITY
LANDSCAPE = (Path(__file__).parents[1] / "fixtures" / "cms_landscape"
             / "qhp_landscape_individual_medical_2014_4counties.csv")


def _choice(offer_id, terms, premium):
    return PlanChoice(offer_id, terms, Decimal(premium))


def test_the_same_plan_for_less_premium_dominates_by_the_premium_difference():
    terms = plan({IP: "20% Coinsurance after deductible"}, deductible=limits("$2,000"),
                 moop=limits("$6,000"))
    report = dominated_by([_choice("cheap", terms, "3000"), _choice("dear", terms, "3600")],
                          [40])
    (flag,) = report.dominated["dear"]
    assert flag.by == "cheap" and "cheap" not in report.dominated
    assert flag.cheaper_with_no_care == flag.cheaper_at_top == Decimal("600.00")
    assert flag.differences == ()


def test_plans_whose_costs_cross_do_not_dominate_each_other():
    # Low premium, $5,000 deductible vs $1,200 more premium, no deductible: the first is
    # cheaper with no care, the second once care passes about $1,200.
    high = plan({IP: "No Charge after deductible"}, deductible=limits("$5,000"),
                moop=limits("$5,000"))
    low = plan({IP: "No Charge after deductible"}, deductible=limits("$0"),
               moop=limits("$5,000"))
    report = dominated_by([_choice("hdhp", high, "2400"), _choice("rich", low, "3600")], [40])
    assert report.dominated == {}


def test_a_flag_lists_how_the_plans_differ_besides_cost():
    base = {IP: "20% Coinsurance after deductible"}
    winner = plan(base, deductible=limits("$1,000"), moop=limits("$5,000"),
                  plan_type=PlanType.HMO, issuer="Alpha", metal=MetalLevel.GOLD)
    loser = plan(base, deductible=limits("$2,000"), moop=limits("$6,000"),
                 plan_type=PlanType.PPO, issuer="Beta", metal=MetalLevel.SILVER)
    report = dominated_by([_choice("a", winner, "3000"), _choice("b", loser, "3000")], [40])
    (flag,) = report.dominated["b"]
    assert flag.differences == ("network type: HMO vs PPO", "issuer: Alpha vs Beta",
                                "metal level: Gold vs Silver")
    # With no care both cost their premium; at the top the MOOPs differ by $1,000.
    assert flag.cheaper_with_no_care == Decimal("0.00")
    assert flag.cheaper_at_top == Decimal("1000.00")


def test_the_grid_runs_from_no_care_past_every_moop_and_splits_it_by_age():
    grid = household_grid([40, 8])
    assert GRID[0] == 0 and GRID[-1] == 2_000_000
    assert grid.sum(axis=0)[-1] == 2_000_000
    assert grid[0, -1] > grid[1, -1]  # adults spend more than children


def test_real_dallas_plans_flag_dominated_ones_and_report_what_cannot_be_priced():
    with open(LANDSCAPE, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["county"] in ("DALLAS", "COOK")]
    terms = [terms_from_row(r) for r in rows]
    choices = [_choice(f"{t.plan_id}:{t.county_name}", t, t.premium_age_21 * 12)
               for t in terms]
    report = dominated_by(choices, [40, 38])
    # Both Coventry plans publish their family drug deductible as 'See Plan Brochure'.
    assert set(report.unpriced) == {"96601IL0230001:COOK", "96601IL0230002:COOK"}
    assert all("See Plan Brochure" in why for why in report.unpriced.values())
    gold = report.dominated["33602TX0420001:DALLAS"]
    best = next(f for f in gold if f.by == "33602TX0460001:DALLAS")
    premiums = {t.plan_id: t.premium_age_21 for t in terms}
    difference = (premiums["33602TX0420001"] - premiums["33602TX0460001"]) * 12
    assert best.cheaper_with_no_care == difference
    assert not any(f.by == "33602TX0420001:DALLAS"
                   for f in report.dominated.get("33602TX0460001:DALLAS", ()))


def test_a_plan_beaten_by_many_lists_the_ones_saving_most_and_counts_them_all():
    with open(LANDSCAPE, encoding="utf-8", newline="") as handle:
        terms = [terms_from_row(r) for r in csv.DictReader(handle) if r["county"] == "DALLAS"]
    choices = [_choice(t.plan_id, t, t.premium_age_21 * 12) for t in terms]
    curves, _ = cost_curves(choices, household_grid([45, 44, 15, 12]))
    report = dominance_among(choices, curves)
    assert max(report.counts.values()) > FLAGS_LISTED
    for loser, flags in report.dominated.items():
        winners = [w for w in curves if w != loser and dominates(curves[w], curves[loser])]
        assert report.counts[loser] == len(winners)
        saving = {w: to_cents(float((curves[loser] - curves[w]).max())) for w in winners}
        expected = sorted(winners, key=lambda w: (-saving[w], w))[:FLAGS_LISTED]
        assert [f.by for f in flags] == expected
        assert [f.largest_saving for f in flags] == [saving[w] for w in expected]
        for flag in flags:
            gap = curves[loser] - curves[flag.by]
            assert flag.cheaper_with_no_care == to_cents(float(gap[0]))
            assert flag.cheaper_at_top == to_cents(float(gap[-1]))
    assert set(report.counts) == set(report.dominated)


def test_curves_apart_by_about_the_tolerance_are_decided_as_dominates_decides():
    rng = np.random.default_rng(7)
    base = np.sort(rng.random(len(GRID)) * 20_000) + 1_000
    nudges = [0.0, 0.005, -0.005, 0.005 + 1e-9, 0.005 - 1e-9, 0.0051, 0.0049, 0.01, 1.0]
    curves = {f"c{i}": base - rng.choice(nudges, len(GRID)) for i in range(40)}
    terms = plan({}, deductible=limits("$0", "$0"), moop=limits("$1,000", "$2,000"))
    choices = [_choice(offer_id, terms, "0") for offer_id in curves]
    report = dominance_among(choices, curves)
    for loser in curves:
        winners = [w for w in curves if w != loser and dominates(curves[w], curves[loser])]
        assert report.counts.get(loser, 0) == len(winners)


def test_cents_are_to_cents_to_the_digit_near_and_away_from_half_cents():
    rng = np.random.default_rng(20140101)
    half_cents = rng.integers(0, 10**9, 2_000) / 100 + 0.005
    values = np.concatenate([
        rng.random(2_000) * 10.0 ** rng.integers(0, 9, 2_000),  # $0 to $100,000,000
        -rng.random(500) * 1_000,
        rng.integers(0, 10**9, 1_000) / 100,  # whole cents
        *(half_cents + nudge for nudge in (0.0, 1e-12, -1e-12, 1e-7, -1e-7, 1e-4, -1e-4)),
        [0.0, -0.0, 0.005, 1.005, 2.675, 5e-324, -1e-9, 99_999_999.995, 1e8, 3e9]])
    amounts, units = cents(values)
    expected = [to_cents(x) for x in values.tolist()]
    assert [str(a) for a in amounts] == [str(e) for e in expected]  # "-0.00" kept too
    assert units == [int(e * 100) for e in expected]
