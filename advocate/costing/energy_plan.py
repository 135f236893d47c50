"""An EnergyTariff compiled for pricing: floats, cumulative blocks and schedule keys.

Compiling walks the tariff's dataclasses once; the result is cached per tariff object, so
pricing the same offers for many customers pays for it once. Prices stay ex GST here.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from typing import Any

from advocate.domain.energy import PUBLIC_HOLIDAYS, EnergyTariff, Season, TimeWindow, UsageRate

ALL_YEAR = Season("01-01", "12-31")
UNITS = {"ELECTRICITY": "KWH", "GAS": "MJ"}


@dataclass(frozen=True)
class Block:
    """Units `start`..`end` of a reset period (cumulative volumes; end inf = the rest)."""

    start: float
    end: float
    price: float


@dataclass(frozen=True)
class Rate:
    """A usage rate ready to price: when it applies, its blocks and their reset."""

    label: str
    windows: tuple[TimeWindow, ...]
    blocks: tuple[Block, ...]
    reset: tuple[int, int]  # (months, days); (0, 0) when the rate has one unbounded block
    reset_iso: str | None


@dataclass(frozen=True)
class Period:
    """One season of a channel's pricing."""

    name: str
    season: Season
    rates: tuple[Rate, ...]


@dataclass(frozen=True, eq=False)
class Channel:
    """How one metered channel (general, controlled load, export) is priced.

    `schedule_id` numbers the channel's schedule (seasons and every rate's windows): channels
    with the same id put every interval in the same rate, so they share bucketing.
    """

    role: str  # usage | controlled | feed_in
    periods: tuple[Period, ...]
    holidays: bool
    schedule_id: int = -1
    derived: dict = field(default_factory=dict, compare=False, repr=False)


_SCHEDULES: dict[tuple, int] = {}


def _channel(role: str, periods: tuple[Period, ...], holidays: bool) -> Channel:
    key = (holidays, tuple((p.season.start, p.season.end, tuple(r.windows for r in p.rates))
                           for p in periods))
    schedule_id = _SCHEDULES.setdefault(key, len(_SCHEDULES))
    return Channel(role, periods, holidays, schedule_id)


@dataclass(frozen=True)
class Supply:
    """A daily charge over a season (dollars per day ex GST)."""

    name: str
    season: Season
    per_day: float


@dataclass(frozen=True)
class Demand:
    """A demand charge, in floats."""

    name: str
    season: Season
    window: TimeWindow
    amount: float  # dollars per kW per charge period
    measurement: str
    charge: str
    min_kw: float
    max_kw: float


@dataclass(frozen=True)
class TariffPlan:
    """Everything the engine needs from one tariff."""

    tariff: EnergyTariff
    unit: str
    usage: Channel
    supply: tuple[Supply, ...]
    demand: tuple[Demand, ...]
    controlled: Channel | None
    controlled_supply: tuple[Supply, ...]
    feed_in: Channel | None
    notes: tuple[str, ...]
    unpriced: tuple[str, ...]
    derived: dict = field(default_factory=dict, compare=False, repr=False)


_CACHE: dict[int, tuple[weakref.ref, TariffPlan]] = {}


def plan_for(tariff: EnergyTariff) -> TariffPlan:
    """The compiled plan of `tariff`, cached while the tariff object lives."""
    hit = _CACHE.get(id(tariff))
    if hit is not None and hit[0]() is tariff:
        return hit[1]
    plan = compile_tariff(tariff)
    _CACHE[id(tariff)] = (weakref.ref(tariff, lambda _ref, key=id(tariff): _CACHE.pop(key, None)), plan)
    return plan


def compile_tariff(tariff: EnergyTariff) -> TariffPlan:
    """Compile `tariff` (no caching)."""
    unit = UNITS.get(tariff.fuel, "KWH")
    notes: list[str] = []
    unpriced = list(tariff.unpriceable)
    periods = tuple(Period(p.name, p.season, _rates(p.usage, unit, unpriced)) for p in tariff.periods)
    holidays = _mentions_holidays(tariff)
    usage = _channel("usage", periods, holidays)
    supply = tuple(Supply(p.name, p.season, float(p.daily_supply_charge))
                   for p in tariff.periods if p.daily_supply_charge is not None)
    for p in tariff.periods:
        if p.banded_daily_supply:
            unpriced.append(f"{p.name}: banded daily supply charge (v3 BAND) is not priced")
    several = len(tariff.periods) > 1
    demand = tuple(_demand(charge, p.season, unpriced, p.name if several else "")
                   for p in tariff.periods for charge in p.demand_charges)
    controlled, controlled_supply = _controlled(tariff, unit, unpriced, notes, holidays)
    feed_in = _feed_in(tariff, unit, unpriced, notes, holidays)
    return TariffPlan(tariff, unit, usage, supply, tuple(d for d in demand if d), controlled,
                      controlled_supply, feed_in, tuple(notes), tuple(dict.fromkeys(unpriced)))


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
    return Demand(name, season, charge.window, float(charge.amount),
                  charge.measurement_period, charge.charge_period, low, high)


def _controlled(tariff, unit, unpriced, notes, holidays):
    if not tariff.controlled_loads:
        return None, ()
    load = tariff.controlled_loads[0]
    if len(tariff.controlled_loads) > 1:
        names = ", ".join(c.name for c in tariff.controlled_loads[1:])
        notes.append(f"controlled-load use priced on {load.name}; {names} not used "
                     "(the meter data has one controlled-load channel)")
    channel = _channel("controlled", (Period(load.name, load.season,
                                             _rates(load.rates, unit, unpriced)),), holidays)
    supply = ((Supply(f"{load.name} supply", load.season, float(load.daily_supply_charge)),)
              if load.daily_supply_charge is not None else ())
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
    return _channel("feed_in", (Period(chosen.name, ALL_YEAR,
                                       _rates(chosen.rates, "KWH", unpriced)),), holidays)
