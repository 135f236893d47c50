"""US places for health plans: ZIP code -> county FIPS candidates, county name + state -> FIPS.

Data, both installed packages, nothing read over the network:

- `zipcodes` 3.0.0 (MIT; github.com/seanpianka/zipcodes): 42,789 ZIP codes, each with ONE county
  name (the ZIP's primary county, from the unitedstateszipcodes.org database, checked monthly
  against the USPS ZIP Locale Detail list; coordinates from GeoNames). 977 ZIPs carry no county
  (military APO/FPO, some territories, DC, some PO boxes and unique ZIPs).
- `addfips` 0.4.2 (GPL-3.0; github.com/fitnr/addfips): Census county names and FIPS codes,
  vintage 2020 (3,144 counties and equivalents in the 50 states and DC, 3,235 with territories);
  Connecticut's 2022 planning regions are not in it (CT keeps its eight old counties here).

Known limitation, stated plainly: neither package knows that a ZIP can span counties. A ZIP on a
county line gets only its primary county here, so `counties_for_zip` returns one candidate where
the USPS/HUD crosswalk or the CMS Marketplace API (`GET /counties/by/zip/{zip}`) would list
several. `choose_county` applies the same "ask which" rule to any candidate list, so candidates
from the Marketplace API go through it too; and `county_for_zip` accepts a county the caller names
when it is a real county of the ZIP's state, because the true county may be one this data omits.
Measured on zipcodes 3.0.0: 41,821 ZIPs resolve to one county and 968 to none: 956 carry no
county, 12 name a county of a neighbouring state (15439 Gans, PA: Monongalia County, WV) or one
addfips lacks (Chugach Census Area, AK, created 2019).

Names are matched without case, accents, punctuation or spaces, "Saint" = "St", with or without
the kind of county ("Dallas" = "Dallas County"). A bare name two counties share ("St. Louis",
"Baltimore", "Fairfax" ...: a county and an independent city) is reported with both candidates.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from importlib.resources import files

import addfips
import zipcodes

from advocate.domain.errors import InvalidInput

ADDFIPS_VINTAGE = 2020
_PREFIXES = re.compile(r"^(municipality|city and borough|borough|city) of ", re.IGNORECASE)
_SUFFIXES = re.compile(r" (county|city|city and borough|borough|census area|municipio|"
                       r"municipality|district|parish)$", re.IGNORECASE)
_DC = "11001"
# Census renamings that addfips 0.4.2 still lists under the old name first.
_RENAMED = {"46102": "Oglala Lakota County", "02195": "Petersburg Borough"}


@dataclass(frozen=True)
class County:
    """A county or equivalent: 5-digit FIPS, Census name, USPS state code."""

    fips: str
    name: str
    state: str


def counties_for_zip(zip_code: str) -> tuple[County, ...]:
    """Every county the shipped data places `zip_code` in (one at most today: see the module).

    An empty tuple means the ZIP is real but its county is unknown, obsolete or in another state.
    Unknown or malformed ZIP -> InvalidInput(field="location.zip").
    """
    record = _zip_record(zip_code)
    if record["state"] == "DC":
        return (_county(_DC),)
    found = _fips_for_name(record["county"], record["state"]) if record["county"] else ()
    return tuple(_county(fips) for fips in found)


def county_for_zip(zip_code: str, county_fips: str | None = None) -> County:
    """The one county to price for `zip_code`, using `county_fips` when the caller gave it."""
    candidates = counties_for_zip(zip_code)
    if county_fips is not None:
        return _named_county(county_fips, _zip_record(zip_code)["state"], candidates)
    return choose_county(candidates, None, zip_code=zip_code)


def choose_county(candidates: Sequence[County], county_fips: str | None, *,
                  zip_code: str) -> County:
    """Pick the county among `candidates`; more than one and no choice -> ask which."""
    if county_fips is not None:
        chosen = [c for c in candidates if c.fips == county_fips]
        if chosen:
            return chosen[0]
        raise _ask("is not one of the counties of ZIP " + zip_code, candidates, county_fips)
    if len(candidates) == 1:
        return candidates[0]
    reason = "spans several counties" if candidates else "has no known county"
    raise _ask(f"ZIP {zip_code} {reason}: say which county", candidates)


def county_by_name(name: str, state: str) -> County:
    """The county called `name` in `state` (postal code or name).

    Unknown -> InvalidInput(field="location.county"); a bare name two counties share -> the same
    error with every candidate in `details`, so the caller can ask which.
    """
    found = _fips_for_name(name, state) if name and state else ()
    if len(found) == 1:
        return _county(found[0])
    candidates = [asdict(_county(fips)) for fips in found]
    problem = "names several counties" if found else "is not a known county"
    raise InvalidInput(f"{name!r} in {state!r} {problem}", field="location.county",
                       details={"candidates": candidates})


def county_by_fips(county_fips: str, state: str | None = None) -> County:
    """The county with this FIPS code; InvalidInput naming the field when unknown or when it
    lies in another state than the one given."""
    county = _counties().get(str(county_fips))
    if county is None:
        raise InvalidInput(f"no US county has FIPS code {county_fips!r}",
                           field="location.county_fips")
    if state and state.upper() != county.state:
        raise InvalidInput(f"county {county_fips} ({county.name}) is in {county.state}, "
                           f"not {state}", field="location.state")
    return county


def _named_county(county_fips: str, zip_state: str, candidates: Sequence[County]) -> County:
    county = _counties().get(county_fips.strip()) if isinstance(county_fips, str) else None
    if county is None or county.state != zip_state:
        raise _ask(f"is not a county of {zip_state}", candidates, county_fips)
    return county


def _ask(message: str, candidates: Sequence[County], given: str | None = None) -> InvalidInput:
    text = f"county {given!r} {message}" if given is not None else message
    return InvalidInput(text, field="location.county_fips",
                        details={"candidates": [asdict(c) for c in candidates]})


def _zip_record(zip_code: str) -> dict:
    try:
        found = zipcodes.matching(zip_code)
    except (TypeError, ValueError):
        found = []
    if not found:
        raise InvalidInput(f"unknown ZIP code {zip_code!r}", field="location.zip")
    return found[0]


def _fips_for_name(name: str, state: str) -> tuple[str, ...]:
    """FIPS codes whose county name matches `name` in `state`; several when the name is bare
    and two counties share it ("St. Louis" is both St. Louis County and St. Louis city, MO)."""
    state_fips = _finder().get_state_fips(state.strip()) if isinstance(state, str) else None
    index = _name_index()
    for key in _keys(name):
        found = index.get((state_fips, key))
        if found:
            return found
    return ()


def _keys(name: str) -> list[str]:
    """Lookup keys for a county name: as given, without a prefix, without the kind of county."""
    bare = _PREFIXES.sub("", name.strip())
    return list(dict.fromkeys([_squash(name), _squash(bare), _squash(_SUFFIXES.sub("", bare))]))


def _squash(name: str) -> str:
    """Case, accents, punctuation and spaces removed; 'Saint' as 'St' ("La Porte" = "LaPorte")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\bsaint\b", "st", text)
    return re.sub(r"[^a-z0-9]", "", text)


