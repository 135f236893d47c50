"""The sampled years: Sobol' points, stratified for every member, and the figures read from
them (Hazen plotting positions)."""

from __future__ import annotations

import numpy as np
import pytest

from advocate.costing.health_sampling import (
    DIRECTIONS,
    SAMPLES,
    sample_years,
    sobol_points,
    summary,
)
from advocate.costing.health_spending import quantile
from advocate.costing.health_tables import band_for


@pytest.mark.parametrize("count", [1, 2, 64, SAMPLES])
def test_every_member_gets_one_year_in_each_slice_of_their_distribution(count):
    points = sobol_points(len(DIRECTIONS) + 1, count)
    middles = (np.arange(count) + 0.5) / count
    for coordinate in points:
        assert np.array_equal(np.sort(coordinate), middles)


def test_the_first_points_are_those_of_the_published_sequence_moved_to_their_strata():
    # The first eight points of the Sobol' sequence in dimensions 1-3 with Joe & Kuo's
    # direction numbers (as scipy.stats.qmc.Sobol(3, scramble=False) also gives them),
    # each coordinate then moved by half a stratum, 1/16.
    published = [(0, 0, 0), (0.5, 0.5, 0.5), (0.75, 0.25, 0.25), (0.25, 0.75, 0.75),
                 (0.375, 0.375, 0.625), (0.875, 0.875, 0.125), (0.625, 0.125, 0.875),
                 (0.125, 0.625, 0.375)]
    expected = {tuple(x + 1 / 16 for x in point) for point in published}
    assert {tuple(point) for point in sobol_points(3, 8).T} == expected


def test_two_members_are_spread_over_every_elementary_box():
    # Dimensions 1 and 2 form a (0, m, 2)-net: for every split 2^a x 2^b of the unit square
    # with a + b = m, each box holds exactly one of the 2^m points.
    points = sobol_points(2, 256)
    for a in range(9):
        boxes = (np.floor(points[0] * 2**a) * 2 ** (8 - a) + np.floor(points[1] * 2 ** (8 - a)))
        assert sorted(boxes) == list(range(256))


def test_the_years_are_each_members_spending_at_those_points():
    years = sample_years([40, 8])
    points = sobol_points(2, SAMPLES)
    assert years.shape == (2, SAMPLES)
    assert np.array_equal(years[0], quantile(band_for(40), points[0]))
    assert np.array_equal(years[1], quantile(band_for(8), points[1]))
    assert np.array_equal(sample_years([40, 8]), years)  # fixed points: figures reproduce


def test_a_count_that_is_not_a_power_of_two_is_refused():
    with pytest.raises(ValueError, match="power of two"):
        sobol_points(2, 300)
    with pytest.raises(ValueError, match="dimensions"):
        sobol_points(len(DIRECTIONS) + 2, 8)


def test_percentiles_are_read_at_the_middle_of_each_years_stratum():
    # 20 years of $0, $10, ... $190: year i stands for the stratum around (i + 0.5) / 20, so
    # the 95th percentile lies halfway between years 18 and 19 ($180 and $190) and the median
    # halfway between years 9 and 10 ($90 and $100).
    figures = summary(np.arange(20) * 10.0)
    assert (figures.mean, figures.median, figures.p95) == (95.0, 95.0, 185.0)
