"""Each plan variant's out-of-pocket figures for a household's spending, remembered.

What `figures_batch_at_spending` gives a variant (its `YearFigures` over the sampled years and
its total at each level of the dominance grid) depends on nothing but the variant's cost
sharing and the spending columns: the sampled years and the grid, which follow from the
members' age bands alone (`health_sampling`, `health_dominance.household_grid`). Premiums,
tax credits and income do not enter it. So a variant priced once for a household's spending
need not be priced again, by this household or any other with members in the same age bands,
in the same order. Variants not yet priced for that spending are priced together in one pass.

Keys hold the inputs themselves: the variant's cost sharing as `health_batch_ladder.variant_key`
gives it, and the spending arrays' exact bytes. A plan whose terms change, or another
household's spending, is another key, and a hit returns to the bit what the engine would.
Entries are forgotten least recently used first beyond MAX_ENTRIES (measured ~7 KB each, a
`YearFigures` and a row of 241 grid totals: ~28 MB at most; a county's ~100 plans for ~35
households). Figures are shared between requests: grid rows are read-only arrays, refusals are
handed out as new errors each time (an error object keeps the traceback of every raise), and
`YearFigures` are frozen (and never changed by their readers).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from advocate.costing.health_batch_ladder import (
    HashedKey,
    figures_batch_at_spending,
    variant_key,
)
from advocate.domain import UnpriceableTerms
from advocate.domain.health import CostSharingVariant

MAX_ENTRIES = 4096


class FiguresCache:
    """`figures_batch_at_spending`, remembering each variant's figures for each spending."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[HashedKey, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def figures(self, variants: Sequence[CostSharingVariant], years: np.ndarray,
                grid: np.ndarray | None = None) -> list[list]:
        """What `figures_batch_at_spending(variants, years, grid)` returns."""
        spending = (_exact(years), None if grid is None else _exact(grid))
        keys = [HashedKey((variant_key(v), spending)) for v in variants]
        with self._lock:
            found = {key: self._entries.get(key) for key in keys}
            for key, entry in found.items():
                if entry is not None:
                    self._entries.move_to_end(key)
        missing = {key: v for key, v in zip(keys, variants, strict=True) if found[key] is None}
        if missing:
            priced = figures_batch_at_spending(list(missing.values()), years, grid)
            fresh = {key: tuple(_kept(block[i]) for block in priced)
                     for i, key in enumerate(missing)}
            found.update(fresh)
            self._remember(fresh)
        entries = [found[key] for key in keys]
        return [[_handed_out(entry[b]) for entry in entries]
                for b in range(1 if grid is None else 2)]

    def __len__(self) -> int:
        return len(self._entries)

    def _remember(self, fresh: dict[HashedKey, tuple]) -> None:
        with self._lock:
            self._entries.update(fresh)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


FIGURES = FiguresCache()


def _exact(spending: np.ndarray) -> tuple:
    """A key equal for two arrays exactly when they hold the same doubles in the same shape."""
    values = np.ascontiguousarray(spending, dtype=float)
    return values.shape, values.tobytes()


def _kept(outcome):
    """An outcome as stored: a grid row copied (not a view keeping the whole batch alive) and
    read-only."""
    if isinstance(outcome, np.ndarray):
        outcome = outcome.copy()
        outcome.setflags(write=False)
    return outcome


def _handed_out(outcome):
    if isinstance(outcome, UnpriceableTerms):
        return type(outcome)(outcome.message, field=outcome.field, details=outcome.details)
    return outcome
