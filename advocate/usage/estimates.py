"""Build a year of IntervalUsage from annual totals (bills: advocate.usage.bills).

- annual kWh: spread by the AER seasonal shape and advocate's constructed daily shape
  (advocate.usage.profiles), half-hourly, over the reference year;
- a household description gives annual kWh through advocate.usage.benchmarks;
- gas: annual MJ spread over days by the AER gas seasonal shape.
Solar export, when given as annual kWh, is spread by the clear-sky solar shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

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


@dataclass(frozen=True)
class Extras:
    """Optional annual quantities that ride along with any estimate."""

    controlled_kwh: float = 0.0
    export_kwh: float = 0.0


NO_EXTRAS = Extras()


def year_start(year: int) -> datetime:
    """Midnight on 1 January of `year` (the synthetic series start there)."""
    return datetime(year, 1, 1)


def usage_from_annual_kwh(
    annual_kwh: float,
    location: Location,
    *,
    year: int = REFERENCE_YEAR,
    extras: Extras = NO_EXTRAS,
    source: str = "annual_kwh",
    notes: tuple[str, ...] = (),
) -> IntervalUsage:
    """Half-hourly usage for the 365 days from 1 January of `year`."""
    start, shares = year_start(year), _shares(location)
    general = spread_consumption(annual_kwh, start, 365, 30, shares=shares, state=location.state)
    return _build(
        general,
        start,
        30,
        location,
        extras,
        source,
        (*notes, _seasonal_note(location), DAILY_SHAPE_NOTE),
    )


def _shares(location: Location) -> tuple[float, ...]:
    return seasonal_shares("electricity", location.climate_zone, location.state)


def _seasonal_note(location: Location) -> str:
    zone = location.climate_zone or 6
    return (
        f"spread over the year by the AER 2020 seasonal shape for climate zone {zone}"
        f"{' (assumed)' if location.climate_zone is None else ''}, {location.state}"
    )


def _build(
    general: np.ndarray,
    start: datetime,
    interval: int,
    location: Location,
    extras: Extras,
    source: str,
    notes: tuple[str, ...],
) -> IntervalUsage:
    controlled = np.zeros_like(general)
    export = np.zeros_like(general)
    notes = list(notes)
    if extras.controlled_kwh:
        controlled = spread_controlled_load(
            extras.controlled_kwh, start, 365, interval, location.state
        )
        notes.append(
            f"controlled load {extras.controlled_kwh:,.0f} kWh a year, run evenly "
            "22:00-07:00 local time (assumed switching window)"
        )
    if extras.export_kwh:
        export = spread_solar_export(extras.export_kwh, start, 365, interval, location.state)
        notes.append(
            f"solar export {extras.export_kwh:,.0f} kWh a year, spread by clear-sky "
            f"output at the {location.state} capital's latitude"
        )
    return IntervalUsage(
        start,
        interval,
        general,
        controlled,
        export,
        source=source,
        state=location.state,
        distributor=location.distributor,
        postcode=location.postcode,
        assumptions=tuple(notes),
    )


def usage_from_annual_mj(
    annual_mj: float,
    location: Location,
    *,
    year: int = REFERENCE_YEAR,
    source: str = "annual_mj",
    notes: tuple[str, ...] = (),
) -> IntervalUsage:
    """Daily gas usage (MJ) over the reference year, by the AER gas seasonal shape."""
    shares = seasonal_shares("gas", None, location.state)
    per_day = daily_weights(date(year, 1, 1), 365, shares) * annual_mj
    zeros = np.zeros(365)
    return IntervalUsage(
        year_start(year),
        1440,
        per_day,
        zeros,
        zeros,
        source=source,
        unit="MJ",
        state=location.state,
        distributor=location.distributor,
        postcode=location.postcode,
        assumptions=(
            *notes,
            f"gas spread over days by the AER 2020 gas seasonal shape for {location.state}",
        ),
    )
