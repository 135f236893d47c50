"""Checks on parsed energy rates: what a bill cannot be computed from, and the unit trap.

`coverage_problems` finds calendar days with no tariff period and minutes of the week with no
usage rate (or two different ones); these go into `EnergyTariff.unpriceable`.
`check_plausible` refuses a payload whose prices are 100x off for its version (cents read as
dollars or the reverse) with ParseError, so the payload is quarantined rather than ranked.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from advocate.domain import ParseError
from advocate.domain.energy import WEEKDAYS, TariffPeriod, UsageRate

# Bounds, in dollars ex GST, well outside every real plan: the AER's 2024-25 default market
# offers price residential usage at 20-45 c/kWh and supply at 80-180 c/day, gas at 2-4 c/MJ.
MAX_UNIT_PRICE = Decimal("3")
MIN_UNIT_PRICE = Decimal("0.001")
MAX_DAILY_SUPPLY = Decimal("30")
MIN_DAILY_SUPPLY = Decimal("0.05")
_LEAP_YEAR_DAYS = [date(2024, 1, 1) + timedelta(days=n) for n in range(366)]
_REPORTED_RANGES = 3


def coverage_problems(periods: tuple[TariffPeriod, ...], where: str) -> list[str]:
    """Days no season covers, seasons that overlap, and week minutes without exactly one rate."""
    problems = _season_problems(periods, where)
    for period in periods:
        problems += _week_problems(period, f"{where} {period.name!r}")
    return problems


def _season_problems(periods: tuple[TariffPeriod, ...], where: str) -> list[str]:
    priced = [p for p in periods if p.usage]
    counts = {d: sum(p.season.contains(d.strftime("%m-%d")) for p in priced)
              for d in _LEAP_YEAR_DAYS}
    problems = []
    gaps = [d for d, n in counts.items() if n == 0]
    if gaps:
        problems.append(f"{where}: no usage tariff on {_date_ranges(gaps)}")
    overlaps = [d for d, n in counts.items() if n > 1]
    if overlaps:
        problems.append(f"{where}: two seasons with usage rates on {_date_ranges(overlaps)}")
    return problems


def _date_ranges(days: list[date]) -> str:
    ranges: list[list[date]] = []
    for day in days:
        if ranges and day - ranges[-1][1] == timedelta(days=1):
            ranges[-1][1] = day
        else:
            ranges.append([day, day])
    text = [f"{a:%m-%d}..{b:%m-%d}" for a, b in ranges[:_REPORTED_RANGES]]
    return ", ".join(text) + (" and more" if len(ranges) > _REPORTED_RANGES else "")


def _week_problems(period: TariffPeriod, where: str) -> list[str]:
    if not period.usage:
        return []
    prices: dict[tuple[str, int], set] = {}
    for rate in period.usage:
        for slot in _slots(rate):
            prices.setdefault(slot, set()).add(rate.blocks)
    problems = []
    gaps = [(d, m) for d in WEEKDAYS for m in range(1440) if (d, m) not in prices]
    if gaps:
        problems.append(f"{where}: no usage rate on {_minute_ranges(gaps)}")
    clashes = [(d, m) for d in WEEKDAYS for m in range(1440) if len(prices.get((d, m), ())) > 1]
    if clashes:
        problems.append(f"{where}: two different usage rates on {_minute_ranges(clashes)}")
    return problems


def _slots(rate: UsageRate) -> set[tuple[str, int]]:
    if not rate.windows:
        return {(d, m) for d in WEEKDAYS for m in range(1440)}
    slots: set[tuple[str, int]] = set()
    for window in rate.windows:
        for day in WEEKDAYS:
            if day not in window.days:
                continue
            nxt = WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7]
            if window.crosses_midnight:
                slots |= {(day, m) for m in range(window.start_minute, 1440)}
                slots |= {(nxt, m) for m in range(window.end_minute)}
            else:
                slots |= {(day, m) for m in range(window.start_minute, window.end_minute)}
    return slots


def _minute_ranges(slots: list[tuple[str, int]]) -> str:
    ranges: list[list] = []
    for day, minute in slots:
        if ranges and ranges[-1][0] == day and ranges[-1][2] == minute:
            ranges[-1][2] = minute + 1
        else:
            ranges.append([day, minute, minute + 1])
    text = [f"{d} {a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}"
            for d, a, b in ranges[:_REPORTED_RANGES]]
    return ", ".join(text) + (" and more" if len(ranges) > _REPORTED_RANGES else "")


def check_plausible(periods: tuple[TariffPeriod, ...], version: int, unit_name: str) -> None:
    """ParseError when a supply charge or usage price is 100x off for the payload's version."""
    for period in periods:
        supply = period.daily_supply_charge
        if supply and not MIN_DAILY_SUPPLY <= supply <= MAX_DAILY_SUPPLY:
            raise _implausible(f"daily supply charge {supply} $/day in {period.name!r}",
                               version, unit_name)
        for rate in period.usage:
            for block in rate.blocks:
                if block.unit_price and not MIN_UNIT_PRICE <= block.unit_price <= MAX_UNIT_PRICE:
                    raise _implausible(f"usage price {block.unit_price} $/{rate.unit.lower()} "
                                       f"in {period.name!r}", version, unit_name)


def _implausible(what: str, version: int, unit_name: str) -> ParseError:
    return ParseError(f"implausible {what}: plan-detail v{version} publishes tariff values in "
                      f"{unit_name}; the payload's unit does not match its version")
