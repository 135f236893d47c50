"""Figures remembered per plan variant and household spending are the engine's own."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import advocate.costing.health_figures_cache as cache_module
from advocate.costing.health_batch_ladder import figures_batch_at_spending
from advocate.costing.health_dominance import household_grid
from advocate.costing.health_figures_cache import FiguresCache
from advocate.costing.health_sampling import sample_years
from advocate.domain import UnpriceableTerms
from providers.cms_rows import terms_from_row

LANDSCAPE = (Path(__file__).parents[1] / "fixtures" / "cms_landscape"
             / "qhp_landscape_individual_medical_2014_4counties.csv")
with open(LANDSCAPE, encoding="utf-8", newline="") as _handle:
    _ROWS = [row for row in csv.DictReader(_handle) if row["county"] in ("DALLAS", "COOK")]
VARIANTS = [terms_from_row(row, plan_year=2014).variant() for row in _ROWS[:12]]
# a Coventry (Cook County) plan whose family drug deductible is "See Plan Brochure"
REFUSED = next(terms_from_row(row, plan_year=2014).variant() for row in _ROWS
               if row["plan_id_standard_component"] == "96601IL0230001")
FAMILY = [45, 44, 8]


@pytest.fixture
def engine_runs(monkeypatch) -> list[int]:
    """How many variants each run of the engine priced."""
    runs: list[int] = []

    def counted(variants, years, grid=None):
        runs.append(len(variants))
        return figures_batch_at_spending(variants, years, grid)

    monkeypatch.setattr(cache_module, "figures_batch_at_spending", counted)
    return runs


def _same(found: list[list], expected: list[list]) -> bool:
    """The same figures, grid totals (to the bit) and refusals, block by block."""
    def equal(a, b) -> bool:
        if isinstance(b, UnpriceableTerms):
            return isinstance(a, UnpriceableTerms) and a.message == b.message
        return np.array_equal(a, b) if isinstance(b, np.ndarray) else a == b

    return all(equal(a, b) for block, wanted in zip(found, expected, strict=True)
               for a, b in zip(block, wanted, strict=True))


def test_a_household_priced_again_gets_the_engines_figures_without_running_it(engine_runs):
    cache, years, grid = FiguresCache(), sample_years(FAMILY), household_grid(FAMILY)
    first = cache.figures(VARIANTS, years, grid)
    again = cache.figures(VARIANTS, years, grid)
    assert engine_runs == [len(VARIANTS)]
    assert _same(first, figures_batch_at_spending(VARIANTS, years, grid))
    assert _same(again, first)


def test_only_variants_not_yet_priced_for_that_spending_are_run(engine_runs):
    cache, years, grid = FiguresCache(), sample_years(FAMILY), household_grid(FAMILY)
    cache.figures(VARIANTS[:5], years, grid)
    found = cache.figures(VARIANTS, years, grid)
    assert engine_runs == [5, len(VARIANTS) - 5]
    assert _same(found, figures_batch_at_spending(VARIANTS, years, grid))


def test_a_household_in_other_age_bands_is_priced_apart(engine_runs):
    cache = FiguresCache()
    cache.figures(VARIANTS, sample_years(FAMILY), household_grid(FAMILY))
    same_bands = [50, 30, 10]  # members in the same age bands, in the same order
    cache.figures(VARIANTS, sample_years(same_bands), household_grid(same_bands))
    other = [50, 30, 3]
    cache.figures(VARIANTS, sample_years(other), household_grid(other))
    assert engine_runs == [len(VARIANTS), len(VARIANTS)]


def test_the_least_recently_used_figures_are_forgotten_first(engine_runs):
    cache, years = FiguresCache(max_entries=8), sample_years(FAMILY)
    cache.figures(VARIANTS[:6], years)
    cache.figures(VARIANTS[:2], years)  # used again: now the most recent
    cache.figures(VARIANTS[6:10], years)  # two of the first six must go
    assert len(cache) == 8
    cache.figures(VARIANTS[:2], years)
    cache.figures(VARIANTS[2:4], years)
    assert engine_runs == [6, 4, 2]


def test_refusals_are_new_errors_each_time_and_grid_totals_cannot_be_changed():
    cache, years, grid = FiguresCache(), sample_years(FAMILY), household_grid(FAMILY)
    first = cache.figures([REFUSED, VARIANTS[0]], years, grid)
    again = cache.figures([REFUSED, VARIANTS[0]], years, grid)
    assert isinstance(first[0][0], UnpriceableTerms) and first[0][0] is not again[0][0]
    assert first[0][0].message == again[0][0].message and "See Plan Brochure" in (
        first[0][0].message)
    with pytest.raises(ValueError):
        again[1][1][0] = 0.0
