"""The compiled kernels give NumPy's answers to the bit, and one compiled version serves all.

Each kernel replaced a NumPy computation whose results the answers had carried; the NumPy
formulas are kept here as the oracles."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from advocate.costing import energy_blocks_kernel
from advocate.costing.energy import estimate_bills
from advocate.costing.energy_blocks import BIG, _units
from advocate.costing.energy_grid import grid_totals
from advocate.scoring.dominance_kernel import screen
from tests.unit.test_energy_bill_engine import ELECTRICITY, HALF_HOURS, year

VALUES = st.one_of(st.just(np.nan), st.sampled_from([0.0, 1.0, 2.5, -1.0]),
                   st.floats(-1e6, 1e6, allow_nan=False))


def numpy_units(table, use, days):
    """What energy_blocks._units computed with NumPy before the kernel."""
    cells, periods = table[:, 0].astype(np.int64), table[:, 1].astype(np.int64)
    allowance = days[periods] * table[:, 5:6]
    bounded = np.isfinite(table[:, 3:4])
    width = np.where(bounded, np.minimum(table[:, 3:4] - table[:, 2:3], BIG) * allowance, np.inf)
    return np.clip(use[..., cells, :] - table[:, 2:3] * allowance, 0.0, width).sum(axis=-1)


@st.composite
def block_batches(draw):
    cells, periods, bills = draw(st.integers(1, 3)), draw(st.integers(1, 2)), draw(
        st.integers(1, 14))
    rows = draw(st.integers(0, 6))
    starts = draw(st.lists(st.floats(0, 50), min_size=rows, max_size=rows))
    widths = draw(st.lists(st.one_of(st.just(np.inf), st.floats(0, 80)), min_size=rows,
                           max_size=rows))
    table = np.array([[draw(st.integers(0, cells - 1)), draw(st.integers(0, periods - 1)),
                       start, start + width, 0.25, draw(st.sampled_from([1.0, 1 / 12, 0.5]))]
                      for start, width in zip(starts, widths, strict=True)]).reshape(rows, 6)
    days = draw(arrays(float, (periods, bills), elements=st.floats(0, 31)))
    use = draw(arrays(float, (cells, bills), elements=st.floats(0, 1e4)))
    factors = draw(st.lists(st.sampled_from([0.5, 0.75, 1.5, 2.0]), min_size=1, max_size=4))
    return table, use, days, np.array(factors)


@settings(max_examples=150, deadline=None)
@given(block_batches())
def test_block_units_are_numpys_to_the_bit(batch):
    table, use, days, factors = batch
    scaled = use * factors[:, None, None]
    # the feed-in use at the grid's levels is the same use broadcast over the factors: NumPy
    # summed a broadcast array's units in another order, the kernel as for any other
    for given_use in (use, scaled, np.broadcast_to(use, scaled.shape)):
        ours = _units(table, given_use, days)
        numpys = numpy_units(table, np.ascontiguousarray(given_use), days)
        assert ours.shape == numpys.shape
        assert np.array_equal(ours.view(np.int64), numpys.view(np.int64))


def exact_hits(values, strict):
    """hits[t, j]: the dominance rule pair by pair, in plain Python."""
    count = len(values)
    hits = np.zeros((count, count), dtype=bool)
    for t in range(count):
        for j in range(count):
            mine, theirs = values[j], values[t]
            if j == t or not np.array_equal(np.isnan(mine), np.isnan(theirs)):
                continue
            present = ~np.isnan(mine)
            no_worse = bool(np.all(mine[present] <= theirs[present]))
            better = bool(np.any(mine[present] < theirs[present]))
            hits[t, j] = no_worse and (better or not strict)
    return hits


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 7).flatmap(lambda n: arrays(float, (n, 4), elements=VALUES)),
       st.booleans())
def test_the_dominance_screen_is_the_rule_pair_by_pair(values, strict):
    hits = np.vstack([screen(values, start, min(start + 3, len(values)), strict)
                      for start in range(0, len(values), 3)])
    assert np.array_equal(hits, exact_hits(values, strict))


def test_one_compiled_block_kernel_serves_every_call_the_engine_makes():
    energy_blocks_kernel.warm_up()
    general = np.full(HALF_HOURS, 0.3)
    usage = year(general, controlled=np.full(HALF_HOURS, 0.1),
                 export=np.where(np.arange(HALF_HOURS) % 48 == 24, 2.0, 0.0))
    estimate_bills(ELECTRICITY, usage)
    grid_totals([tariff for _, tariff in ELECTRICITY], usage, [0.5, 2.0])
    assert len(energy_blocks_kernel.block_units.signatures) == 1