@cache
def _name_index() -> dict[tuple[str, str], tuple[str, ...]]:
    index: dict[tuple[str, str], list[str]] = {}
    for fips in _counties():
        keys = {k for name in _aliases()[fips] for k in (_squash(name),
                                                        _squash(_SUFFIXES.sub("", name)))}
        for key in keys:
            index.setdefault((fips[:2], key), []).append(fips)
    return {key: tuple(fips) for key, fips in index.items()}


def _county(fips: str) -> County:
    return _counties()[fips]


@cache
def _finder() -> addfips.AddFIPS:
    return addfips.AddFIPS(vintage=ADDFIPS_VINTAGE)


@cache
def _counties() -> dict[str, County]:
    """One County per FIPS code. addfips lists some codes under two names; the Census name wins."""
    states = {row["fips"]: row["postal"] for row in _addfips_rows("data/states.csv")}
    counties: dict[str, County] = {}
    for row in _addfips_rows(f"data/counties_{ADDFIPS_VINTAGE}.csv"):
        fips, state = row["statefp"] + row["countyfp"], states.get(row["statefp"])
        if state is not None and _better_name(row["name"], counties.get(fips)):
            counties[fips] = County(fips, _RENAMED.get(fips, row["name"]), state)
    return counties


def _better_name(name: str, current: County | None) -> bool:
    # NYC boroughs appear both as "Kings County" and "Brooklyn Borough": keep the county.
    return current is None or (name.endswith(" County") and not current.name.endswith(" County"))


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {}
    for row in _addfips_rows(f"data/counties_{ADDFIPS_VINTAGE}.csv"):
        names.setdefault(row["statefp"] + row["countyfp"], []).append(row["name"])
    return {fips: tuple(found) for fips, found in names.items()}


def _addfips_rows(relative_path: str) -> list[dict[str, str]]:
    with files("addfips").joinpath(relative_path).open("r", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
