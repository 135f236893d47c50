"""Vectorised pricing: bucket the intervals once per schedule, price every tariff's blocks together.

A channel's *schedule* (its seasons and each rate's time windows, on one clock) labels each
interval with the rate it falls in (-1: none). Labels, and each interval's bucket per block
reset, depend only on the timestamps: they are kept per TimeBase and shared by every usage
with the same timestamps (every request giving an annual figure, for one). Sums per
(schedule, series, block reset) are cached per usage, so tariffs that share a network's
time-of-use structure share all of the per-interval work. Each tariff's blocks are then
priced from those small sums matrices (energy_blocks).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from advocate.costing.energy_calendar import (
    Calendar,
    billing_periods,
    build_calendar,
    season_mask,
)
from advocate.costing.energy_plan import Channel
from advocate.domain.energy import PUBLIC_HOLIDAYS, WEEKDAYS, Season, TimeWindow
from advocate.domain.usage import IntervalUsage


@dataclass
class Schedule:
    """Interval labels for one channel schedule on one calendar (timestamps only)."""

    labels: np.ndarray
    period_of_date: np.ndarray
    all_covered: bool = False


@dataclass
class TimeBase:
    """What depends only on a usage's timestamps (first interval, length, interval, clock):
    calendars, window masks, schedules' labels, billing periods, season days and the bucket
    index of each interval. Kept for the most recent TIMEBASES_KEPT time bases, so customers
    giving the same kind of usage (an annual figure is spread over the same reference year)
    share all of it and each request only sums its own use."""

    calendars: dict[tuple, Calendar] = field(default_factory=dict)
    masks: dict[tuple, np.ndarray] = field(default_factory=dict)
    schedules: dict[tuple, Schedule] = field(default_factory=dict)
    cache: dict[tuple, object] = field(default_factory=dict)


TIMEBASES_KEPT = 16
_TIMEBASES: OrderedDict[tuple, TimeBase] = OrderedDict()
_TIMEBASES_LOCK = threading.Lock()


def time_base_key(usage: IntervalUsage) -> tuple:
    """What a usage's TimeBase depends on: first interval, interval length, count, clock."""
    return (usage.start, usage.interval_minutes, len(usage.import_kwh), usage.clock)


def time_base(usage: IntervalUsage) -> TimeBase:
    """The shared TimeBase of `usage`'s timestamps (LRU; threads of one worker share it)."""
    key = time_base_key(usage)
    with _TIMEBASES_LOCK:
        found = _TIMEBASES.get(key)
        if found is None:
            found = _TIMEBASES[key] = TimeBase()
            while len(_TIMEBASES) > TIMEBASES_KEPT:
                _TIMEBASES.popitem(last=False)
        else:
            _TIMEBASES.move_to_end(key)
    return found


