"""Whole-year totals of many energy plans at several scalings of one customer's use.

The ranking's dominance test prices every plan at the customer's consumption times each
factor of a grid (advocate.services.ranking_inputs.ENERGY_GRID). It needs one number per plan
and factor, the `expected` total of `assemble` (energy_assembly), so this path skips what a
displayed estimate needs (line items, Decimals, notes) and shares the per-interval work:

- the plans are staged once (energy_vector.stage): scaling consumption by a factor > 0 keeps
  the same channels to price;
- each factor's use per rate is the customer's own sums times the factor, and the blocks of
  every plan are priced for all factors in one pass (energy_blocks.scaled_price_jobs), so
  intervals are bucketed once for the whole grid;
- usage, controlled-load and feed-in amounts, their GST and their rounding to cents, and the
  discounts counted for the customer, are computed for every plan at once with NumPy; supply
  and fixed fees do not depend on use and are computed once per plan; a plan with demand
  charges or percent-of-bill fees goes through the same functions as `assemble`.

Every rule is `assemble`'s, applied in the same order (GST on taxable lines, each line rounded
half away from zero to cents, discounts on the bill before GST, capped by what is left), so
the totals equal `estimate_bills(...)[i].expected` at the scaled usage to the cent; tests check
it on every real plan (tests/unit/test_energy_bill_engine.py) and on generated tariffs
(tests/unit/test_energy_properties.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from advocate.costing.energy_assembly import (
    GST,
    TAXABLE,
    TAXED,
    USE,
    cents,
    discount_variants,
    earned_discounts,
    inc_gst,
)
from advocate.costing.energy_blocks import scaled_price_jobs
from advocate.costing.energy_buckets import PricingContext, ScaledContext, pricing_context
from advocate.costing.energy_compile import plan_for
from advocate.costing.energy_demand import demand_lines
from advocate.costing.energy_lines import Line
from advocate.costing.energy_notes import fee_lines, has_percent_of_bill_fees
from advocate.costing.energy_vector import (
    Staging,
    forget_old_time_bases,
    stage,
    supply_lines,
)
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
    base = pricing_context(usage)
    staging = stage(plans, usage)
    lines, fixed = _fixed_layout(base, staging, conditions)
    scale = usage.annualisation
    expected = discount_variants(conditions)["expected"]
    units = scaled_price_jobs(base, staging.batches, np.asarray(factors, dtype=float),
                              sum(staging.sizes))
    out = np.zeros((len(plans), len(factors)), dtype=np.int64)
    for column, factor in enumerate(factors):
        cents_, bill, use = lines.metered(units[column], scale)
        totals = fixed.totals(cents_, bill, use)
        context = None
        for row in fixed.plan_by_plan:
            plan, cal_key = staging.staged[row][0], staging.staged[row][1]
            extra = fixed.supply[row]
            if plan.demand:
                context = context or ScaledContext(base, factor, scaled_usage(usage, factor))
                extra = _plus_lines(extra, demand_lines(context, plan, cal_key), scale)
            totals[row] = _total(plan, int(cents_[row]), float(bill[row]), float(use[row]),
                                 extra, expected)
        out[:, column] = totals
    return out


def _fixed_layout(base: PricingContext, staging: Staging,
                  conditions: frozenset[str]) -> tuple[_LineTable, _FixedParts]:
    """The staging's line table and its fixed parts at this time base and conditions. Neither
    depends on the use itself, and the staging is shared by a market's customers (`stage`), so
    both are kept with it: the table once, the fixed parts for the most recent time bases."""
    lines = staging.derived.get("lines")
    if lines is None:
        lines = staging.derived["lines"] = _LineTable(staging)
    key = ("fixed", base.time_base_key, conditions)
    fixed = staging.derived.get(key)
    if fixed is None:
        # the annualisation (365 / days) is fixed by the time base
        fixed = staging.derived[key] = _FixedParts(
            base, staging, base.usage.annualisation, discount_variants(conditions)["expected"])
        forget_old_time_bases(staging.derived, key)
    return lines, fixed


class _LineTable:
    """Every plan's line templates in one table: owner, price and kind of each line."""

    def __init__(self, staging):
        self.plans = len(staging.staged)
        self.owner = np.repeat(np.arange(self.plans), staging.sizes)
        kinds = [kind for entry in staging.staged for (_, _, _, kind) in entry[3]]
        self.price = np.array([p for entry in staging.staged for (_, _, p, _) in entry[3]],
                              dtype=float)
        self.sign = np.where(np.array([kind == "feed_in" for kind in kinds]), -1.0, 1.0)
        self.taxed = np.array([kind in TAXED for kind in kinds], dtype=bool)
        self.taxable = np.array([kind in TAXABLE for kind in kinds], dtype=bool)
        self.use = np.array([kind in USE for kind in kinds], dtype=bool)

    def metered(self, quantity: np.ndarray, scale: float):
        """Per plan: cents inc GST of its usage lines, their taxable and usage dollars."""
        amount = self.sign * quantity * self.price
        if scale != 1.0:
            amount = amount * scale
        line_cents = _cents(np.where(self.taxed, amount * (1 + GST), amount))
        n = self.plans
        return (np.bincount(self.owner, weights=line_cents, minlength=n),
                np.bincount(self.owner, weights=np.where(self.taxable, amount, 0.0),
                            minlength=n),
                np.bincount(self.owner, weights=np.where(self.use, amount, 0.0), minlength=n))


