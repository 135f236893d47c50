"""The one entry point for the API: a request's `usage` and `location` -> IntervalUsage.

usage is exactly one of
    {"nem12": "<NEM12 text>", "nmi"?: "...", "controlled_load_suffixes"?: ["E2"]}
    {"bill": {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "kwh": N
              | "peak_kwh"/"shoulder_kwh"/"off_peak_kwh": N, "windows"?: {...},
              "controlled_load_kwh"?: N, "mj"?: N (gas)}}
    {"annual_kwh": N}    {"annual_mj": N} (gas)
    {"household": {"people": N, "gas"?: bool, "pool"?: bool}}
with optional "solar_export_kwh" (annual), "controlled_load_kwh" (annual) and "year".
location is {"postcode": "3000", "distributor"?: "citipower"}. Errors are InvalidInput
with dotted field names ("usage.bill.start", "location.distributor", ...).
"""

from __future__ import annotations

from datetime import date

from advocate.domain.errors import InvalidInput
from advocate.domain.usage import IntervalUsage
from advocate.usage.benchmarks import Household, household_annual_gas_mj, household_annual_kwh
from advocate.usage.bills import gas_annual_from_bill, usage_from_bill
from advocate.usage.estimates import (
    REFERENCE_YEAR,
    Extras,
    usage_from_annual_kwh,
    usage_from_annual_mj,
)
from advocate.usage.location import resolve_location
from advocate.usage.meter import usage_from_nem12

KINDS = ("nem12", "bill", "annual_kwh", "annual_mj", "household")
MAX_KWH = 1_000_000.0  # a year's use beyond this is not a household
MAX_MJ = 10_000_000.0


def usage_from_request(
    usage: dict, location: dict | None, *, fuel: str = "electricity"
) -> IntervalUsage:
    """Build the customer's usage for `fuel` ("electricity" or "gas") from request JSON."""
    if not isinstance(usage, dict):
        raise InvalidInput("usage must be an object", field="usage")
    kinds = [k for k in KINDS if k in usage]
    if len(kinds) != 1:
        raise InvalidInput(
            f"give exactly one of {', '.join(KINDS)}", field="usage", details={"given": kinds}
        )
    kind = kinds[0]
    if fuel == "gas":
        return _gas(kind, usage, location)
    if kind == "annual_mj":
        raise InvalidInput("annual_mj describes gas use", field="usage.annual_mj")
    if kind == "nem12":
        return _nem12(usage, location)
    place = resolve_location(location)
    year = _year(usage)
    extras = Extras(
        _number(usage, "controlled_load_kwh", "usage.controlled_load_kwh", 0.0),
        _number(usage, "solar_export_kwh", "usage.solar_export_kwh", 0.0),
    )
    if kind == "annual_kwh":
        kwh = _number(usage, "annual_kwh", "usage.annual_kwh", None, positive=True)
        return usage_from_annual_kwh(
            kwh, place, year=year, extras=extras, notes=(f"annual use {kwh:,.0f} kWh as given",)
        )
    if kind == "household":
        household = _household(usage["household"])
        kwh, notes = household_annual_kwh(household, place.climate_zone)
        return usage_from_annual_kwh(
            kwh, place, year=year, extras=extras, source="household_benchmark", notes=tuple(notes)
        )
    return _bill(usage["bill"], place, year, extras)


def _nem12(usage: dict, location: dict | None) -> IntervalUsage:
    text = usage["nem12"]
    if not isinstance(text, str):
        raise InvalidInput("nem12 must be the file's text", field="usage.nem12")
    if usage.get("solar_export_kwh") is not None:
        raise InvalidInput(
            "a NEM12 file carries its own export channel; drop solar_export_kwh",
            field="usage.solar_export_kwh",
        )
    suffixes = usage.get("controlled_load_suffixes")
    controlled = frozenset(str(s).upper() for s in suffixes) if suffixes is not None else None
    return usage_from_nem12(
        text, location=location, nmi=usage.get("nmi"), controlled_load_suffixes=controlled
    )


