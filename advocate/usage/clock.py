"""Turn interval positions on the AEST market clock into the customer's local wall time.

NEM12 data is on AEST (UTC+10, no daylight saving). A customer's local clock may be
offset from it (Adelaide is UTC+9:30, Perth UTC+8) and may move with daylight saving
(Melbourne is UTC+11 from the first Sunday of October to the first Sunday of April).
The offsets come from the IANA time-zone database through `zoneinfo`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np

AEST = timezone(timedelta(hours=10))


def _offset_minutes(zone: ZoneInfo, market_time: datetime) -> int:
    local = market_time.replace(tzinfo=AEST).astimezone(zone)
    return int(local.utcoffset().total_seconds() // 60) - 600


@lru_cache(maxsize=64)
def local_offsets(start: datetime, days: int, interval_minutes: int, tz: str) -> np.ndarray:
    """Minutes to add to each interval's AEST start to get local wall time.

    Checked once per day and, only on days where the offset changes (daylight-saving
    transitions), once per interval; cached per (start, days, interval, zone).
    """
    zone = ZoneInfo(tz)
    per_day = 1440 // interval_minutes
    offsets = np.empty(days * per_day, dtype=np.int64)
    for day in range(days):
        day_start = start + timedelta(days=day)
        first = _offset_minutes(zone, day_start)
        last = _offset_minutes(zone, day_start + timedelta(minutes=1440 - interval_minutes))
        block = offsets[day * per_day : (day + 1) * per_day]
        if first == last:
            block[:] = first
            continue
        for i in range(per_day):
            block[i] = _offset_minutes(zone, day_start + timedelta(minutes=i * interval_minutes))
    offsets.setflags(write=False)
    return offsets


@lru_cache(maxsize=64)
def local_calendar(start: datetime, days: int, interval_minutes: int, tz: str | None):
    """Per interval: local minute of day, local day index (days after `start`'s date).

    With tz None the market clock itself is used. Returns two read-only int arrays.
    """
    n = days * (1440 // interval_minutes)
    minutes = np.arange(n, dtype=np.int64) * interval_minutes
    if tz is not None:
        minutes = minutes + local_offsets(start, days, interval_minutes, tz)
    day_index, minute_of_day = np.divmod(minutes, 1440)
    minute_of_day.setflags(write=False)
    day_index.setflags(write=False)
    return minute_of_day, day_index
