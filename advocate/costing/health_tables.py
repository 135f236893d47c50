"""The bundled health spending tables (advocate/data/health/meps_2014, see its SOURCES.md),
read once on first use."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from advocate.domain.health import Service

TABLES = Path(__file__).resolve().parents[1] / "data" / "health" / "meps_2014"
# Percentile of the member's age-band spending for each utilisation level (SOURCES.md).
LEVEL_PERCENTILES = {"low": 0.25, "medium": 0.50, "high": 0.90}


@dataclass(frozen=True)
class AgeBand:
    """Annual allowed spending of one age band: a share with none, lognormal for the rest."""

    name: str
    min_age: int
    max_age: int
    share_with_expense: float
    median: float  # among people with an expense, USD (2014)
    mean: float

    @property
    def mu(self) -> float:
        """Location of the lognormal: ln(median)."""
        return math.log(self.median)

    @property
    def sigma(self) -> float:
        """Scale of the lognormal: sqrt(2 ln(mean / median))."""
        return math.sqrt(2 * math.log(self.mean / self.median))


@dataclass(frozen=True)
class UnitPrice:
    """Allowed amount of one visit, stay or fill; `days` per stay for per-day copays."""

    service: Service
    allowed: float
    unit: str
    days: float
    basis: str
    source: str


@dataclass(frozen=True)
class MixBand:
    """How spending between `start` and `end` USD a year divides among services."""

    start: float
    end: float
    shares: dict[Service, float]


@dataclass(frozen=True)
class EventItem:
    """One line of a planned event's sample care costs."""

    item: str
    service: Service
    allowed: float
    units: float
    days: float


def _rows(name: str) -> list[dict[str, str]]:
    with open(TABLES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def anchors() -> dict[str, float]:
    """Published 2000 and 2014 levels used to bring the 2000 age table to 2014."""
    return {row["name"]: float(row["value"]) for row in _rows("anchors.csv")}


@cache
def age_bands() -> tuple[AgeBand, ...]:
    """The age bands, scaled from 2000 to 2014 as SOURCES.md describes."""
    a = anchors()
    median_scale = a["median_with_expense_2014_all"] / a["median_with_expense_2000_all"]
    bands = []
    for row in _rows("spending_by_age.csv"):
        group = row["scale_group"]
        mean_scale = (a[f"mean_with_expense_2014_{group}"]
                      / a[f"mean_with_expense_2000_{group}"])
        bands.append(AgeBand(
            name=row["age_band"], min_age=int(row["min_age"]), max_age=int(row["max_age"]),
            share_with_expense=float(row["pct_with_expense_2000"]) / 100,
            median=float(row["median_with_expense_2000"]) * median_scale,
            mean=float(row["mean_with_expense_2000"]) * mean_scale))
    return tuple(bands)


def band_for(age: int) -> AgeBand:
    """The age band holding `age` (whole years)."""
    for band in age_bands():
        if band.min_age <= age <= band.max_age:
            return band
    raise ValueError(f"no spending table for age {age}")


@cache
def unit_prices() -> dict[Service, UnitPrice]:
    """Allowed amount per unit of each service."""
    return {Service(r["service"]): UnitPrice(
        service=Service(r["service"]), allowed=float(r["allowed_per_unit"]), unit=r["unit"],
        days=float(r["days_per_unit"]), basis=r["basis"], source=r["source"])
        for r in _rows("unit_prices.csv")}


@cache
def mix_bands() -> tuple[MixBand, ...]:
    """The spending ladder, lowest band first."""
    bands: dict[tuple[float, float], dict[Service, float]] = {}
    for row in _rows("service_mix.csv"):
        key = (float(row["band_from"]), float(row["band_to"]))
        bands.setdefault(key, {})[Service(row["service"])] = float(row["share"])
    for (start, end), shares in bands.items():
        if not math.isclose(sum(shares.values()), 1.0, abs_tol=1e-9):
            raise ValueError(f"service shares of band {start}-{end} do not sum to 1")
    return tuple(MixBand(start, end, shares) for (start, end), shares in sorted(bands.items()))


@cache
def events() -> dict[str, tuple[EventItem, ...]]:
    """Planned events by name, each a list of sample care costs."""
    found: dict[str, list[EventItem]] = {}
    for row in _rows("events.csv"):
        found.setdefault(row["event"], []).append(EventItem(
            item=row["item"], service=Service(row["service"]), allowed=float(row["allowed"]),
            units=float(row["units"]), days=float(row["days"])))
    return {name: tuple(items) for name, items in found.items()}