def _bill(bill: object, place, year: int, extras: Extras) -> IntervalUsage:
    if not isinstance(bill, dict):
        raise InvalidInput("bill must be an object", field="usage.bill")
    first, last = _date(bill, "start"), _date(bill, "end")
    parts = {
        name: _number(bill, f"{name}_kwh", f"usage.bill.{name}_kwh", None, positive=False)
        for name in ("peak", "shoulder", "off_peak")
        if f"{name}_kwh" in bill
    }
    if "kwh" in bill:
        if parts:
            raise InvalidInput(
                "give kwh or a peak/shoulder/off_peak split, not both", field="usage.bill.kwh"
            )
        parts = {"total": _number(bill, "kwh", "usage.bill.kwh", None, positive=True)}
    if not parts or sum(parts.values()) <= 0:
        raise InvalidInput("the bill needs its kWh", field="usage.bill.kwh")
    if "controlled_load_kwh" in bill:
        billed = _number(bill, "controlled_load_kwh", "usage.bill.controlled_load_kwh", None)
        days = (last - first).days + 1
        extras = Extras(billed * 365 / max(days, 1), extras.export_kwh)
    return usage_from_bill(
        first, last, parts, place, windows=_windows(bill.get("windows")), year=year, extras=extras
    )


def _gas(kind: str, usage: dict, location: dict | None) -> IntervalUsage:
    place = resolve_location(location, require_distributor=False)
    year = _year(usage)
    if kind == "annual_mj":
        mj = _number(usage, "annual_mj", "usage.annual_mj", None, positive=True, limit=MAX_MJ)
        return usage_from_annual_mj(
            mj, place, year=year, notes=(f"annual gas {mj:,.0f} MJ as given",)
        )
    if kind == "household":
        mj, notes = household_annual_gas_mj(_household(usage["household"]), place.state)
        return usage_from_annual_mj(
            mj, place, year=year, source="household_benchmark", notes=tuple(notes)
        )
    if kind == "bill" and isinstance(usage["bill"], dict) and "mj" in usage["bill"]:
        bill = usage["bill"]
        billed = _number(bill, "mj", "usage.bill.mj", None, positive=True, limit=MAX_MJ)
        mj, note = gas_annual_from_bill(_date(bill, "start"), _date(bill, "end"), billed, place)
        return usage_from_annual_mj(mj, place, year=year, source="bill", notes=(note,))
    raise InvalidInput(
        "gas use is given as annual_mj, a bill with mj, or a household", field=f"usage.{kind}"
    )


def _household(raw: object) -> Household:
    if not isinstance(raw, dict):
        raise InvalidInput("household must be an object", field="usage.household")
    people = raw.get("people")
    if not isinstance(people, int) or isinstance(people, bool) or not 1 <= people <= 20:
        raise InvalidInput(
            "people must be a whole number from 1 to 20", field="usage.household.people"
        )
    flags = {}
    for name in ("gas", "pool"):
        value = raw.get(name, False)
        if not isinstance(value, bool):
            raise InvalidInput(f"{name} must be true or false", field=f"usage.household.{name}")
        flags[name] = value
    return Household(people, **flags)


def _number(
    source: dict,
    key: str,
    field: str,
    default: float | None,
    *,
    positive: bool = False,
    limit: float = MAX_KWH,
) -> float:
    value = source.get(key, default)
    if value is None:
        raise InvalidInput(f"{key} is required", field=field)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{key} must be a number", field=field)
    if value < 0 or (positive and value == 0) or value > limit or value != value:
        raise InvalidInput(
            f"{key} must be {'above' if positive else 'at least'} 0 and at most {limit:,.0f}",
            field=field,
        )
    return float(value)


def _date(bill: dict, key: str) -> date:
    try:
        return date.fromisoformat(str(bill[key]))
    except (KeyError, ValueError):
        raise InvalidInput(f"{key} must be a date YYYY-MM-DD", field=f"usage.bill.{key}") from None


def _year(usage: dict) -> int:
    year = usage.get("year", REFERENCE_YEAR)
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise InvalidInput("year must be a year from 2000 to 2100", field="usage.year")
    return year


def _windows(raw: object) -> dict | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InvalidInput(
            "windows maps peak/shoulder to [start, end] pairs", field="usage.bill.windows"
        )
    return {
        name: tuple(_span(span, f"usage.bill.windows.{name}") for span in spans)
        for name, spans in raw.items()
        if name in ("peak", "shoulder")
    }


def _span(span: object, field: str) -> tuple[int, int]:
    try:
        begin, end = (int(t[:2]) * 60 + int(t[3:5]) for t in span)  # "HH:MM"
    except (TypeError, ValueError):
        raise InvalidInput('a window is ["HH:MM", "HH:MM"]', field=field) from None
    if not 0 <= begin < end <= 1440:
        raise InvalidInput("a window's start is before its end, within one day", field=field)
    return begin, end
