"""Build a year of IntervalUsage from what a customer knows without a smart-meter file.

- annual kWh: spread by the AER seasonal shape and advocate's constructed daily shape
  (advocate.usage.profiles), half-hourly, over the reference year;
- a bill: kWh over a date range scaled to a year by the seasonal shape (annual = billed kWh /
  the share of a year's use the AER shape puts in those days); a peak/shoulder/off-peak
  split reshapes the daily shape so each window carries the bill's share;
- a household description: annual kWh from the AER benchmarks (advocate.usage.benchmarks);
- gas: annual MJ (or a bill's MJ) spread over days by the AER gas seasonal shape.
Solar export, when given as annual kWh, is spread by the clear-sky solar shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from advocate.domain.errors import InvalidInput
from advocate.domain.usage import IntervalUsage
from advocate.usage.location import Location
from advocate.usage.profiles import (
    DAILY_SHAPE_NOTE,
    daily_weights,
    seasonal_shares,
    spread_consumption,
    spread_controlled_load,
    spread_solar_export,
)

REFERENCE_YEAR = 2025  # a recent non-leap year: its weekdays and holidays are used
DEFAULT_WINDOWS = {"peak": ((15 * 60, 21 * 60),), "shoulder": ()}


@dataclass(frozen=True)
class Extras:
    """Optional annual quantities that ride along with any estimate."""

    controlled_kwh: float = 0.0
    export_kwh: float = 0.0


def year_start(year: int) -> datetime:
    """Midnight on 1 January of `year` (the synthetic series start there)."""
    return datetime(year, 1, 1)


def usage_from_annual_kwh(annual_kwh: float, location: Location, *, year: int = REFERENCE_YEAR,
                          extras: Extras = Extras(), source: str = "annual_kwh",
                          notes: tuple[str, ...] = ()) -> IntervalUsage:
    """Half-hourly usage for the 365 days from 1 January of `year`."""
    start, shares = year_start(year), _shares(location)
    general = spread_consumption(annual_kwh, start, 365, 30, shares=shares, state=location.state)
    return _build(general, start, 30, location, extras, source,
                  (*notes, _seasonal_note(location), DAILY_SHAPE_NOTE))


def _shares(location: Location) -> tuple[float, ...]:
    return seasonal_shares("electricity", location.climate_zone, location.state)


def _seasonal_note(location: Location) -> str:
    zone = location.climate_zone or 6
    return (f"spread over the year by the AER 2020 seasonal shape for climate zone {zone}"
            f"{' (assumed)' if location.climate_zone is None else ''}, {location.state}")


def _build(general: np.ndarray, start: datetime, interval: int, location: Location,
           extras: Extras, source: str, notes: tuple[str, ...]) -> IntervalUsage:
    controlled = np.zeros_like(general)
    export = np.zeros_like(general)
    notes = list(notes)
    if extras.controlled_kwh:
        controlled = spread_controlled_load(extras.controlled_kwh, start, 365, interval,
                                            location.state)
        notes.append(f"controlled load {extras.controlled_kwh:,.0f} kWh a year, run evenly "
                     "22:00-07:00 local time (assumed switching window)")
    if extras.export_kwh:
        export = spread_solar_export(extras.export_kwh, start, 365, interval, location.state)
        notes.append(f"solar export {extras.export_kwh:,.0f} kWh a year, spread by clear-sky "
                     f"output at the {location.state} capital's latitude")
    return IntervalUsage(start, interval, general, controlled, export, source=source,
                         state=location.state, distributor=location.distributor,
                         postcode=location.postcode, assumptions=tuple(notes))


def bill_share_of_year(first: date, last: date, shares: tuple[float, ...]) -> float:
    """Share of a year's use that the seasonal shape puts in [first, last] (inclusive)."""
    days = (last - first).days + 1
    if days <= 0 or days > 366:
        raise InvalidInput("a bill covers 1 to 366 days, its end on or after its start",
                           field="usage.bill.end")
    per_day = daily_weights(date(2025, 1, 1), 365, shares)
    return float(sum(per_day[min((first + timedelta(days=i)).timetuple().tm_yday, 365) - 1]
                     for i in range(days)))


