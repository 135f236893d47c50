"""The reference bill: a plain loop over every interval, for checking the vectorised engine.

It reads the tariff's own rules directly (Season.contains, TimeWindow.applies), converts
each interval's AEST time to local time with zoneinfo one by one, fills block steps as
consumption accumulates through each billing period, and tracks demand peaks interval by
interval. Only the line names, the fee/discount/GST assembly and the notes are shared with
the vectorised path. It is slow by design (about a second per plan-year).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from advocate.costing.energy_assembly import assemble
from advocate.costing.energy_calendar import DAYS_PER_MONTH, is_holiday
from advocate.costing.energy_compile import plan_for
from advocate.costing.energy_lines import Line, Priced
from advocate.costing.energy_vector import (
    channel_flags,
    channel_templates,
    channels_to_price,
    clock_for,
)
from advocate.domain.costs import CostEstimate
from advocate.domain.energy import WEEKDAYS, EnergyTariff
from advocate.domain.usage import IntervalUsage
from advocate.usage.clock import AEST


def reference_bill(
    offer_id: str,
    tariff: EnergyTariff,
    usage: IntervalUsage,
    *,
    conditions: frozenset[str] = frozenset(),
) -> CostEstimate:
    """The same CostEstimate as `estimate_bill`, computed interval by interval."""
    plan = plan_for(tariff)
    notes: list[str] = []
    (tz, holiday_state), clock_notes = clock_for(plan, usage)
    notes += clock_notes
    pairs = channels_to_price(plan, channel_flags(usage), notes)
    times = _local_times(usage, tz)
    weights = _day_weights(times, usage.intervals_per_day)
    first = min(weights)
    lines, uncovered = [], {}
    for channel, role in pairs:
        found, uncovered[role] = _channel(
            channel, role, plan.unit, usage, times, weights, first, holiday_state
        )
        lines += [line for line in found if line.quantity > 0]
    lines += _supply(plan, pairs, weights)
    lines += _demand(plan, usage, times, weights, holiday_state)
    return assemble(offer_id, Priced(plan, lines, notes, uncovered), usage, conditions)


def _local_times(usage: IntervalUsage, tz: str | None) -> list:
    zone = ZoneInfo(tz) if tz else None
    out = []
    for i in range(usage.n_intervals):
        moment = usage.start + timedelta(minutes=i * usage.interval_minutes)
        if zone is not None:
            moment = moment.replace(tzinfo=AEST).astimezone(zone).replace(tzinfo=None)
        out.append((moment.date(), moment.hour * 60 + moment.minute))
    return out


def _day_weights(times: list, per_day: int) -> dict:
    weights: dict = defaultdict(float)
    for day, _ in times:
        weights[day] += 1.0 / per_day
    return dict(weights)


def _period_of(channel, day):
    mmdd = day.strftime("%m-%d")
    for index, period in enumerate(channel.periods):
        if period.season.contains(mmdd):
            return index
    return None


def _rate_of(period, day, minute, holiday):
    for index, rate in enumerate(period.rates):
        if not rate.windows or any(
            w.applies(WEEKDAYS[day.weekday()], minute, public_holiday=holiday) for w in rate.windows
        ):
            return index
    return None


def _billing_period(day, first, reset_key):
    kind, size = reset_key
    if kind == "all":
        return 0
    if kind == "months":
        return (day.year * 12 + day.month - 1) // size
    return (day - first).days // size


def _channel(channel, role, unit, usage, times, weights, first, holiday_state):
    templates = channel_templates(channel, unit)
    series = _series(usage, role)
    cells = [(p, r) for p, period in enumerate(channel.periods) for r in range(len(period.rates))]
    allowances = _allowances(channel, templates, weights, first)
    used: dict = defaultdict(float)
    totals = [0.0] * len(templates)
    missing = 0.0
    for (day, minute), amount in zip(times, series, strict=True):
        p = _period_of(channel, day)
        holiday = channel.holidays and is_holiday(day, holiday_state)
        r = None if p is None else _rate_of(channel.periods[p], day, minute, holiday)
        if r is None:
            missing += amount
            continue
        cell = cells.index((p, r))
        for index, template in enumerate(templates):
            if template.cell != cell:
                continue
            bp = _billing_period(day, first, template.reset)
            allowed = template.factor * allowances[(p, template.reset, bp)]
            low = template.start * allowed
            high = math.inf if template.end == math.inf else template.end * allowed
            before = used[(cell, bp)]
            totals[index] += max(0.0, min(before + amount, high) - max(before, low))
        used[(cell, _billing_period(day, first, templates[_first(templates, cell)].reset))] += (
            amount
        )
    return _lines(templates, totals, role), missing


def _first(templates, cell):
    return next(i for i, t in enumerate(templates) if t.cell == cell)


def _series(usage: IntervalUsage, role: str) -> list[float]:
    if role == "usage+controlled":
        return (usage.import_kwh + usage.controlled_kwh).tolist()
    return {
        "usage": usage.import_kwh,
        "controlled": usage.controlled_kwh,
        "feed_in": usage.export_kwh,
    }[role].tolist()


def _allowances(channel, templates, weights, first) -> dict:
    days: dict = defaultdict(float)
    for reset in {t.reset for t in templates}:
        for day, weight in weights.items():
            p = _period_of(channel, day)
            if p is not None:
                days[(p, reset, _billing_period(day, first, reset))] += weight
    return days


def _lines(templates, totals, role) -> list[Line]:
    kind = {
        "usage": "usage",
        "usage+controlled": "usage",
        "controlled": "controlled_usage",
        "feed_in": "feed_in",
    }[role]
    sign = -1.0 if kind == "feed_in" else 1.0
    return [
        Line(t.item, q, t.unit, t.price, sign * q * t.price, kind)
        for t, q in zip(templates, totals, strict=True)
    ]


def _supply(plan, pairs, weights) -> list[Line]:
    supplies = list(plan.supply)
    if any(role == "controlled" for _, role in pairs):
        supplies += plan.controlled_supply
    out = []
    for supply in supplies:
        days = sum(w for d, w in weights.items() if supply.season.contains(d.strftime("%m-%d")))
        controlled = supply in plan.controlled_supply
        name = (
            supply.name
            if controlled
            else (
                f"Daily supply charge {supply.name}"
                if len(plan.supply) > 1
                else "Daily supply charge"
            )
        )
        if days > 0:
            out.append(
                Line(
                    name,
                    days,
                    "day",
                    supply.per_day,
                    days * supply.per_day,
                    "controlled_supply" if controlled else "supply",
                )
            )
    return out


def _demand(plan, usage, times, weights, holiday_state) -> list[Line]:
    step = max(1, 30 // usage.interval_minutes)
    hours = step * usage.interval_minutes / 60
    out = []
    for charge in plan.demand:
        peaks: dict = defaultdict(float)
        for start in range(0, usage.n_intervals, step):
            day, minute = times[start]
            if not charge.season.contains(day.strftime("%m-%d")):
                continue
            holiday = plan.usage.holidays and is_holiday(day, holiday_state)
            if charge.window.applies(WEEKDAYS[day.weekday()], minute, public_holiday=holiday):
                kw = float(usage.import_kwh[start : start + step].sum()) / hours
                key = _measure(day, charge.measurement)
                peaks[key] = max(peaks[key], kw)
        units = _demand_units(charge, peaks, weights)
        if units > 0:
            unit = f"kW x {charge.charge.lower().replace('_', ' ')}"
            out.append(
                Line(charge.name, units, unit, charge.amount, units * charge.amount, "demand")
            )
    return out


def _measure(day, measurement):
    return {"DAY": day, "MONTH": (day.year, day.month)}.get(measurement, "all")


def _demand_units(charge, peaks, weights) -> float:
    days: dict = defaultdict(float)
    for day, weight in weights.items():
        if charge.season.contains(day.strftime("%m-%d")):
            days[_measure(day, charge.measurement)] += weight
    per_charge = (
        {"DAY": 1.0, "MONTH": DAYS_PER_MONTH}.get(charge.charge) or sum(days.values()) or 1.0
    )
    total = 0.0
    for key, peak in peaks.items():
        charged = min(max(peak - charge.min_kw, 0.0), charge.max_kw - charge.min_kw)
        total += charged * days[key]
    return total / per_charge