_METHODS = {"percentOfBill": 0, "percentOfUse": 1, "fixedAmount": 2, "percentOverThreshold": 3}


class _FixedParts:
    """What does not depend on use, per plan: supply lines, fixed fees, and the discounts the
    customer is counted as earning (method, rate, amount, threshold), in their order. Plans
    with demand charges or percent-of-bill fees are priced plan by plan (`plan_by_plan`)."""

    def __init__(self, base: PricingContext, staging, scale: float, applies):
        staged = staging.staged
        self.supply = [_plus_lines((0, 0.0), supply_lines(base, plan, cal_key, pairs), scale)
                       for plan, cal_key, pairs, _, _ in staged]
        fees = [fee_lines(entry[0], 0.0)[0] for entry in staged]
        self.plan_by_plan = [row for row, entry in enumerate(staged)
                             if entry[0].demand or has_percent_of_bill_fees(entry[0])]
        self.cents = np.array([c + sum(cents(inc_gst(f)) for f in found)
                               for (c, _), found in zip(self.supply, fees, strict=True)],
                              dtype=float)
        self.bill = np.array([b for _, b in self.supply])
        self.fee_amount = np.array([sum(f.amount for f in found) for found in fees])
        counted = [[d for d in entry[0].tariff.discounts if applies(d)] for entry in staged]
        width = max((len(found) for found in counted), default=0)
        self.method = np.full((len(staged), width), -1)
        self.rate, self.amount, self.threshold = (np.zeros((len(staged), width))
                                                  for _ in range(3))
        for row, found in enumerate(counted):
            for column, discount in enumerate(found):
                self.method[row, column] = _METHODS.get(discount.method, -1)
                self.rate[row, column] = float(discount.rate or 0)
                self.amount[row, column] = float(discount.amount or 0)
                self.threshold[row, column] = float(discount.threshold or 0)

    def totals(self, metered_cents, metered_bill, use) -> np.ndarray:
        """_total for every plan at once (rows priced plan by plan are overwritten later):
        fixed fees on the bill, then each counted discount capped by what is left of it."""
        bill = (metered_bill + self.bill) + self.fee_amount
        total = metered_cents + self.cents
        left = bill.copy()
        for column in range(self.method.shape[1]):
            method, rate = self.method[:, column], self.rate[:, column]
            value = np.select(
                [method == 0, method == 1, method == 2, method == 3],
                [rate * bill, rate * use, self.amount[:, column],
                 rate * np.maximum(0.0, use - self.threshold[:, column])],
                default=0.0)
            value = np.minimum(value, left)
            earned = value > 0
            left = np.where(earned, left - value, left)
            total = total + np.where(earned, _cents(-value * (1 + GST)), 0.0)
        return total.astype(np.int64)


def _plus_lines(part: tuple[int, float], lines: list[Line], scale: float) -> tuple[int, float]:
    if scale != 1.0:
        lines = [line._replace(amount=line.amount * scale) for line in lines]
    return (part[0] + sum(cents(inc_gst(line)) for line in lines),
            part[1] + sum(line.amount for line in lines if line.kind in TAXABLE))


def _total(plan, metered_cents: int, metered_bill: float, use: float,
           extra: tuple[int, float], applies) -> int:
    """assemble's `expected` total from a plan's metered figures (see the module docstring)."""
    bill = metered_bill + extra[1]
    fees, _, _ = fee_lines(plan, bill)
    bill += sum(line.amount for line in fees)
    total = metered_cents + extra[0] + sum(cents(inc_gst(line)) for line in fees)
    if plan.tariff.discounts:
        found, _ = earned_discounts(plan.tariff.discounts, bill, use, applies)
        total += sum(cents(inc_gst(discount)) for discount in found)
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
