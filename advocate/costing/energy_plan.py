"""A tariff as the engine prices it: seasons, rates with cumulative blocks, schedule ids.

Built by `energy_compile` from an EnergyTariff; prices stay ex GST, as floats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advocate.domain.energy import EnergyTariff, Season, TimeWindow

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


def make_channel(role: str, periods: tuple[Period, ...], holidays: bool) -> Channel:
    key = (
        holidays,
        tuple((p.season.start, p.season.end, tuple(r.windows for r in p.rates)) for p in periods),
    )
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
