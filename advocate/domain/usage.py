"""What a customer uses: a period of metered (or estimated) interval data, as numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

MINUTES_PER_DAY = 1440
MJ_PER_KWH = 3.6  # 1 kWh = 3.6 MJ by definition of the watt-hour
SOURCES = frozenset({"nem12", "bill", "annual_kwh", "household_benchmark", "annual_mj"})
UNITS = frozenset({"kWh", "MJ"})


def _frozen_array(values: object, name: str) -> np.ndarray:
    array = np.array(values, dtype=np.float64, copy=True)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"{name} must hold finite, non-negative quantities")
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class IntervalUsage:
    """A customer's consumption (and export) over whole days, interval by interval.

    Times are wall-clock times in `clock`: "AEST" means fixed UTC+10 with no daylight
    saving, the clock of every NEM12 file (AEMO MDFF specification, all times in market
    time). `start` is midnight at the beginning of the first day; interval i covers
    [start + i*interval_minutes, start + (i+1)*interval_minutes). Quantities are per
    interval in `unit` ("kWh" for electricity, "MJ" for gas) and never negative:
    consumption and export are separate channels, as a bidirectional meter records them.

    `state` (an Australian state or territory code) gives the customer's local clock and
    public holidays; `distributor` and `postcode` locate them on the network.
    `assumptions` say, in words, everything that was estimated rather than measured.
    """

    start: datetime
    interval_minutes: int
    import_kwh: np.ndarray
    controlled_kwh: np.ndarray
    export_kwh: np.ndarray
    source: str
    clock: str = "AEST"
    unit: str = "kWh"
    state: str | None = None
    distributor: str | None = None
    postcode: str | None = None
    assumptions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("import_kwh", "controlled_kwh", "export_kwh"):
            object.__setattr__(self, name, _frozen_array(getattr(self, name), name))
        object.__setattr__(self, "assumptions", tuple(self.assumptions))
        self._check_shape()

    def _check_shape(self) -> None:
        n = len(self.import_kwh)
        if len(self.controlled_kwh) != n or len(self.export_kwh) != n:
            raise ValueError("import, controlled-load and export series differ in length")
        if self.interval_minutes <= 0 or MINUTES_PER_DAY % self.interval_minutes:
            raise ValueError("interval_minutes must divide a day (1440 minutes)")
        if n == 0 or n % self.intervals_per_day:
            raise ValueError("usage must cover one or more whole days")
        if (self.start.hour, self.start.minute, self.start.second) != (0, 0, 0):
            raise ValueError("usage must start at midnight")
        if self.start.tzinfo is not None:
            raise ValueError("start is a naive wall-clock time in `clock`")
        if self.source not in SOURCES or self.unit not in UNITS:
            raise ValueError(f"unknown source {self.source!r} or unit {self.unit!r}")

    @property
    def intervals_per_day(self) -> int:
        """Number of intervals in one day."""
        return MINUTES_PER_DAY // self.interval_minutes

    @property
    def n_intervals(self) -> int:
        """Number of intervals in the series."""
        return len(self.import_kwh)

    @property
    def days(self) -> int:
        """Number of whole days covered."""
        return self.n_intervals // self.intervals_per_day

    @property
    def first_day(self) -> date:
        """The first day covered (in `clock`)."""
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last day covered (in `clock`)."""
        return self.first_day + timedelta(days=self.days - 1)

    @property
    def annualisation(self) -> float:
        """Factor that scales this period's totals to 365 days."""
        return 365.0 / self.days

    @property
    def annual_import(self) -> float:
        """General plus controlled-load consumption over a year, in `unit`."""
        return float(self.import_kwh.sum() + self.controlled_kwh.sum()) * self.annualisation

    @property
    def annual_kwh(self) -> float:
        """Annual consumption in kWh (gas converted at 3.6 MJ per kWh)."""
        factor = 1.0 if self.unit == "kWh" else 1.0 / MJ_PER_KWH
        return self.annual_import * factor

    @property
    def annual_export_kwh(self) -> float:
        """Annual export (solar feed-in) in kWh."""
        return float(self.export_kwh.sum()) * self.annualisation

    def with_changes(self, **changes: object) -> IntervalUsage:
        """A copy with some fields replaced (arrays are re-validated)."""
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        fields.update(changes)
        return IntervalUsage(**fields)  # type: ignore[arg-type]
