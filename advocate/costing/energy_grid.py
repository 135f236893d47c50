"""Whole-year totals of many energy plans at several scalings of one customer's use.

The ranking's dominance test prices every plan at the customer's consumption times each
factor of a grid (advocate.services.ranking_inputs.ENERGY_GRID). It needs one number per plan
and factor, the `expected` total of `assemble` (energy_assembly), so this path skips what a
displayed estimate needs (line items, Decimals, notes) and shares the per-interval work:

- the plans are staged once (energy_vector.stage): scaling consumption by a factor > 0 keeps
  the same channels to price;
- each factor's use per rate comes from the customer's own sums times the factor
  (energy_buckets.ScaledContext), so intervals are bucketed once for the whole grid;
- usage, controlled-load and feed-in amounts, their GST and their rounding to cents are
  computed for every plan at once with NumPy; supply and fixed fees do not depend on use and
  are computed once per plan; demand charges, percent-of-bill fees and discounts go through the
  same functions as `assemble`, plan by plan.

Every rule is `assemble`'s, applied in the same order (GST on taxable lines, each line rounded
half away from zero to cents, discounts on the bill before GST, capped by what is left), so
the totals equal `estimate_bills(...)[i].expected` at the scaled usage to the cent; the tests
(tests/unit/test_energy_grid.py) check it on the real plans and on generated variants.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from advocate.costing.energy_assembly import (
    GST,
    TAXABLE,
    TAXED,
    USE,
    _discounts,
    _inc_gst,
    _variants,
    cents,
)
from advocate.costing.energy_buckets import PricingContext, ScaledContext
from advocate.costing.energy_compile import plan_for
from advocate.costing.energy_demand import demand_lines
from advocate.costing.energy_lines import Line
from advocate.costing.energy_notes import fee_lines
from advocate.costing.energy_vector import quantities, stage, supply_lines
from advocate.domain.energy import EnergyTariff
from advocate.domain.usage import IntervalUsage


def grid_totals(
    tariffs: Sequence[EnergyTariff],
    usage: IntervalUsage,
    factors: Sequence[float],
    *,
    conditions: frozenset[str] = frozenset(),
) -> np.ndarray:
    """Expected whole-year cost in cents inc. GST of each tariff (rows) at `usage` with its
    consumption times each factor (columns); export is not scaled. Factors must be > 0."""
    if any(factor <= 0 for factor in factors):
        raise ValueError("usage factors must be positive")
    plans = [plan_for(tariff) for tariff in tariffs]
    base = PricingContext(usage)
    staging = stage(plans, usage)
    owner = np.repeat(np.arange(len(plans)), staging.sizes)
    kinds = [kind for entry in staging.staged for (_, _, _, kind) in entry[3]]
    price = np.array([p for entry in staging.staged for (_, _, p, _) in entry[3]], dtype=float)
    sign = np.where(np.array([kind == "feed_in" for kind in kinds]), -1.0, 1.0)
    taxed = np.array([kind in TAXED for kind in kinds])
    taxable = np.array([kind in TAXABLE for kind in kinds])
    use_mask = np.array([kind in USE for kind in kinds])
    scale = usage.annualisation
    fixed = [_fixed_part(base, entry, scale) for entry in staging.staged]
    expected = _variants(conditions)["expected"]
    out = np.zeros((len(plans), len(factors)), dtype=np.int64)
    for column, factor in enumerate(factors):
        context = ScaledContext(base, factor, scaled_usage(usage, factor))
        amount = sign * quantities(context, staging) * price
        if scale != 1.0:
            amount = amount * scale
        line_cents = _cents(np.where(taxed, amount * (1 + GST), amount))
        n = len(plans)
        metered_cents = np.bincount(owner, weights=line_cents, minlength=n)
        metered_bill = np.bincount(owner, weights=np.where(taxable, amount, 0.0), minlength=n)
        metered_use = np.bincount(owner, weights=np.where(use_mask, amount, 0.0), minlength=n)
        for row, entry in enumerate(staging.staged):
            extra = fixed[row]
            if entry[0].demand:
                extra = _plus_lines(extra, demand_lines(context, entry[0], entry[1]), scale)
            out[row, column] = _total(
                entry[0], int(metered_cents[row]), float(metered_bill[row]),
                float(metered_use[row]), extra, expected
            )
    return out


def _fixed_part(context: PricingContext, entry: tuple, scale: float) -> tuple[int, float]:
    """(cents inc GST, taxable dollars ex GST) of a plan's supply lines: use-independent."""
    plan, cal_key, pairs = entry[0], entry[1], entry[2]
    return _plus_lines((0, 0.0), supply_lines(context, plan, cal_key, pairs), scale)


def _plus_lines(part: tuple[int, float], lines: list[Line], scale: float) -> tuple[int, float]:
    if scale != 1.0:
        lines = [line._replace(amount=line.amount * scale) for line in lines]
    return (part[0] + sum(cents(_inc_gst(line)) for line in lines),
            part[1] + sum(line.amount for line in lines if line.kind in TAXABLE))


def _total(plan, metered_cents: int, metered_bill: float, use: float,
           extra: tuple[int, float], applies) -> int:
    """assemble's `expected` total from a plan's metered figures (see the module docstring)."""
    bill = metered_bill + extra[1]
    fees, _, _ = fee_lines(plan, bill)
    bill += sum(line.amount for line in fees)
    total = metered_cents + extra[0] + sum(cents(_inc_gst(line)) for line in fees)
    if plan.tariff.discounts:
        found, _ = _discounts(plan.tariff.discounts, bill, use, applies)
        total += sum(cents(_inc_gst(discount)) for discount in found)
    return total


def _cents(values: np.ndarray) -> np.ndarray:
    """energy_assembly.cents on an array: whole cents, half away from zero."""
    return np.copysign(np.floor(np.abs(values) * 100 + 0.5000001), values)


def scaled_usage(usage: IntervalUsage, factor: float) -> IntervalUsage:
    """The same usage with consumption (general and controlled load) times `factor`; export
    is the customer's own (a household using more does not generate less)."""
    if factor == 1.0:
        return usage
    return usage.with_changes(import_kwh=usage.import_kwh * factor,
                              controlled_kwh=usage.controlled_kwh * factor)
