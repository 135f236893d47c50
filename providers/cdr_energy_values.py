"""Single CDR energy values as real payloads write them: times, days, dates, durations, numbers.

Real payloads are looser than the standard (ISO 8601 times): "1500", "15:00", "15:00:00" and
"700" all occur, end times are often inclusive ("1459", "23:59"), day sets use BUSINESS_DAYS,
and percentages are sometimes written in percent instead of as the standard's fraction.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from advocate.domain import ParseError
from advocate.domain.energy import PUBLIC_HOLIDAYS, WEEKDAYS, ResetPeriod, Season, TimeWindow

MIDNIGHT_END = 1440
_TIME = re.compile(r"^(\d{1,2}):?(\d{2})(?::?(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")
_AEST_OFFSETS = {None, "+10:00", "+1000"}
_DAY_SETS: dict[str, tuple[str, ...]] = {
    **{day: (day,) for day in WEEKDAYS},
    "MONDAY": ("MON",), "TUESDAY": ("TUE",), "WEDNESDAY": ("WED",), "THURSDAY": ("THU",),
    "FRIDAY": ("FRI",), "SATURDAY": ("SAT",), "SUNDAY": ("SUN",),
    "WEEKDAYS": WEEKDAYS[:5], "BUSINESS_DAYS": WEEKDAYS[:5], "WEEKENDS": WEEKDAYS[5:],
    "ALL": WEEKDAYS, "EVERYDAY": WEEKDAYS,
    PUBLIC_HOLIDAYS: (PUBLIC_HOLIDAYS,), "PUBLIC_HOLIDAY": (PUBLIC_HOLIDAYS,),
}
_MONTH_DAY = re.compile(r"^(?:\d{4}-)?(\d{1,2})-(\d{1,2})(?:T.*)?$")
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
DEFAULT_BLOCK_PERIOD = "P1Y"  # CDS v3: "Defaults to P1Y if absent" for block rate periods


def decimal(value: object, where: str) -> Decimal:
    """A Decimal from a CDS AmountString/RateString/number; ParseError naming `where`."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ParseError(f"{where}: {value!r} is not a number", field=where) from None
    if not number.is_finite():
        raise ParseError(f"{where}: {value!r} is not a finite number", field=where)
    return number


def optional_decimal(value: object, where: str) -> Decimal | None:
    """`decimal(value)`, or None when the value is absent or blank."""
    if value is None or str(value).strip() == "":
        return None
    return decimal(value, where)


def minute_of_day(text: object, where: str, *, end: bool) -> int:
    """Minutes after midnight for a CDS time; an end time is exclusive (see module notes).

    An end at minute :x9 or second :59 is taken as inclusive and moved one minute on
    ("1459" -> 900, "23:59:59" -> 1440); an end of midnight ("0000", "24:00") is 1440.
    """
    match = _TIME.match(str(text).strip())
    if not match:
        raise ParseError(f"{where}: {text!r} is not a time of day", field=where)
    hours, minutes = int(match[1]), int(match[2])
    seconds = int(match[3] or 0)
    if match[4] not in _AEST_OFFSETS:
        raise ParseError(f"{where}: time {text!r} has a UTC offset other than AEST's",
                         field=where)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise ParseError(f"{where}: {text!r} is not a time of day", field=where)
    minute = hours * 60 + minutes
    if not end:
        return minute % MIDNIGHT_END
    if seconds == 59 or (minutes % 10 == 9 and not seconds):
        minute += 1
    return minute if minute else MIDNIGHT_END


def days_of(values: object, where: str) -> tuple[frozenset[str], bool]:
    """A day set and whether it excludes public holidays (BUSINESS_DAYS); absent = every day."""
    if not values:
        return frozenset(WEEKDAYS), False
    names = [str(v).strip().upper() for v in (values if isinstance(values, list) else [values])]
    unknown = [name for name in names if name not in _DAY_SETS]
    if unknown:
        raise ParseError(f"{where}: unknown day {unknown[0]!r}", field=where)
    days = frozenset(day for name in names for day in _DAY_SETS[name])
    return days, "BUSINESS_DAYS" in names and PUBLIC_HOLIDAYS not in days


def window(item: dict, where: str, *, start_key: str = "startTime",
           end_key: str = "endTime") -> TimeWindow:
    """A TimeWindow from days + start/end (absent start = midnight, absent end = end of day)."""
    days, business = days_of(item.get("days"), f"{where}.days")
    start = _time_or(item.get(start_key), 0, f"{where}.{start_key}", end=False)
    stop = _time_or(item.get(end_key), MIDNIGHT_END, f"{where}.{end_key}", end=True)
    if start == stop:  # "07:00"-"07:00": the standard has no zero-length window; all day
        start, stop = 0, MIDNIGHT_END
    return TimeWindow(days=days, start_minute=start, end_minute=stop,
                      excludes_public_holidays=business)


def _time_or(value: object, default: int, where: str, *, end: bool) -> int:
    if value is None or str(value).strip() == "":
        return default
    return minute_of_day(value, where, end=end)


def month_day(value: object, where: str) -> str:
    """`MM-DD` from "MM-DD", "M-D" or a full ISO date; ParseError when it is no date."""
    match = _MONTH_DAY.match(str(value).strip())
    if not match or not (1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 31):
        raise ParseError(f"{where}: {value!r} is not a MM-DD date", field=where)
    return f"{int(match[1]):02d}-{int(match[2]):02d}"


def season(item: dict, where: str) -> Season:
    """The inclusive season of a tariff period (absent dates = the whole year)."""
    start = item.get("startDate")
    end = item.get("endDate")
    return Season(start=month_day(start, f"{where}.startDate") if start else "01-01",
                  end=month_day(end, f"{where}.endDate") if end else "12-31")


def reset_period(value: object, where: str, *, has_blocks: bool) -> ResetPeriod | None:
    """The block reset period; the standard's P1Y when absent but blocks need one."""
    if value is None or str(value).strip() == "":
        return _duration(DEFAULT_BLOCK_PERIOD, where, defaulted=True) if has_blocks else None
    return _duration(str(value).strip(), where)


def _duration(text: str, where: str, *, defaulted: bool = False) -> ResetPeriod:
    match = _DURATION.match(text.upper())
    if not match or text.upper() == "P":
        raise ParseError(f"{where}: {text!r} is not an ISO 8601 duration", field=where)
    years, months, weeks, days = (int(part or 0) for part in match.groups())
    return ResetPeriod(iso=text.upper(), months=years * 12 + months, days=weeks * 7 + days,
                       defaulted=defaulted)


def fraction(value: object, where: str, *, description: str = "") -> Decimal:
    """A RateString as a fraction (0.03 = 3 %), undoing payloads written in percent.

    The standard's RateString is a fraction, but some holders write percent: Origin's card fee
    "rate": "0.24" is described as "A 0.24% fee", Origin's GreenPower "percentGreen": "25" is
    25 %. A rate whose description quotes that very number with "%", or above 1, is percent.
    """
    number = decimal(value, where)
    quoted = re.search(rf"(?<![\d.]){re.escape(str(value).strip())}\s*%", description or "")
    return number / 100 if quoted or number > 1 else number
