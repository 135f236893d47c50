"""The priced building blocks of an energy tariff: windows, seasons, blocks, rates, demand, loads.

Every price here is in dollars per unit EXCLUSIVE of GST (see `advocate.domain.energy` for the
unit and GST rules and for where each number comes from in the Consumer Data Standards).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
PUBLIC_HOLIDAYS = "PUBLIC_HOLIDAYS"
MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class TimeWindow:
    """Minutes of the day `[start_minute, end_minute)` on `days`, in the tariff's time zone.

    `days` holds weekday names (`MON`..`SUN`) and, when the tariff names them, the marker
    `PUBLIC_HOLIDAYS`. `end_minute` is exclusive and may be 1440 (midnight at the end of the
    day); an inclusive source end such as "1459" or "23:59" is stored as 900 / 1440.
    `start_minute > end_minute` means the window crosses midnight: it starts on a listed day
    and its part after midnight (`[0, end_minute)`) falls on the following day.
    `excludes_public_holidays` is True for a `BUSINESS_DAYS` day set (weekdays that are not
    public holidays).
    """

    days: frozenset[str]
    start_minute: int
    end_minute: int
    excludes_public_holidays: bool = False

    @property
    def crosses_midnight(self) -> bool:
        """True when the window runs past midnight into the next day."""
        return self.start_minute > self.end_minute

    def applies(self, weekday: str, minute: int, *, public_holiday: bool = False,
                previous_weekday: str | None = None) -> bool:
        """Whether the window covers `minute` (0..1439) of a day named `weekday`.

        For the after-midnight part of a crossing window the day that counts is the day the
        window started on: pass `previous_weekday` (defaults to the weekday before `weekday`).
        """
        if public_holiday and self.excludes_public_holidays:
            return False
        on_day = self._listed(weekday, public_holiday)
        if not self.crosses_midnight:
            return on_day and self.start_minute <= minute < self.end_minute
        before = previous_weekday or WEEKDAYS[WEEKDAYS.index(weekday) - 1]
        return (on_day and minute >= self.start_minute) or (
            minute < self.end_minute and self._listed(before, False))

    def _listed(self, weekday: str, public_holiday: bool) -> bool:
        if public_holiday and PUBLIC_HOLIDAYS in self.days:
            return True
        return weekday in self.days


@dataclass(frozen=True)
class Season:
    """Calendar dates a tariff period applies to, `MM-DD` to `MM-DD`, both INCLUSIVE.

    `start > end` (e.g. 07-01..06-30 or 10-01..05-31) means the season wraps over New Year.
    """

    start: str = "01-01"
    end: str = "12-31"

    @property
    def wraps_year_end(self) -> bool:
        """True when the season runs over 31 December into the next year."""
        return self.start > self.end

    def contains(self, month_day: str) -> bool:
        """Whether the date `MM-DD` falls in the season."""
        if self.wraps_year_end:
            return month_day >= self.start or month_day <= self.end
        return self.start <= month_day <= self.end


@dataclass(frozen=True)
class ResetPeriod:
    """How often block volumes reset: the ISO 8601 duration and the same parsed.

    `months` and `days` are the duration's month part (years x 12 included) and day part
    (weeks x 7 included); P1M -> (1, 0), P1D -> (0, 1), P1Y -> (12, 0), P1W -> (0, 7).
    `defaulted` is True when the payload gave no period and the standard's default (P1Y) was used.
    """

    iso: str
    months: int
    days: int
    defaulted: bool = False


@dataclass(frozen=True)
class RateBlock:
    """One step of a rate: `unit_price` dollars per unit ex GST for the next `volume` units.

    `volume` is the size of this block (not a cumulative threshold) in the rate's unit per the
    reset period; None means "all remaining usage" (the last block).
    """

    unit_price: Decimal
    volume: Decimal | None = None


@dataclass(frozen=True)
class UsageRate:
    """A usage charge: stepped blocks, the unit they price, and when the rate applies.

    `kind` is `SINGLE_RATE` for a rate that applies at all times, else the time-of-use type from
    the payload (`PEAK`, `OFF_PEAK`, `SHOULDER`, `SHOULDER1`, `SHOULDER2`, `SOLAR_SPONGE`) or
    `ALL_PERIODS` for a feed-in rate without a type. `windows` is empty for a rate that applies
    at all times. `unit` is `KWH` for electricity and `MJ` for gas (see the module notes of
    `advocate.domain.energy`), or another CDS measure unit (then the rate is unpriceable).
    `period` is the block reset period; None when there is a single unbounded block.
    """

    name: str
    kind: str
    blocks: tuple[RateBlock, ...]
    windows: tuple[TimeWindow, ...] = ()
    unit: str = "KWH"
    period: ResetPeriod | None = None
    description: str = ""


@dataclass(frozen=True)
class DemandCharge:
    """A demand charge: `amount` dollars ex GST per kW of peak demand per `charge_period`.

    Demand is measured within `window` over `measurement_period` (`DAY`, `MONTH` or
    `TARIFF_PERIOD`) and charged per `charge_period` (same values). `min_demand_kw` /
    `max_demand_kw` bound the demand this charge applies to (absent min = 0, absent max = none).
    `unit` is the measured quantity (`KW` unless the payload says e.g. `KVA`).
    """

    name: str
    amount: Decimal
    window: TimeWindow
    measurement_period: str
    charge_period: str
    unit: str = "KW"
    min_demand_kw: Decimal | None = None
    max_demand_kw: Decimal | None = None
    description: str = ""


@dataclass(frozen=True)
class TariffPeriod:
    """What applies during one season: supply charge, usage rates and demand charges.

    `daily_supply_charge` is dollars per day ex GST (None when the payload has none for the
    season). `banded_daily_supply` carries a v3 `BAND` supply charge as blocks of dollars per day
    by volume. `usage` holds one `SINGLE_RATE` rate or the time-of-use rates. `demand_charges` are
    the season's demand charges; the standard lists them as a separate tariff period with the same
    dates, and parsing merges entries with identical seasons into one `TariffPeriod`.
    `time_zone` overrides the tariff's zone when the payload sets one per period.
    `charge_type` is the v2+ period type (`NETWORK`, `RETAIL_SERVICE`, ..., default `OTHER`).
    """

    name: str
    season: Season
    daily_supply_charge: Decimal | None = None
    usage: tuple[UsageRate, ...] = ()
    demand_charges: tuple[DemandCharge, ...] = ()
    banded_daily_supply: tuple[RateBlock, ...] = ()
    time_zone: str | None = None
    charge_type: str = "OTHER"


@dataclass(frozen=True)
class ControlledLoad:
    """A separately metered controlled load (e.g. off-peak hot water) and its own charges.

    `daily_supply_charge` is dollars per day ex GST for the controlled-load meter; `rates`
    prices the load's usage (a `SINGLE_RATE` rate or time-of-use rates). `start_date` /
    `end_date` are the ISO dates the payload limits the load's rates to (None = no limit);
    `season` is their `MM-DD` part (the whole year when no dates are given).
    """

    name: str
    rates: tuple[UsageRate, ...]
    daily_supply_charge: Decimal | None = None
    season: Season = Season()
    start_date: str | None = None
    end_date: str | None = None


@dataclass(frozen=True)
class FeedInTariff:
    """A solar feed-in tariff: dollars per kWh exported (see GST note in `energy`).

    `scheme` is `PREMIUM`, `CURRENT`, `VARIABLE` or `OTHER`; `payer` is `RETAILER` or
    `GOVERNMENT`. `rates` holds one rate without windows (single tariff) or time-varying rates
    with windows; a block `volume` caps the exports paid at that rate per `period`.
    `closed_to_new_customers` is True for `PREMIUM` schemes (Victoria's premium FiT closed to
    new applicants in 2011; payloads label it "[closed]").
    `start_date` / `end_date` are ISO dates when the payload limits the tariff in time.
    """

    name: str
    scheme: str
    payer: str
    rates: tuple[UsageRate, ...]
    closed_to_new_customers: bool = False
    start_date: str | None = None
    end_date: str | None = None
    description: str = ""
