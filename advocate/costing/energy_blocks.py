"""Block pricing from a usage's sums: every plan's blocks on one schedule in one batch.

Each tariff's blocks are priced from the small sums matrices of energy_buckets in one batch
per (calendar, schedule, series, reset):
    units in block = clip(q - start * allowance, 0, (end - start) * allowance)
where q is the rate's use in a billing period and allowance = the reset period's daily share x
the period's days (see energy_calendar).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advocate.costing.energy_blocks_kernel import block_units
from advocate.costing.energy_buckets import PricingContext
from advocate.costing.energy_plan import Channel

BIG = 1e30  # stands in for an unbounded block width (inf * 0 days would be nan)


@dataclass(frozen=True)
class Batch:
    """Block rows of many plans priced on one (calendar, schedule, series, reset): `table`
    rows of (cell, period, start, end, price, factor), each result written to `dest` in the
    flat array of every plan's lines."""

    cal_key: tuple
    channel: Channel
    role: str
    reset: tuple[str, int]
    table: np.ndarray
    dest: np.ndarray


def price_jobs(context: PricingContext, batches: list[Batch], flat: np.ndarray) -> None:
    """Price every staged block: writes each row's units into `flat[batch.dest]`."""
    for batch in batches:
        use, days = context.sums(batch.cal_key, batch.channel, batch.role, batch.reset)
        flat[batch.dest] = _units(batch.table, use, days)


def scaled_price_jobs(context: PricingContext, batches: list[Batch], factors: np.ndarray,
                      size: int) -> np.ndarray:
    """price_jobs at the context's usage with consumption times each factor (export as it
    is), all factors at once: row k of the result is what price_jobs would write into `flat`
    under ScaledContext(context, factors[k], ...), to the bit (the same products)."""
    out = np.zeros((len(factors), size))
    scale = np.asarray(factors, dtype=float)[:, None, None]
    for batch in batches:
        use, days = context.sums(batch.cal_key, batch.channel, batch.role, batch.reset)
        use = np.broadcast_to(use, (len(factors), *use.shape)) if batch.role == "feed_in" \
            else use * scale
        out[:, batch.dest] = _units(batch.table, use, days)
    return out


def _units(table: np.ndarray, use: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Units of each block row (cell, period, start, end, price, factor) of `table` given the
    use per cell x billing period, with a leading axis of grid factors or without.

    The compiled kernel is given one kind of array each (the table C-ordered and read-only,
    the use and days writable and C-ordered: a feed-in use broadcast over the grid's factors
    is copied), so that one compiled version, made ahead by `flask advocate warm-up`, serves
    every call."""
    fixed = np.require(table, requirements="C").view()
    fixed.flags.writeable = False
    leading = use.ndim == 3
    use = np.require(use if leading else use[None], requirements=("C", "W"))
    units = block_units(fixed, use, np.require(days, requirements=("C", "W")), BIG).sum(axis=-1)
    return units if leading else units[0]
