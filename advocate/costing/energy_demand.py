"""Demand charges from interval data: the peak kW in a window per measurement period.

Demand (kW) of an interval = its general-consumption kWh / its length in hours (0.5 h for
half-hourly data). Intervals shorter than 30 minutes are first summed into 30-minute
blocks, because network demand tariffs are set on half-hourly demand; the controlled-load
element is not included (it is metered and tariffed separately).

For each measurement period (DAY: each date; MONTH: each calendar month; TARIFF_PERIOD: the
whole season in the data) the peak kW inside the charge's window and season is found; the
charged kW is clip(peak - min, 0, max - min) for the charge's demand bounds, and the charge
is amount x charged kW x (days of the period in the season / days per charge period), with
DAY = 1, MONTH = 365/12 and TARIFF_PERIOD = the season's days in the data. That reads e.g.
"$0.307/kW/day, measured monthly" as the month's peak times $0.307 times its days.
"""

from __future__ import annotations

import numpy as np

from advocate.costing.energy_calendar import DAYS_PER_MONTH, season_mask
from advocate.costing.energy_lines import Line
from advocate.costing.energy_plan import Demand, TariffPlan

DEMAND_MINUTES = 30


def demand_lines(context, plan: TariffPlan, cal_key: tuple) -> list[Line]:
    """One line per demand charge with a charge to make."""
    out = []
    for charge in plan.demand:
        units = demand_units(context, cal_key, charge)
        if units > 0:
            unit = f"kW x {charge.charge.lower().replace('_', ' ')}"
            out.append(
                Line(charge.name, units, unit, charge.amount, units * charge.amount, "demand")
            )
    return out


def demand_units(context, cal_key: tuple, charge: Demand) -> float:
    """Charged kW x charge periods over the data (multiply by the amount for dollars)."""
    cal = context.calendar(*cal_key)
    peaks = daily_peaks(context, cal_key, charge)
    in_season = season_mask(cal, charge.season.start, charge.season.end)
    group = _groups(cal, charge.measurement)
    count = int(group.max()) + 1
    peak = np.zeros(count)
    np.maximum.at(peak, group[in_season], peaks[in_season])
    days = np.bincount(group[in_season], weights=cal.day_weight[in_season], minlength=count)
    charged = np.clip(peak - charge.min_kw, 0.0, charge.max_kw - charge.min_kw)
    per_charge = {"DAY": 1.0, "MONTH": DAYS_PER_MONTH}.get(charge.charge)
    if per_charge is None:
        per_charge = float(cal.day_weight[in_season].sum()) or 1.0
    return float((charged * days).sum() / per_charge)


def _groups(cal, measurement: str) -> np.ndarray:
    if measurement == "DAY":
        return np.arange(cal.n_dates)
    if measurement == "MONTH":
        return cal.month_key - cal.month_key[0]
    return np.zeros(cal.n_dates, dtype=np.int64)


def daily_peaks(context, cal_key: tuple, charge: Demand) -> np.ndarray:
    """Highest kW in the charge's window on each local date (0 where none)."""
    key = (cal_key, "peaks", charge.window)
    cache = context.cache
    if key not in cache:
        usage = context.usage
        step = max(1, DEMAND_MINUTES // usage.interval_minutes)
        kwh = usage.import_kwh.reshape(-1, step).sum(axis=1)
        kw = kwh / (step * usage.interval_minutes / 60)
        mask = context.window_mask(cal_key, charge.window)[::step]
        cal = context.calendar(*cal_key)
        peaks = np.zeros(cal.n_dates)
        np.maximum.at(peaks, cal.date_id[::step][mask], kw[mask])
        cache[key] = peaks
    return cache[key]
