"""Compile an EnergyTariff into a TariffPlan (floats, cumulative blocks, schedule ids), cached.

Compiling walks the tariff's dataclasses once; the result is cached per tariff object, so
pricing the same offers for many customers pays for it once.
"""

from __future__ import annotations

import math
import weakref
from functools import partial
from typing import Any

from advocate.costing.energy_plan import (
    ALL_YEAR,
    UNITS,
    Block,
    Channel,
    Demand,
    Period,
    Rate,
    Supply,
    TariffPlan,
    make_channel,
)
from advocate.domain.energy import PUBLIC_HOLIDAYS, EnergyTariff, Season, UsageRate

_CACHE: dict[int, tuple[weakref.ref, TariffPlan]] = {}


def plan_for(tariff: EnergyTariff) -> TariffPlan:
    """The compiled plan of `tariff`, cached while the tariff object lives."""
    key = id(tariff)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is tariff:
        return hit[1]
    plan = compile_tariff(tariff)
    _CACHE[key] = (weakref.ref(tariff, partial(_forget, key=key, cache=_CACHE)), plan)
    return plan


def _forget(ref: weakref.ref, *, key: int, cache: dict) -> None:
    """Drop a dead tariff's plan (the cache is bound early: it outlives module teardown)."""
    entry = cache.get(key)
    if entry is not None and entry[0] is ref:
        del cache[key]


def compile_tariff(tariff: EnergyTariff) -> TariffPlan:
    """Compile `tariff` (no caching)."""
    unit = UNITS.get(tariff.fuel, "KWH")
    notes = _optional_notes(tariff)
    unpriced = list(tariff.unpriceable)
    periods = tuple(
        Period(p.name, p.season, _rates(p.usage, unit, unpriced)) for p in tariff.periods
    )
    holidays = _mentions_holidays(tariff)
    usage = make_channel("usage", periods, holidays)
    supply = tuple(
        Supply(p.name, p.season, float(p.daily_supply_charge))
        for p in tariff.periods
        if p.daily_supply_charge is not None
    )
    for p in tariff.periods:
        if p.banded_daily_supply:
            unpriced.append(f"{p.name}: banded daily supply charge (v3 BAND) is not priced")
    several = len(tariff.periods) > 1
    demand = tuple(
        _demand(charge, p.season, unpriced, p.name if several else "")
        for p in tariff.periods
        for charge in p.demand_charges
    )
    controlled, controlled_supply = _controlled(tariff, unit, unpriced, notes, holidays)
    feed_in = _feed_in(tariff, unit, unpriced, notes, holidays)
    return TariffPlan(
        tariff,
        unit,
        usage,
        supply,
        tuple(d for d in demand if d),
        controlled,
        controlled_supply,
        feed_in,
        tuple(notes),
        tuple(dict.fromkeys(unpriced)),
    )


def _optional_notes(tariff: EnergyTariff) -> list[str]:
    """What the plan offers that a bill does not include unless the customer opts in."""
    notes = []
    if tariff.green_power:
        names = ", ".join(option.name for option in tariff.green_power)
        notes.append(f"optional GreenPower purchases are not included ({names})")
    if tariff.incentives:
        notes.append("incentives (gifts, credits, offers) are shown, never priced")
    zones = {p.time_zone for p in tariff.periods if p.time_zone and p.time_zone != tariff.time_zone}
    if zones:
        notes.append(
            f"periods that name their own clock ({', '.join(sorted(zones))}) are read "
            f"on the plan's {tariff.time_zone} clock"
        )
    return notes


def _mentions_holidays(tariff: EnergyTariff) -> bool:
    windows = [w for p in tariff.periods for r in p.usage for w in r.windows]
    windows += [c.window for p in tariff.periods for c in p.demand_charges]
    windows += [w for c in tariff.controlled_loads for r in c.rates for w in r.windows]
    windows += [w for f in tariff.feed_in_tariffs for r in f.rates for w in r.windows]
    return any(PUBLIC_HOLIDAYS in w.days or w.excludes_public_holidays for w in windows)


def _rates(rates: tuple[UsageRate, ...], unit: str, unpriced: list[str]) -> tuple[Rate, ...]:
    compiled = []
    for rate in rates:
        if rate.unit.upper() != unit:
            unpriced.append(f"{rate.name}: priced per {rate.unit}, not per {unit}")
            continue
        compiled.append(_rate(rate))
    return tuple(compiled)


def _rate(rate: UsageRate) -> Rate:
    blocks, start = [], 0.0
    for block in rate.blocks:
        end = math.inf if block.volume is None else start + float(block.volume)
        blocks.append(Block(start, end, float(block.unit_price)))
        start = end
    bounded = any(b.end != math.inf for b in blocks)
    reset = (rate.period.months, rate.period.days) if rate.period and bounded else (0, 0)
    if bounded and reset == (0, 0):
        reset = (12, 0)  # the standard's default reset period is P1Y
    iso = rate.period.iso if rate.period and bounded else ("P1Y" if bounded else None)
    label = rate.name or rate.kind.replace("_", " ").title()
    return Rate(label, rate.windows, tuple(blocks), reset, iso)


def _demand(charge: Any, season: Season, unpriced: list[str], period: str) -> Demand | None:
    if charge.unit.upper() != "KW":
        unpriced.append(f"{charge.name}: demand measured in {charge.unit}, not kW")
        return None
    low = float(charge.min_demand_kw) if charge.min_demand_kw is not None else 0.0
    high = float(charge.max_demand_kw) if charge.max_demand_kw is not None else math.inf
    name = charge.name if "demand" in charge.name.lower() else f"{charge.name} demand"
    name = f"{name} ({period})" if period else name
    return Demand(
        name,
        season,
        charge.window,
        float(charge.amount),
        charge.measurement_period,
        charge.charge_period,
        low,
        high,
    )


def _controlled(tariff, unit, unpriced, notes, holidays):
    if not tariff.controlled_loads:
        return None, ()
    load = tariff.controlled_loads[0]
    if len(tariff.controlled_loads) > 1:
        names = ", ".join(c.name for c in tariff.controlled_loads[1:])
        notes.append(
            f"controlled-load use priced on {load.name}; {names} not used "
            "(the meter data has one controlled-load channel)"
        )
    channel = make_channel(
        "controlled",
        (Period(load.name, load.season, _rates(load.rates, unit, unpriced)),),
        holidays,
    )
    supply = (
        (Supply(f"{load.name} supply", load.season, float(load.daily_supply_charge)),)
        if load.daily_supply_charge is not None
        else ()
    )
    return channel, supply


def _feed_in(tariff, unit, unpriced, notes, holidays) -> Channel | None:
    open_tariffs = [f for f in tariff.feed_in_tariffs if not f.closed_to_new_customers]
    closed = [f.name for f in tariff.feed_in_tariffs if f.closed_to_new_customers]
    if closed:
        notes.append(f"feed-in schemes closed to new customers not applied: {', '.join(closed)}")
    if not open_tariffs:
        return None
    chosen = open_tariffs[0]
    if len(open_tariffs) > 1:
        notes.append(f"feed-in credited at {chosen.name}, the plan's first open scheme")
    if chosen.start_date or chosen.end_date:
        notes.append(
            f"{chosen.name} is dated {chosen.start_date or '...'} to "
            f"{chosen.end_date or '...'}; credited all year"
        )
    return make_channel(
        "feed_in", (Period(chosen.name, ALL_YEAR, _rates(chosen.rates, "KWH", unpriced)),), holidays
    )
