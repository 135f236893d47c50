"""Read an AEMO NEM12 interval-data file (via nemreader) into channel arrays per day.

NEM12 (AEMO "Meter Data File Format Specification NEM12 & NEM13"): a 100 header row,
then per data stream a 200 row (NMI, suffix, unit, interval length 5/15/30 minutes), 300
rows of one day's interval values with a quality method, optional 400 rows that change the
quality of some intervals, 500 rows, and a 900 end row. All times are AEST. Suffixes that
start with E are consumption (import), B are generation sent to the grid (export); other
letters (reactive power) are not billed to households and are ignored.

Before nemreader parses the text we check every row's shape ourselves, because nemreader
skips a 300 row with too few values with only a log message, and counts lines from the
second row: a malformed row must come back as InvalidInput naming the file's line number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from nemreader import NEMFile

from advocate.domain.errors import InvalidInput

FIELD = "usage.nem12"
MAX_CHARS = 32_000_000  # ~ three years of 5-minute data on four channels
MAX_DAYS = 1100
RECORDS = {"100", "200", "250", "300", "400", "500", "550", "900"}
UNIT_FACTORS = {"KWH": 1.0, "WH": 0.001, "MWH": 1000.0}


@dataclass
class Channel:
    """One data stream: values per day (interval length fixed), quality counts."""

    suffix: str
    interval_minutes: int
    days: dict[date, np.ndarray] = field(default_factory=dict)
    quality: Counter = field(default_factory=Counter)
    missing_values: int = 0


@dataclass
class Nem12Data:
    """The channels of one NMI in a NEM12 file."""

    nmi: str
    channels: dict[str, Channel]


def _fail(line: int, message: str) -> InvalidInput:
    return InvalidInput(f"NEM12 line {line}: {message}", field=FIELD, details={"line": line})


def check_rows(lines: list[str]) -> None:
    """Raise InvalidInput naming the first structurally malformed line."""
    interval = None
    for number, line in enumerate(lines, start=1):
        cells = line.strip().split(",")
        if cells == [""]:
            continue
        if cells[0] not in RECORDS:
            raise _fail(number, f"unknown record indicator {cells[0][:10]!r}")
        if cells[0] == "200":
            interval = _check_200(cells, number)
        elif cells[0] == "300":
            _check_300(cells, number, interval)


def _check_200(cells: list[str], number: int) -> int:
    if len(cells) < 9 or cells[8].strip() not in {"5", "15", "30"}:
        raise _fail(number, "a 200 row needs 9 fields with an interval length of 5, 15 or 30")
    if cells[7].strip().upper() not in UNIT_FACTORS and cells[4][:1] in "EB":
        raise _fail(number, f"unit {cells[7][:10]!r} is not an energy unit (kWh, Wh, MWh)")
    return int(cells[8])


def _check_300(cells: list[str], number: int, interval: int | None) -> None:
    if interval is None:
        raise _fail(number, "a 300 row comes before any 200 row")
    per_day = 1440 // interval
    if len(cells) < per_day + 6:
        raise _fail(
            number,
            f"expected {per_day} interval values for {interval}-minute data "
            f"plus quality fields, found {len(cells)} fields",
        )
    if len(cells[1]) != 8 or not cells[1].isdigit():
        raise _fail(number, f"interval date {cells[1][:10]!r} is not YYYYMMDD")
    for value in cells[2 : 2 + per_day]:
        if value and not _is_number(value):
            raise _fail(number, f"interval value {value[:12]!r} is not a number")


def _is_number(text: str) -> bool:
    try:
        return float(text) >= 0
    except ValueError:
        return False


def parse_nem12(text: str, *, nmi: str | None = None) -> Nem12Data:
    """Parse NEM12 text; InvalidInput for oversized, malformed or multi-meter input."""
    if len(text) > MAX_CHARS:
        raise InvalidInput(f"NEM12 file is larger than {MAX_CHARS:,} characters", field=FIELD)
    lines = text.splitlines()
    check_rows(lines)
    offset = _first_row_offset(lines)
    try:
        readings = NEMFile("upload.csv", strict=True).parse_nem_file(lines[offset - 1 :]).readings
    except ValueError as error:
        raise _nemreader_error(error, offset) from error
    return _one_meter(readings, nmi)


def _first_row_offset(lines: list[str]) -> int:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not line.startswith("100"):
                raise _fail(number, "a NEM12 file starts with a 100 header row")
            return number
    raise InvalidInput("the NEM12 file is empty", field=FIELD)


def _nemreader_error(error: ValueError, offset: int) -> InvalidInput:
    words = str(error).split()
    if words[-1].isdigit():  # nemreader counts from the row after the header
        return _fail(int(words[-1]) + offset, str(error.__cause__ or error))
    return InvalidInput(f"NEM12 file could not be read: {error}", field=FIELD)


def _one_meter(readings: dict, nmi: str | None) -> Nem12Data:
    meters = {key: streams for key, streams in readings.items() if streams}
    if nmi is not None:
        meters = {key: streams for key, streams in meters.items() if key.startswith(nmi[:10])}
    if len(meters) != 1:
        raise InvalidInput(
            f"the NEM12 file holds data for {len(meters)} meters (NMIs); send one meter's file",
            field=FIELD,
        )
    ((key, streams),) = meters.items()
    channels = {}
    for suffix, reads in streams.items():
        if suffix[:1] in "EB" and reads:
            channels[suffix] = _channel(suffix, reads)
    if not any(s.startswith("E") for s in channels):
        raise InvalidInput("the NEM12 file has no consumption (E) channel", field=FIELD)
    return Nem12Data(key, channels)


def _channel(suffix: str, reads: list) -> Channel:
    minutes = _minutes(reads[0])
    channel = Channel(suffix, minutes)
    per_day = 1440 // minutes
    factor = UNIT_FACTORS[reads[0].uom.strip().upper()]
    for start in range(0, len(reads), per_day):
        day_reads = reads[start : start + per_day]
        if _minutes(day_reads[0]) != minutes or len(day_reads) != per_day:
            raise InvalidInput(
                f"NEM12 channel {suffix} changes its interval length; send "
                "data with one interval length per channel",
                field=FIELD,
            )
        values = np.array(
            [np.nan if r.read_value is None else r.read_value for r in day_reads], dtype=np.float64
        )
        channel.missing_values += int(np.isnan(values).sum())
        channel.days[day_reads[0].t_start.date()] = np.nan_to_num(values) * factor
        channel.quality.update((r.quality_method or "?")[:1] for r in day_reads)
    if len(channel.days) > MAX_DAYS:
        raise InvalidInput(f"NEM12 channel {suffix} covers more than {MAX_DAYS} days", field=FIELD)
    return channel


def _minutes(reading) -> int:
    return int((reading.t_end - reading.t_start).total_seconds() // 60)
