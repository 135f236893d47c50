"""A year of usage from one bill: kWh (or MJ) over a date range, scaled by the seasonal shape.

annual = billed quantity / the share of a year's use the AER seasonal shape puts in the
bill's days (each day weighs its season's share / the season's days in a 365-day year). A
peak/shoulder/off-peak split reshapes the daily shape so each window carries the bill's
share of the bill period; the windows default to peak 15:00-21:00 (the peak window of the
CitiPower time-of-use plans in the CDR fixtures) and are read on the market clock.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from advocate.domain.errors import InvalidInput
from advocate.domain.usage import IntervalUsage
from advocate.usage.estimates import NO_EXTRAS, REFERENCE_YEAR, Extras, usage_from_annual_kwh
from advocate.usage.location import Location
from advocate.usage.profiles import SEASON_DAYS, season_index, seasonal_shares

DEFAULT_WINDOWS = {"peak": ((15 * 60, 21 * 60),), "shoulder": ()}


def bill_share_of_year(first: date, last: date, shares: tuple[float, ...]) -> float:
    """Share of a year's use that the seasonal shape puts in [first, last] (inclusive).

    Each day weighs its season's share / the season's days in a 365-day year (29 February
    counts as a summer day).
    """
    days = (last - first).days + 1
    if days <= 0 or days > 366:
        raise InvalidInput(
            "a bill covers 1 to 366 days, its end on or after its start", field="usage.bill.end"
        )
    per_day = np.array(shares) / np.array(SEASON_DAYS)
    months = np.array([(first + timedelta(days=i)).month for i in range(days)])
    return float(per_day[season_index(months)].sum())


def usage_from_bill(
    first: date,
    last: date,
    parts: dict[str, float],
    location: Location,
    *,
    windows: dict | None = None,
    year: int = REFERENCE_YEAR,
    extras: Extras = NO_EXTRAS,
) -> IntervalUsage:
    """A year of usage from one bill's kWh (total, or split into peak/shoulder/off_peak)."""
    shares = seasonal_shares("electricity", location.climate_zone, location.state)
    share = bill_share_of_year(first, last, shares)
    total = sum(parts.values())
    annual = total / share
    notes = [
        f"bill of {total:,.1f} kWh over {(last - first).days + 1} days ({first} to {last}) "
        f"is {share:.1%} of a year by the AER seasonal shape: {annual:,.0f} kWh a year"
    ]
    usage = usage_from_annual_kwh(
        annual, location, year=year, extras=extras, source="bill", notes=tuple(notes)
    )
    if set(parts) - {"total"}:
        usage = _reshape_to_split(usage, parts, windows or DEFAULT_WINDOWS, first, last)
    return usage


def _reshape_to_split(
    usage: IntervalUsage, parts: dict[str, float], windows: dict, first: date, last: date
) -> IntervalUsage:
    """Scale each time window so the bill period's split matches the bill."""
    minutes = (np.arange(usage.n_intervals) * usage.interval_minutes) % 1440
    labels = np.full(usage.n_intervals, "off_peak", dtype=object)
    for name in ("shoulder", "peak"):
        for begin, end in windows.get(name, ()):
            labels[(minutes >= begin) & (minutes < end)] = name
    in_bill = _bill_mask(usage, first, last)
    original = usage.import_kwh
    general = original.copy()
    total = sum(parts.values())
    for name in ("peak", "shoulder", "off_peak"):
        mask = labels == name
        modelled = original[mask & in_bill].sum() / original[in_bill].sum()
        wanted = parts.get(name, 0.0) / total
        if modelled == 0 and wanted > 0:
            raise InvalidInput(
                f"the bill has {name} use but no {name} window was given",
                field="usage.bill.windows",
            )
        general[mask] = original[mask] * (wanted / modelled if modelled else 1.0)
    general *= original[in_bill].sum() / general[in_bill].sum()
    note = (
        "bill split "
        + ", ".join(f"{k} {v:,.1f} kWh" for k, v in parts.items())
        + " kept by scaling each window (windows on the market clock: "
        + _describe(windows)
        + ")"
    )
    return usage.with_changes(import_kwh=general, assumptions=(*usage.assumptions, note))


def _bill_mask(usage: IntervalUsage, first: date, last: date) -> np.ndarray:
    """Intervals on the reference-year days with the bill's month and day numbers."""
    billed = {_month_day(first + timedelta(days=i)) for i in range((last - first).days + 1)}
    on_day = [_month_day(usage.first_day + timedelta(days=i)) in billed for i in range(usage.days)]
    return np.repeat(np.array(on_day), usage.intervals_per_day)


def _month_day(day: date) -> tuple[int, int]:
    return (2, 28) if (day.month, day.day) == (2, 29) else (day.month, day.day)


def _describe(windows: dict) -> str:
    spans = [
        f"{name} {b // 60:02d}:{b % 60:02d}-{e // 60:02d}:{e % 60:02d}"
        for name, pairs in windows.items()
        for b, e in pairs
    ]
    return "; ".join(spans) or "none"


def gas_annual_from_bill(
    first: date, last: date, mj: float, location: Location
) -> tuple[float, str]:
    """Annual MJ from one gas bill, scaled by the AER gas seasonal shape."""
    share = bill_share_of_year(first, last, seasonal_shares("gas", None, location.state))
    return mj / share, (
        f"gas bill of {mj:,.0f} MJ over {(last - first).days + 1} days is "
        f"{share:.1%} of a year by the AER gas seasonal shape"
    )
