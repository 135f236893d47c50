"""The pairwise dominance screen, compiled (Numba): which rows can dominate which targets.

A market of a few hundred offers has some 150,000 ordered pairs, and each pair is settled by
its first criterion where the row is worse (usually the first or second): compiled, a pair
that fails costs a comparison or two and the whole screen well under a millisecond, where
NumPy compared every pair on every criterion (an offers x targets array per criterion).

The comparisons are of doubles, lower is better, NaN for a missing value; the caller decides
whether doubles settle the question (advocate.scoring.dominance._float_exact) and confirms the
pairs exactly when they may not. Kept in its own module, like every compiled kernel here:
Numba's on-disk cache is invalidated per source file (advocate/costing/health_kernel.py).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def screen(values, start, stop, strict):
    """hits[t - start, j]: row j of `values` (offers x criteria) dominates row t, for the
    targets t in [start, stop). `strict`: as good everywhere and better somewhere; otherwise
    as good everywhere (a superset, for the caller to confirm exactly). A pair is compared
    only where both have a value; a value one has and the other lacks rules the pair out. A
    row never dominates itself."""
    offers, criteria = values.shape
    hits = np.zeros((stop - start, offers), dtype=np.bool_)
    for t in range(start, stop):
        for j in range(offers):
            if j == t:
                continue
            better, possible = False, True
            for c in range(criteria):
                mine, theirs = values[j, c], values[t, c]
                missing_mine, missing_theirs = np.isnan(mine), np.isnan(theirs)
                if missing_mine or missing_theirs:
                    if missing_mine != missing_theirs:
                        possible = False
                        break
                    continue
                if mine > theirs:
                    possible = False
                    break
                if mine < theirs:
                    better = True
            hits[t - start, j] = possible and (better or not strict)
    return hits


def warm_up() -> None:
    """Compile (or load from Numba's cache) the screen for both modes."""
    values = np.array([[1.0, np.nan], [2.0, np.nan]])
    screen(values, 0, 2, True)
    screen(values, 0, 2, False)
