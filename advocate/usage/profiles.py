"""Default shapes that spread a total over a year: seasons, hours of the day, solar export.

Seasonal shape: the share of a year's use in each season (summer Dec-Feb, autumn Mar-May,
winter Jun-Aug, spring Sep-Nov) from the AER / Frontier Economics 2020 benchmarks for the
customer's climate zone and state (advocate/data/energy/aer_seasonal_shares.csv); within a
season every day gets the same share.

Daily shape: CONSTRUCTED, not measured. Each half hour of local time gets
    base + morning * exp(-((h - m) / wm)^2 / 2) + evening * exp(-((h - 19) / 2)^2 / 2)
with h the half hour's midpoint in hours; weekdays base 0.6, morning 0.5 at m 7.5 h
(wm 1.25), evening 1.2; on Saturdays and Sundays the morning peak moves to 9.0 h
(wm 1.75, height 0.6). It reproduces the published qualitative features of the
residential load (a small morning peak, the daily maximum in the early evening, the minimum
before dawn); it is not calibrated to metered data, and every estimate built on it says so.

Solar shape: clear-sky PV output taken proportional to the cosine of the solar zenith angle
at the state capital's latitude, with the sun's declination by Cooper (1969),
delta = 23.45 deg * sin(360/365 * (284 + n)), and solar time from the AEST clock corrected
for longitude (4 minutes per degree east of 150 E); the equation of time is ignored.

Controlled load: spread evenly over 22:00-07:00 local time, when distributors switch
controlled-load circuits on (an assumption; networks set their own windows).
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np

from advocate.usage.clock import local_calendar
from advocate.usage.location import TIME_ZONES
from advocate.usage.tables import read_table

SEASON_DAYS = (90, 92, 92, 91)  # summer, autumn, winter, spring in a 365-day year
CAPITALS = {  # latitude, longitude (degrees) of each state's capital
    "NSW": (-33.87, 151.21),
    "ACT": (-35.28, 149.13),
    "VIC": (-37.81, 144.96),
    "QLD": (-27.47, 153.03),
    "SA": (-34.93, 138.60),
    "TAS": (-42.88, 147.33),
    "NT": (-12.46, 130.84),
    "WA": (-31.95, 115.86),
}
DAILY_SHAPE_NOTE = (
    "the daily shape is advocate's constructed residential shape (morning peak "
    "07:30, evening peak 19:00 local time), not metered data"
)


def season_index(months: np.ndarray) -> np.ndarray:
    """0 summer (Dec-Feb), 1 autumn, 2 winter, 3 spring, for months 1-12."""
    return (np.asarray(months) % 12) // 3


def seasonal_shares(fuel: str, climate_zone: int | None, state: str | None) -> tuple[float, ...]:
    """Shares of a year's use by season for this zone/state (gas: by state)."""
    rows = [r for r in read_table("aer_seasonal_shares") if r["fuel"] == fuel]
    if fuel == "electricity":
        rows = [r for r in rows if r["climate_zone"] == str(climate_zone or 6)]
    for wanted in (state, "ALL"):
        for row in rows:
            if row["state"] == wanted:
                return tuple(float(row[s]) for s in ("summer", "autumn", "winter", "spring"))
    return _average_shares(rows)


def _average_shares(rows: list[dict[str, str]]) -> tuple[float, ...]:
    if not rows:
        return tuple(d / 365 for d in SEASON_DAYS)
    table = np.array(
        [[float(r[s]) for s in ("summer", "autumn", "winter", "spring")] for r in rows]
    )
    return tuple(table.mean(axis=0) / table.mean(axis=0).sum())


def day_dates(first_day: date, days: int) -> list[date]:
    """The calendar dates of a run of days."""
    return [first_day + timedelta(days=i) for i in range(days)]


def daily_weights(first_day: date, days: int, shares: tuple[float, ...]) -> np.ndarray:
    """Each day's share of the total, by its season; sums to 1 over the days given."""
    months = np.array([d.month for d in day_dates(first_day, days)])
    per_day = np.array(shares) / np.array(SEASON_DAYS)
    weights = per_day[season_index(months)]
    return weights / weights.sum()


@lru_cache(maxsize=8)
def _half_hour_shape(weekend: bool) -> np.ndarray:
    hours = np.arange(48) / 2 + 0.25
    centre, width, height = (9.0, 1.75, 0.6) if weekend else (7.5, 1.25, 0.5)
    shape = 0.6 + height * np.exp(-(((hours - centre) / width) ** 2) / 2)
    shape += 1.2 * np.exp(-(((hours - 19.0) / 2.0) ** 2) / 2)
    return shape


def _local_minutes(start: datetime, days: int, interval: int, state: str | None):
    tz = TIME_ZONES.get(state or "")
    return local_calendar(start, days, interval, tz)


def spread_consumption(
    total: float,
    start: datetime,
    days: int,
    interval: int,
    *,
    shares: tuple[float, ...],
    state: str | None,
) -> np.ndarray:
    """`total` spread over the intervals by season and the constructed daily shape."""
    minutes, day_index = _local_minutes(start, days, interval, state)
    weekday = np.array(
        [(start.date() + timedelta(days=int(d))).weekday() for d in range(-1, days + 1)]
    )
    weekend = weekday[day_index + 1] >= 5
    slot = minutes // 30
    within_day = np.where(weekend, _half_hour_shape(True)[slot], _half_hour_shape(False)[slot])
    return _scale_by_day(within_day, total, start.date(), days, shares, interval)


def _scale_by_day(
    within_day: np.ndarray,
    total: float,
    first_day: date,
    days: int,
    shares: tuple[float, ...],
    interval: int,
) -> np.ndarray:
    per_day = 1440 // interval
    grid = within_day.reshape(days, per_day)
    grid = grid / grid.sum(axis=1, keepdims=True)
    grid = grid * daily_weights(first_day, days, shares)[:, None] * total
    return grid.reshape(-1)


def spread_controlled_load(
    total: float, start: datetime, days: int, interval: int, state: str | None
) -> np.ndarray:
    """`total` spread evenly over 22:00-07:00 local time, the same amount every day."""
    minutes, _ = _local_minutes(start, days, interval, state)
    on = ((minutes >= 22 * 60) | (minutes < 7 * 60)).astype(np.float64)
    flat = tuple(d / 365 for d in SEASON_DAYS)
    return _scale_by_day(on, total, start.date(), days, flat, interval)


def spread_solar_export(
    total: float, start: datetime, days: int, interval: int, state: str | None
) -> np.ndarray:
    """`total` export spread in proportion to clear-sky output at the state capital."""
    latitude, longitude = CAPITALS.get(state or "", CAPITALS["VIC"])
    per_day = 1440 // interval
    mid = (np.arange(days * per_day) * interval + interval / 2) % 1440 / 60
    solar_hours = mid + (longitude - 150.0) / 15.0
    day_numbers = np.repeat(
        [(start.date() + timedelta(days=d)).timetuple().tm_yday for d in range(days)], per_day
    )
    declination = np.radians(23.45) * np.sin(np.radians(360 / 365 * (284 + day_numbers)))
    hour_angle = np.radians(15.0 * (solar_hours - 12.0))
    lat = math.radians(latitude)
    cos_zenith = math.sin(lat) * np.sin(declination) + math.cos(lat) * np.cos(declination) * np.cos(
        hour_angle
    )
    output = np.clip(cos_zenith, 0.0, None)
    return output / output.sum() * total