class PricingContext:
    """One usage's sums and demand peaks, over its timestamps' shared TimeBase."""

    def __init__(self, usage: IntervalUsage):
        self.usage = usage
        self.time_base_key = time_base_key(usage)
        base = time_base(usage)
        self._calendars, self._masks = base.calendars, base.masks
        self._schedules, self._shared = base.schedules, base.cache
        self._sums: dict[tuple, tuple] = {}
        self._uncovered: dict[tuple, float] = {}
        self.cache: dict[tuple, object] = {}
        self.series = {
            "usage": usage.import_kwh,
            "controlled": usage.controlled_kwh,
            "feed_in": usage.export_kwh,
            "usage+controlled": usage.import_kwh + usage.controlled_kwh,
        }

    def calendar(self, tz: str | None, holiday_state: str | None) -> Calendar:
        """The (cached) calendar on clock `tz` with `holiday_state`'s public holidays."""
        key = (tz, holiday_state)
        if key not in self._calendars:
            self._calendars[key] = build_calendar(self.usage, tz, holiday_state)
        return self._calendars[key]

    def window_mask(self, cal_key: tuple, window: TimeWindow) -> np.ndarray:
        """Intervals a time window covers (TimeWindow.applies, vectorised)."""
        key = (cal_key, window)
        if key not in self._masks:
            self._masks[key] = _window_mask(self.calendar(*cal_key), window)
        return self._masks[key]

    def schedule(self, cal_key: tuple, channel: Channel) -> Schedule:
        """Labels of `channel`'s schedule on calendar `cal_key` (cached)."""
        key = (cal_key, channel.schedule_id)
        if key not in self._schedules:
            self._schedules[key] = self._label(cal_key, channel)
        return self._schedules[key]

    def _label(self, cal_key: tuple, channel: Channel) -> Schedule:
        cal = self.calendar(*cal_key)
        period_of_date = np.full(cal.n_dates, -1, dtype=np.int64)
        for index, period in enumerate(channel.periods):
            period_of_date[
                (period_of_date < 0) & season_mask(cal, period.season.start, period.season.end)
            ] = index
        interval_period = period_of_date[cal.date_id]
        labels = np.full(len(cal.date_id), -1, dtype=np.int64)
        cell = 0
        for index, period in enumerate(channel.periods):
            in_period = interval_period == index
            for rate in period.rates:
                hit = in_period & (labels < 0)
                if rate.windows:
                    hit &= np.logical_or.reduce(
                        [self.window_mask(cal_key, w) for w in rate.windows]
                    )
                labels[hit] = cell
                cell += 1
        return Schedule(labels, period_of_date, bool(labels.min() >= 0))

    def sums(self, cal_key: tuple, channel: Channel, role: str, reset: tuple[str, int]):
        """(use per cell x billing period, days per period x billing period) for a schedule."""
        key = (cal_key, channel.schedule_id, role, reset)
        if key not in self._sums:
            index, valid, days = self._buckets(cal_key, channel, reset)
            series = self.series[role] if valid is None else self.series[role][valid]
            cells = sum(len(p.rates) for p in channel.periods)
            nb = days.shape[1]
            use = np.bincount(index, weights=series, minlength=cells * nb)
            self._sums[key] = (use.reshape(cells, nb), days)
        return self._sums[key]

    def _buckets(self, cal_key: tuple, channel: Channel, reset: tuple[str, int]):
        """(bucket of each interval, intervals in a rate or None for all, days per period x
        billing period) of a schedule and reset: timestamps only, shared."""
        key = (cal_key, channel.schedule_id, "buckets", reset)
        if key not in self._shared:
            schedule = self.schedule(cal_key, channel)
            cal = self.calendar(*cal_key)
            bp, nb = self.billing(cal_key, reset)
            labels = schedule.labels
            if schedule.all_covered:
                index, valid = (labels * nb + bp[cal.date_id] if nb > 1 else labels), None
            else:
                valid = labels >= 0
                index = labels[valid] * nb + bp[cal.date_id[valid]]
            has = schedule.period_of_date >= 0
            days = np.bincount(
                schedule.period_of_date[has] * nb + bp[has],
                weights=cal.day_weight[has],
                minlength=len(channel.periods) * nb,
            )
            self._shared[key] = (index, valid, days.reshape(len(channel.periods), nb))
        return self._shared[key]

    def billing(self, cal_key: tuple, reset: tuple[str, int]) -> tuple[np.ndarray, int]:
        """Billing-period index of each date for a reset (cached)."""
        key = (cal_key, "billing", reset)
        if key not in self._shared:
            self._shared[key] = billing_periods(self.calendar(*cal_key), reset)
        return self._shared[key]

    def uncovered(self, cal_key: tuple, channel: Channel, role: str) -> float:
        """Use that falls in no rate of the channel (no season, or no window)."""
        key = (cal_key, channel.schedule_id, role)
        if key not in self._uncovered:
            schedule = self.schedule(cal_key, channel)
            self._uncovered[key] = float(self.series[role][schedule.labels < 0].sum())
        return self._uncovered[key]

    def season_days(self, cal_key: tuple, season: Season) -> float:
        """Days (by day weight) of the data that fall in a season."""
        key = (cal_key, "days", season.start, season.end)
        if key not in self._shared:
            cal = self.calendar(*cal_key)
            self._shared[key] = float(
                cal.day_weight[season_mask(cal, season.start, season.end)].sum()
            )
        return self._shared[key]