def usage_from_bill(first: date, last: date, parts: dict[str, float], location: Location, *,
                    windows: dict | None = None, year: int = REFERENCE_YEAR,
                    extras: Extras = Extras()) -> IntervalUsage:
    """A year of usage from one bill's kWh (total, or split into peak/shoulder/off_peak)."""
    shares = _shares(location)
    share = bill_share_of_year(first, last, shares)
    total = sum(parts.values())
    annual = total / share
    notes = [f"bill of {total:,.1f} kWh over {(last - first).days + 1} days ({first} to {last}) "
             f"is {share:.1%} of a year by the AER seasonal shape: {annual:,.0f} kWh a year"]
    usage = usage_from_annual_kwh(annual, location, year=year, extras=extras, source="bill",
                                  notes=tuple(notes))
    if set(parts) - {"total"}:
        usage = _reshape_to_split(usage, parts, windows or DEFAULT_WINDOWS, first, last)
    return usage


def _reshape_to_split(usage: IntervalUsage, parts: dict[str, float], windows: dict,
                      first: date, last: date) -> IntervalUsage:
    """Scale each time window so the bill period's split matches the bill."""
    minutes = (np.arange(usage.n_intervals) * usage.interval_minutes) % 1440
    labels = np.full(usage.n_intervals, "off_peak", dtype=object)
    for name in ("shoulder", "peak"):
        for begin, end in windows.get(name, ()):
            labels[(minutes >= begin) & (minutes < end)] = name
    in_bill = _bill_mask(usage, first, last)
    general = usage.import_kwh.copy()
    total = sum(parts.values())
    for name in ("peak", "shoulder", "off_peak"):
        mask = labels == name
        modelled = general[mask & in_bill].sum() / general[in_bill].sum()
        wanted = parts.get(name, 0.0) / total
        if modelled == 0 and wanted > 0:
            raise InvalidInput(f"the bill has {name} use but no {name} window was given",
                               field="usage.bill.windows")
        general[mask] *= wanted / modelled if modelled else 1.0
    general *= usage.import_kwh.sum() / general.sum()
    note = ("bill split " + ", ".join(f"{k} {v:,.1f} kWh" for k, v in parts.items())
            + " kept by scaling each window (windows on the market clock: "
            + _describe(windows) + ")")
    return usage.with_changes(import_kwh=general, assumptions=(*usage.assumptions, note))


def _bill_mask(usage: IntervalUsage, first: date, last: date) -> np.ndarray:
    day_of_year = np.repeat(np.arange(usage.days), usage.intervals_per_day) + 1
    begin, end = first.timetuple().tm_yday, last.timetuple().tm_yday
    if begin <= end:
        return (day_of_year >= begin) & (day_of_year <= end)
    return (day_of_year >= begin) | (day_of_year <= end)


def _describe(windows: dict) -> str:
    spans = [f"{name} {b // 60:02d}:{b % 60:02d}-{e // 60:02d}:{e % 60:02d}"
             for name, pairs in windows.items() for b, e in pairs]
    return "; ".join(spans) or "none"


def usage_from_annual_mj(annual_mj: float, location: Location, *, year: int = REFERENCE_YEAR,
                         source: str = "annual_mj", notes: tuple[str, ...] = ()) -> IntervalUsage:
    """Daily gas usage (MJ) over the reference year, by the AER gas seasonal shape."""
    shares = seasonal_shares("gas", None, location.state)
    per_day = daily_weights(date(year, 1, 1), 365, shares) * annual_mj
    zeros = np.zeros(365)
    return IntervalUsage(year_start(year), 1440, per_day, zeros, zeros, source=source,
                         unit="MJ", state=location.state, distributor=location.distributor,
                         postcode=location.postcode,
                         assumptions=(*notes, f"gas spread over days by the AER 2020 gas "
                                      f"seasonal shape for {location.state}"))


def gas_annual_from_bill(first: date, last: date, mj: float, location: Location) -> tuple[float, str]:
    """Annual MJ from one gas bill, scaled by the AER gas seasonal shape."""
    share = bill_share_of_year(first, last, seasonal_shares("gas", None, location.state))
    return mj / share, (f"gas bill of {mj:,.0f} MJ over {(last - first).days + 1} days is "
                        f"{share:.1%} of a year by the AER gas seasonal shape")
