"""A year of spending as claims, and the spending distribution of each member's age band.

`ladder_items` turns annual allowed spending per member (arrays over G scenarios) into fluid
claims: the spending path from $0 up is cut at fixed breakpoints into slices, each slice divides
among services by the ladder of `service_mix.csv`, and claim counts follow from the allowed
amount per unit (`unit_prices.csv`). Slices are taken in order, members in turn within each
slice, so a family's deductibles fill up together. Because the breakpoints are fixed dollar
amounts, more spending only appends claims, which keeps out-of-pocket non-decreasing in
spending.

`quantile` is each member's spending distribution (`health_tables.AgeBand`); the sampled years
built from it are `health_sampling`'s.
"""

from __future__ import annotations

from itertools import pairwise
from statistics import NormalDist

import numpy as np

from advocate.costing.health_oop import Engine, Item, OopResult
from advocate.costing.health_tables import AgeBand, band_for, mix_bands, unit_prices
from advocate.domain.health import CostSharingVariant, Service

BREAKPOINTS = np.array([0, 50, 100, 200, 350, 500, 750, 1_000, 1_500, 2_000, 3_000, 4_500,
                        6_500, 10_000, 15_000, 22_500, 35_000, 50_000, 75_000, 110_000,
                        160_000, 250_000, 400_000, 650_000, 1_000_000, np.inf])
_NORMAL = NormalDist()


def quantile(band: AgeBand, u: np.ndarray) -> np.ndarray:
    """Annual spending (USD) at population quantiles `u` (0..1) of `band`."""
    nobody = 1 - band.share_with_expense
    conditional = np.clip((np.asarray(u, dtype=float) - nobody) / band.share_with_expense,
                          0.0, 1.0 - 1e-12)
    z = np.array([_NORMAL.inv_cdf(c) if c > 0 else -np.inf for c in conditional.ravel()])
    spend = np.exp(band.mu + band.sigma * z).reshape(conditional.shape)
    return np.where(np.asarray(u) <= nobody, 0.0, spend)


def spending_at(age: int, percentile: float) -> float:
    """A member's annual spending at `percentile` (0..1) of their age band."""
    return float(quantile(band_for(age), np.array([percentile]))[0])


def ladder_items(spending: np.ndarray) -> list[Item]:
    """Fluid claims for spending (members x G) along the ladder, in processing order."""
    prices = unit_prices()
    items: list[Item] = []
    for low, high in pairwise(BREAKPOINTS):
        shares = shares_between(low, high)
        for member, row in enumerate(spending):
            amount = np.clip(row - low, 0.0, high - low)
            if not np.any(amount > 0):
                continue
            for service, share in shares.items():
                allowed = amount * share
                units = allowed / prices[service].allowed
                items.append(Item(member, service, allowed, units,
                                  units * prices[service].days, fluid=True))
    return items


def oop_at_spending(variant: CostSharingVariant, spending: np.ndarray) -> OopResult:
    """The household's out-of-pocket when member i spends `spending[i]` (arrays over G)."""
    spending = np.atleast_2d(np.asarray(spending, dtype=float))
    engine = Engine(variant, members=spending.shape[0], grid=spending.shape[1])
    return engine.run(ladder_items(spending))


def shares_between(low: float, high: float) -> dict[Service, float]:
    """How spending between two adjacent breakpoints divides among services."""
    for band in mix_bands():
        if band.start <= low and high <= band.end:
            return band.shares
    raise ValueError(f"breakpoints {low}-{high} straddle a service-mix band")
