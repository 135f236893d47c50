"""The customer's calendar as a tariff reads it: local minute, date, holiday, billing period.

Built once per (usage, time zone, holiday state) and shared by every tariff priced against
that usage. Interval i's local date is `dates[date_id[i]]`; dates are in order and
`date_id` never decreases, so per-date maxima can use `np.maximum.reduceat`.

Day weights: a local date's share of a whole day in the data (intervals on it / intervals
per day). They are 1 except for the partial first or last local date when the local clock
is offset from AEST; supply charges, block allowances and demand periods count days by them,
so a year of data is always 365 days.

Billing periods for block resets (ResetPeriod months/days):
  no reset ........... the whole series is one period;
  1-11 months ........ calendar months grouped from January (P1M month, P3M quarter), an
                       assumption: bills are issued on calendar-month boundaries;
  12 months or more .. the whole series (a year of data is one billing year);
  days only .......... consecutive runs of that many days from the first date.
A block volume is turned into a daily allowance (P1M: volume x 12 / 365 per day) and a
period's allowance is that times its days: retailers pro-rate block steps by the days in
the bill (GloBird's CDR eligibility text: "Step 1 of 1064.58kWh/month, calculated based on
average daily allowance of 35.00kWh/day for the billing period").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
import numpy as np

from advocate.domain.usage import IntervalUsage
from advocate.usage.clock import local_calendar

DAYS_PER_MONTH = 365 / 12


@dataclass(frozen=True, eq=False)
class Calendar:
    """Per-interval local minute and date index, and per-date attributes."""

    minute: np.ndarray
    date_id: np.ndarray
    dates: tuple[date, ...]
    weekday: np.ndarray
    mmdd: np.ndarray
    month_key: np.ndarray
    holiday: np.ndarray
    day_weight: np.ndarray
    date_starts: np.ndarray

    @property
    def n_dates(self) -> int:
        """Number of distinct local dates."""
        return len(self.dates)


def build_calendar(usage: IntervalUsage, tz: str | None, holiday_state: str | None) -> Calendar:
    """The calendar of `usage` on clock `tz` (None = AEST market clock)."""
    minute, day_index = local_calendar(usage.start, usage.days, usage.interval_minutes, tz)
    first = int(day_index[0])
    date_id = day_index - first
    counts = np.bincount(date_id)
    dates = tuple(usage.first_day + timedelta(days=first + i) for i in range(len(counts)))
    return Calendar(
        minute=minute,
        date_id=date_id,
        dates=dates,
        weekday=np.array([d.weekday() for d in dates], dtype=np.int64),
        mmdd=np.array([d.strftime("%m-%d") for d in dates]),
        month_key=np.array([d.year * 12 + d.month - 1 for d in dates], dtype=np.int64),
        holiday=_holidays(dates, holiday_state),
        day_weight=counts / usage.intervals_per_day,
        date_starts=np.concatenate(([0], np.cumsum(counts)[:-1])),
    )


@lru_cache(maxsize=64)
def _holiday_set(state: str, first_year: int, last_year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("AU", subdiv=state, years=range(first_year, last_year + 1))
    return frozenset(calendar)


def _holidays(dates: tuple[date, ...], state: str | None) -> np.ndarray:
    if state is None:
        return np.zeros(len(dates), dtype=bool)
    known = _holiday_set(state, dates[0].year, dates[-1].year)
    return np.array([d in known for d in dates], dtype=bool)


def is_holiday(day: date, state: str | None) -> bool:
    """Whether `day` is a public holiday in `state` (the `holidays` library, AU subdivisions)."""
    return state is not None and day in _holiday_set(state, day.year, day.year)


def reset_key(months: int, days: int) -> tuple[str, int]:
    """How a reset period groups dates: ("all", 0), ("months", m) or ("days", n)."""
    if months == 0 and days == 0:
        return ("all", 0)
    if days == 0:
        return ("all", 0) if months >= 12 else ("months", months)
    if months == 0:
        return ("days", days)
    return ("days", round(months * DAYS_PER_MONTH) + days)


def per_day_factor(months: int, days: int) -> float:
    """Daily share of one reset period's block volume (P1M: 12/365, P1D: 1, P1Y: 1/365)."""
    if months == 0 and days == 0:
        return 0.0
    return 1.0 / (months * DAYS_PER_MONTH + days)


def billing_periods(calendar: Calendar, key: tuple[str, int]) -> tuple[np.ndarray, int]:
    """Billing-period index of each date under `key`, and the number of periods."""
    kind, size = key
    if kind == "all":
        return np.zeros(calendar.n_dates, dtype=np.int64), 1
    if kind == "months":
        groups = calendar.month_key // size
        index = groups - groups[0]
    else:
        index = np.arange(calendar.n_dates, dtype=np.int64) // size
    return index, int(index[-1]) + 1


def season_mask(calendar: Calendar, start: str, end: str) -> np.ndarray:
    """Dates (MM-DD, inclusive, wrapping over New Year when start > end) in a season."""
    if start > end:
        return (calendar.mmdd >= start) | (calendar.mmdd <= end)
    return (calendar.mmdd >= start) & (calendar.mmdd <= end)
