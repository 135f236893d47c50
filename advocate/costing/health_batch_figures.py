"""What the estimates read from a batched engine's columns, for every plan at once: the
mean, median and 95th percentile of out-of-pocket over the sampled years, the mean of each
part and service, and the total in each column of the dominance grid.

Every figure is the one `health_sampling.summary` and numpy's `mean` give on the plan's own
arrays (`BatchEngine.results`): the plans' columns are laid out as contiguous rows first,
and numpy reduces each row as it reduces a single array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advocate.costing.health_batch import PART_NAMES, SERVICES, BatchEngine
from advocate.domain import UnpriceableTerms
from advocate.domain.health import Service


@dataclass(frozen=True, slots=True)
class YearFigures:
    """One plan's out-of-pocket over the sampled years (USD a year). (Slots: thousands are
    kept by `health_figures_cache`.)"""

    mean: float
    median: float
    p95: float
    parts: dict[str, float]  # mean of "deductible", "copays", "coinsurance", "not_covered"
    by_service: dict[Service, float]  # mean paid per service claimed
    not_covered: float  # mean paid in full for services the plan does not cover
    assumptions: tuple[str, ...]


def year_figures(engine: BatchEngine, block: int) -> list[YearFigures | UnpriceableTerms]:
    """Each plan's figures over the columns of `block`, or why it was refused."""
    lo, hi = engine.blocks[block]
    not_covered = engine.not_covered[lo:hi]
    total = _rows(engine.by_member[:, lo:hi].sum(axis=0) - not_covered + not_covered)
    median, p95 = np.quantile(total, [0.5, 0.95], axis=1, method="hazen")
    means = {name: _rows(engine.parts[i, lo:hi]).mean(axis=1)
             for i, name in enumerate(PART_NAMES)}
    means["not_covered"] = _rows(not_covered).mean(axis=1)
    services = {s: _rows(engine.by_service[SERVICES.index(s), lo:hi]).mean(axis=1)
                for s in engine.seen[block]}
    mean = total.mean(axis=1)
    return [engine.refused[block].get(p) or YearFigures(
        mean=float(mean[p]), median=float(median[p]), p95=float(p95[p]),
        parts={name: float(values[p]) for name, values in means.items()},
        by_service={s: float(values[p]) for s, values in services.items()},
        not_covered=float(means["not_covered"][p]), assumptions=engine.table.assumptions[p])
        for p in range(engine.table.plans)]


def column_totals(engine: BatchEngine, block: int) -> list[np.ndarray | UnpriceableTerms]:
    """Each plan's total out-of-pocket in each column of `block`, or why it was refused."""
    lo, hi = engine.blocks[block]
    not_covered = engine.not_covered[lo:hi]
    total = _rows(engine.by_member[:, lo:hi].sum(axis=0) - not_covered + not_covered)
    return [engine.refused[block].get(p) or total[p] for p in range(engine.table.plans)]


def _rows(columns_by_plan: np.ndarray) -> np.ndarray:
    """(columns, plans) -> (plans, columns), each plan's row contiguous."""
    return np.ascontiguousarray(columns_by_plan.T)
