"""Turn a parsed NEM12 file into one year of IntervalUsage.

Channels: the lowest-numbered E suffix is general consumption; any other E suffix is taken
as a controlled-load element (the usual meter configuration "E1E2B1": E2 the separately
metered hot-water/slab-heating circuit) unless the caller names the controlled-load
suffixes; B suffixes are summed as export. Channels with a finer interval are summed up to
the coarsest interval in the file.

The year: the 365 days ending on the file's last day. Older data is dropped; days missing
from it (a short file, or gaps) are filled from the observed day of the same weekday
nearest in the calendar, scaled by the ratio of the two days' seasonal weights (AER
seasonal shape for the location; advocate.usage.profiles). Export is copied unscaled.
Every trim, fill, missing value and estimated read is recorded as an assumption.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np

from advocate.domain.errors import InvalidInput
from advocate.domain.usage import IntervalUsage
from advocate.usage.location import Location, resolve_location
from advocate.usage.nem12 import FIELD, Channel, parse_nem12
from advocate.usage.nmi import allocation_for
from advocate.usage.profiles import daily_weights, seasonal_shares

YEAR_DAYS = 365
ESTIMATED = {"E": "estimated", "S": "substituted", "F": "final substituted", "N": "null"}


def usage_from_nem12(
    text: str,
    *,
    location: dict | None = None,
    nmi: str | None = None,
    controlled_load_suffixes: frozenset[str] | None = None,
) -> IntervalUsage:
    """One year of usage from NEM12 text; InvalidInput (field usage.nem12) when unusable."""
    data = parse_nem12(text, nmi=nmi)
    allocation = allocation_for(data.nmi)
    place = _place(allocation, location)
    notes = _allocation_notes(allocation, place.distributor)
    series, interval, more = _assemble(
        data.channels, controlled_load_suffixes, place.climate_zone, place.state
    )
    first = series.pop("first_day")
    return IntervalUsage(
        datetime.combine(first, datetime.min.time()),
        interval,
        series["import"],
        series["controlled"],
        series["export"],
        source="nem12",
        state=place.state,
        distributor=place.distributor,
        postcode=place.postcode,
        assumptions=(*notes, *more),
    )


def _place(allocation, location: dict | None) -> Location:
    """Where the meter is: the NMI's block, refined by the customer's postcode if given."""
    distributor = (
        allocation.distributor if allocation and allocation.role == "distribution" else None
    )
    state = allocation.state if allocation else None
    if not location or location.get("postcode") is None:
        return Location(None, state, None, distributor)
    place = resolve_location(location, known_distributor=distributor, require_distributor=False)
    return Location(
        place.postcode, place.state, place.climate_zone, distributor or place.distributor
    )


def _allocation_notes(allocation, distributor: str | None) -> list[str]:
    """Where the distributor came from."""
    if distributor:
        return [f"distributor {distributor} from the NMI's block in AEMO's NMI Allocation List"]
    role = allocation.role if allocation else "unallocated"
    return [f"the NMI is not a distribution NMI ({role}); distributor unknown"]


def _classify(
    channels: dict[str, Channel], controlled: frozenset[str] | None
) -> dict[str, list[str]]:
    consumption = sorted(s for s in channels if s.startswith("E"))
    if controlled is None:
        controlled = frozenset(consumption[1:])
    unknown = controlled - set(consumption)
    if unknown:
        raise InvalidInput(
            f"controlled-load suffixes {sorted(unknown)} are not consumption channels in the file",
            field=FIELD,
        )
    return {
        "import": [s for s in consumption if s not in controlled],
        "controlled": sorted(controlled),
        "export": sorted(s for s in channels if s.startswith("B")),
    }


def _assemble(channels, controlled, zone, state):
    roles = _classify(channels, controlled)
    if not roles["import"]:
        raise InvalidInput("every consumption channel was named controlled load", field=FIELD)
    interval = max(c.interval_minutes for c in channels.values())
    observed = sorted(channels[roles["import"][0]].days)
    last = observed[-1]
    first = last - timedelta(days=YEAR_DAYS - 1)
    window = [first + timedelta(days=i) for i in range(YEAR_DAYS)]
    notes = _channel_notes(roles, channels, observed, first)
    present = [d for d in observed if d >= first]
    sources, fill_notes = _fill_plan(window, present, zone, state)
    series = {
        role: _series(channels, names, window, sources, interval, role == "export")
        for role, names in roles.items()
    }
    series["first_day"] = first
    return series, interval, notes + fill_notes


def _channel_notes(roles, channels, observed, first) -> list[str]:
    notes = [
        f"channels: general {'+'.join(roles['import'])}, controlled load "
        f"{'+'.join(roles['controlled']) or 'none'}, export {'+'.join(roles['export']) or 'none'}"
    ]
    if roles["controlled"]:
        notes.append("extra consumption channels are taken as controlled-load elements")
    dropped = sum(1 for d in observed if d < first)
    if dropped:
        notes.append(f"{dropped} days before the last {YEAR_DAYS} were not used")
    notes += _quality_notes(channels)
    return notes


def _quality_notes(channels: dict[str, Channel]) -> list[str]:
    notes = []
    for suffix, channel in sorted(channels.items()):
        total = sum(channel.quality.values())
        flagged = {ESTIMATED[q]: n for q, n in channel.quality.items() if q in ESTIMATED}
        if flagged:
            parts = ", ".join(f"{n} {kind}" for kind, n in sorted(flagged.items()))
            notes.append(f"{suffix}: {parts} of {total} intervals (NEM12 quality flags)")
        if channel.missing_values:
            notes.append(f"{suffix}: {channel.missing_values} blank interval values read as 0")
    return notes


def _fill_plan(window: list[date], present: list[date], zone, state):
    """For each day of the window: (source day, scale). Missing days borrow a nearby day."""
    weights = daily_weights(window[0], len(window), seasonal_shares("electricity", zone, state))
    weight_of = dict(zip(window, weights, strict=True))
    have = set(present)
    plan = {}
    for day in window:
        source = day if day in have else _nearest_same_weekday(day, present)
        plan[day] = (source, weight_of[day] / weight_of[source])
    filled = sum(1 for day in window if day not in have)
    notes = []
    if filled:
        notes.append(
            f"{filled} of {len(window)} days had no data and were filled from the "
            "nearest observed day of the same weekday, scaled by the AER seasonal shape"
        )
    return plan, notes


def _nearest_same_weekday(day: date, present: list[date]) -> date:
    same = [d for d in present if d.weekday() == day.weekday()] or present

    def distance(d: date) -> int:
        gap = abs(d.timetuple().tm_yday - day.timetuple().tm_yday)
        return min(gap, 365 - gap)

    return min(same, key=lambda d: (distance(d), abs((d - day).days)))


def _series(channels, names, window, plan, interval, unscaled) -> np.ndarray:
    per_day = 1440 // interval
    out = np.zeros((len(window), per_day))
    for name in names:
        channel = channels[name]
        ratio = interval // channel.interval_minutes
        for row, day in enumerate(window):
            source, scale = plan[day]
            values = channel.days.get(source)
            if values is not None:
                out[row] += values.reshape(per_day, ratio).sum(axis=1) * (
                    1.0 if unscaled else scale
                )
    return out.reshape(-1)