CONTEXTS_KEPT = 4
_CONTEXTS: OrderedDict[int, PricingContext] = OrderedDict()
_CONTEXTS_LOCK = threading.Lock()


def pricing_context(usage: IntervalUsage) -> PricingContext:
    """The PricingContext of `usage`, shared by every pricing of that usage object: a
    recommendation prices the customer's usage for its estimates and again for the ranking's
    usage grid (energy_grid), and the sums are the same both times.

    Kept for the CONTEXTS_KEPT most recent usages, by identity: an IntervalUsage is immutable
    (frozen, read-only arrays) and an entry holds its usage (`context.usage`), so no other
    usage can take its id while the entry is kept."""
    key = id(usage)
    with _CONTEXTS_LOCK:
        found = _CONTEXTS.get(key)
        if found is not None:
            _CONTEXTS.move_to_end(key)
            return found
    found = PricingContext(usage)
    with _CONTEXTS_LOCK:
        _CONTEXTS[key] = found
        while len(_CONTEXTS) > CONTEXTS_KEPT:
            _CONTEXTS.popitem(last=False)
    return found


class ScaledContext(PricingContext):
    """The context of `parent`'s usage with consumption (general and controlled load) times
    `factor` and export unchanged, as energy_grid.scaled_usage makes it.

    Calendars, window masks and interval labels depend only on the timestamps, so they are the
    parent's; use per rate and billing period, and use no rate covers, are the parent's times
    `factor` (sums are linear in the series). Demand peaks are computed from the scaled usage.
    Totals agree with a fresh PricingContext of the scaled usage to the cent
    (tests/unit/test_energy_bill_engine.py, test_energy_properties.py): only the order of float
    additions differs.
    """

    def __init__(self, parent: PricingContext, factor: float, usage: IntervalUsage):
        self.parent, self.factor, self.usage = parent, factor, usage
        self.time_base_key = parent.time_base_key
        self.cache = {}

    def calendar(self, tz: str | None, holiday_state: str | None) -> Calendar:
        return self.parent.calendar(tz, holiday_state)

    def window_mask(self, cal_key: tuple, window: TimeWindow) -> np.ndarray:
        return self.parent.window_mask(cal_key, window)

    def schedule(self, cal_key: tuple, channel: Channel) -> Schedule:
        return self.parent.schedule(cal_key, channel)

    def billing(self, cal_key: tuple, reset: tuple[str, int]) -> tuple[np.ndarray, int]:
        return self.parent.billing(cal_key, reset)

    def season_days(self, cal_key: tuple, season: Season) -> float:
        return self.parent.season_days(cal_key, season)

    def sums(self, cal_key: tuple, channel: Channel, role: str, reset: tuple[str, int]):
        use, days = self.parent.sums(cal_key, channel, role, reset)
        return (use if role == "feed_in" else use * self.factor), days

    def uncovered(self, cal_key: tuple, channel: Channel, role: str) -> float:
        amount = self.parent.uncovered(cal_key, channel, role)
        return amount if role == "feed_in" else amount * self.factor


def _window_mask(cal: Calendar, window: TimeWindow) -> np.ndarray:
    listed_day = np.array([name in window.days for name in WEEKDAYS])
    listed = listed_day[cal.weekday]
    if PUBLIC_HOLIDAYS in window.days:
        listed = listed | cal.holiday
    valid = ~cal.holiday if window.excludes_public_holidays else np.ones(cal.n_dates, dtype=bool)
    minute = cal.minute
    if not window.crosses_midnight:
        on_day = (listed & valid)[cal.date_id]
        return on_day & (minute >= window.start_minute) & (minute < window.end_minute)
    previous_listed = listed_day[(cal.weekday - 1) % 7]
    today = listed[cal.date_id] & (minute >= window.start_minute)
    after_midnight = previous_listed[cal.date_id] & (minute < window.end_minute)
    return valid[cal.date_id] & (today | after_midnight)
