"""Units in each block of a batch of block rows, compiled (Numba): one pass, no temporaries.

`energy_blocks._units` prices every block row of many plans against the use of each billing
period; with a daily reset that is rows x 366 periods x the usage grid's factors, and NumPy
made five full-size temporaries for it (gather, subtract, clip's two bounds, result). Here each
element is computed once, with NumPy's own operations in NumPy's order, so the result is the
same to the bit: allowance = days x factor; lower = start x allowance; width = min(end - start,
BIG) x allowance where the block is bounded, else infinity; units = clip(use - lower, 0, width)
with clip's comparisons (NumPy's PyArray_MAX / PyArray_MIN: `a > b ? a : b`, `a < b ? a : b`).
The sum over billing periods stays NumPy's (pairwise summation), on an array of the same
shape and layout. Its own module: Numba's on-disk cache is invalidated per source file.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def block_units(table, use, days, big):
    """units[f, r, b]: row r of `table` (cell, period, start, end, price, factor) at the use
    `use[f, cell, b]` of billing period b, for each leading index f (a grid factor)."""
    factors, periods = use.shape[0], use.shape[2]
    rows = table.shape[0]
    units = np.empty((factors, rows, periods))
    for r in range(rows):
        cell, period = int(table[r, 0]), int(table[r, 1])
        start, end, share = table[r, 2], table[r, 3], table[r, 5]
        bounded = np.isfinite(end)
        span = end - start
        span = span if span < big else big
        for b in range(periods):
            allowance = days[period, b] * share
            lower = start * allowance
            width = span * allowance if bounded else np.inf
            for f in range(factors):
                value = use[f, cell, b] - lower
                value = value if value > 0.0 else 0.0
                units[f, r, b] = value if value < width else width
    return units


def warm_up() -> None:
    """Compile (or load from Numba's cache) the kernel for the arrays the engine passes: a
    staged table (read-only), the use per factor, cell and period, and the days (both
    writable, C order; energy_blocks._units makes them so)."""
    table = np.array([[0.0, 0.0, 0.0, np.inf, 0.3, 1.0], [0.0, 0.0, 1.0, 2.0, 0.2, 1.0]])
    table.setflags(write=False)
    block_units(table, np.ones((2, 1, 2)), np.ones((1, 2)), 1e30)
