"""The batched engine gives every bundled plan exactly what the reference engine gives it.

The reference is `health_oop.Engine`, one plan at a time (`oop_at_spending`, `Engine.run`);
the batched engine prices all plans in one pass. Both are compared on every cost-sharing
variant of the 190 bundled 2014 landscape plans (382 variants): every array to the bit, and
every plan the reference refuses refused with the same error, without failing the others.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from advocate.costing.health import estimate_health
from advocate.costing.health_batch_figures import YearFigures
from advocate.costing.health_batch_ladder import (
    figures_batch_at_spending,
    oop_batch_at_spending,
    oop_batch_for_items,
)
from advocate.costing.health_claims import breakdown
from advocate.costing.health_dominance import household_grid
from advocate.costing.health_oop import Engine, OopResult
from advocate.costing.health_sampling import sample_years, summary
from advocate.costing.health_spending import oop_at_spending
from advocate.costing.health_usage import stated_items
from advocate.domain import UnpriceableTerms, to_cents
from advocate.domain.health import Service
from advocate.domain.health_needs import MemberUse, UseLevel
from providers.cms_rows import terms_from_row
from tests.unit.health_plans import limits, plan

LANDSCAPE = (Path(__file__).parents[1] / "fixtures" / "cms_landscape"
             / "qhp_landscape_individual_medical_2014_4counties.csv")
with open(LANDSCAPE, encoding="utf-8", newline="") as _handle:
    PLANS = [terms_from_row(row, plan_year=2014) for row in csv.DictReader(_handle)]
VARIANTS = [variant for terms in PLANS for variant in terms.variants.values()]
HOUSEHOLDS = {
    "one adult": [40],
    "a 60-year-old": [60],
    # two adults of one age band: the top of the grid is exactly $1,000,000 each, a
    # breakpoint of the ladder
    "two adults": [40, 38],
    "two adults and three children": [45, 44, 15, 12, 3],
}
YEARS = 64


def _same(batched, reference) -> bool:
    if isinstance(reference, UnpriceableTerms) or isinstance(batched, UnpriceableTerms):
        return (type(batched) is type(reference) and batched.message == reference.message
                and batched.field == reference.field)
    arrays = ("covered", "not_covered", "allowed", "by_member", "total")
    return (all(np.array_equal(getattr(batched, a), getattr(reference, a)) for a in arrays)
            and _same_arrays(batched.parts, reference.parts)
            and _same_arrays(batched.by_service, reference.by_service)
            and batched.assumptions == reference.assumptions)


def _same_arrays(a: dict, b: dict) -> bool:
    return list(a) == list(b) and all(np.array_equal(a[k], b[k]) for k in a)


def _reference(variant, spending) -> OopResult | UnpriceableTerms:
    try:
        return oop_at_spending(variant, spending)
    except UnpriceableTerms as exc:
        return exc


@pytest.mark.parametrize("ages", HOUSEHOLDS.values(), ids=HOUSEHOLDS.keys())
def test_every_bundled_plan_costs_what_the_reference_engine_says_in_years_and_on_the_grid(
        ages):
    years, grid = sample_years(ages, YEARS), household_grid(ages)
    spending = np.hstack([years, grid])
    blocks = [(0, YEARS), (YEARS, spending.shape[1])]
    found = oop_batch_at_spending(VARIANTS, spending, blocks)
    for block, (lo, hi) in enumerate(blocks):
        wrong = [v.name for v, batched in zip(VARIANTS, found[block], strict=True)
                 if not _same(batched, _reference(v, spending[:, lo:hi]))]
        assert not wrong, f"{len(wrong)} variants differ from the reference"


def test_a_plan_the_reference_refuses_is_refused_alone_and_the_rest_are_priced():
    ages = HOUSEHOLDS["two adults and three children"]
    found = oop_batch_at_spending(VARIANTS, sample_years(ages, YEARS))[0]
    refused = [r for r in found if isinstance(r, UnpriceableTerms)]
    # two Coventry IL plans publish their family drug deductible as 'See Plan Brochure' in
    # three variants (96601IL0230001 standard, 96601IL0230002 standard and 73 %); a family's
    # generic drugs depend on it
    assert len(refused) == 3 and all("See Plan Brochure" in r.message for r in refused)
    assert sum(isinstance(r, OopResult) for r in found) == len(VARIANTS) - 3


STATED = {
    "levels": ([40, 8], [MemberUse(level=UseLevel.HIGH), MemberUse(level=UseLevel.LOW)]),
    "a 60-year-old at medium use": ([60], [None]),
    "visits and a baby": ([30, 32], [MemberUse(events=("having_a_baby",)), MemberUse(
        visits=((Service.SPECIALIST, 3), (Service.INPATIENT_FACILITY, 1),
                (Service.GENERIC_DRUGS, 12)))]),
}


@pytest.mark.parametrize(("ages", "uses"), STATED.values(), ids=STATED.keys())
def test_stated_use_costs_what_the_reference_engine_says_to_the_cent(ages, uses):
    items, _ = stated_items(ages, uses)
    found = oop_batch_for_items(VARIANTS, len(ages), items)
    for variant, batched in zip(VARIANTS, found, strict=True):
        try:
            reference = Engine(variant, members=len(ages), grid=1).run(items)
        except UnpriceableTerms as exc:
            reference = exc
        assert _same(batched, reference), variant.name
        if isinstance(batched, OopResult):
            assert breakdown(batched, 0) == breakdown(reference, 0)


def test_the_figures_of_the_sampled_years_are_those_of_the_reference_arrays():
    ages = [40, 38, 8]
    years = sample_years(ages)
    figures = figures_batch_at_spending(VARIANTS, years)[0]
    for variant, found in zip(VARIANTS, figures, strict=True):
        reference = _reference(variant, years)
        if isinstance(reference, UnpriceableTerms):
            assert found.message == reference.message
            continue
        assert isinstance(found, YearFigures)
        expected = summary(reference.total)
        assert (found.mean, found.median, found.p95) == (
            expected.mean, expected.median, expected.p95)
        assert found.parts == {k: float(v.mean()) for k, v in reference.parts.items()}
        assert found.by_service == {k: float(v.mean()) for k, v in reference.by_service.items()}
        assert found.not_covered == float(reference.not_covered.mean())


def test_an_estimate_matches_one_built_on_the_reference_engine_to_the_cent():
    ages, premium = [40, 38, 8], Decimal("6000.00")
    for terms in PLANS[:38]:  # Dallas County
        variant = terms.variant()
        reference = summary(oop_at_spending(variant, sample_years(ages)).total)
        estimate = estimate_health(terms.plan_id, terms, ages, annual_net_premium=premium)
        assert estimate.expected == to_cents(premium + Decimal(str(reference.mean)))
        assert estimate.bad_year == to_cents(premium + Decimal(str(reference.p95)))
        assert estimate.details["out_of_pocket"]["median"] == to_cents(reference.median)


def _drug_limits_plan(number: int, *, separate_deductible: bool, separate_moop: bool):
    shares = {Service.GENERIC_DRUGS: "$10 Copay and 20% Coinsurance after deductible",
              Service.PREFERRED_BRAND_DRUGS: "40% Coinsurance after deductible",
              Service.SPECIALTY_DRUGS: "30% Coinsurance after deductible",
              Service.SPECIALIST: "$50 Copay after deductible",
              Service.INPATIENT_FACILITY: "$500 Copay per Day and 20% Coinsurance"}
    return plan(shares, plan_id=f"12345TX00{number:05d}",
                deductible=limits(f"${1_000 + 250 * number:,}", f"${3_000 + 500 * number:,}"),
                moop=limits(f"${4_000 + 300 * number:,}", f"${9_000 + 600 * number:,}"),
                drug_deductible=limits("$250", "$500") if separate_deductible else None,
                drug_moop=limits("$1,500", "$3,000") if separate_moop else None,
                default="20% Coinsurance after deductible").variant()


@pytest.mark.parametrize("ages", [[40], [40, 38, 8]], ids=["one person", "a family"])
def test_plans_with_and_without_separate_drug_limits_priced_together_cost_what_the_reference_says(
        ages):
    variants = [_drug_limits_plan(n, separate_deductible=n % 2 == 0, separate_moop=n % 3 == 0)
                for n in range(6)]
    spending = np.hstack([sample_years(ages, YEARS), household_grid(ages)])
    for variant, batched in zip(variants, oop_batch_at_spending(variants, spending)[0],
                                strict=True):
        assert _same(batched, _reference(variant, spending)), variant.name


def test_plan_tables_are_laid_out_once_per_plan_list_and_household_size():
    from advocate.costing import health_batch_ladder as ladder

    first = ladder._tables(VARIANTS[:20], 2)
    assert ladder._tables(list(VARIANTS[:20]), 2) is first
    assert ladder._tables(VARIANTS[:20], 3) is not first
    changed = [replace(VARIANTS[0], name="changed"), *VARIANTS[1:20]]
    assert ladder._tables(changed, 2)[0].variants[0].name == "changed"
