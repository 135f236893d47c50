"""Where the customer is: postcode -> state, AER climate zone and electricity distributor.

Sources (advocate/data/energy/SOURCES.md): Australia Post postcode ranges for the state;
the AER's postcode-to-climate-zone mapping (June 2021) for the zone; AEMO participant IDs
and real CDR plan geography for distributors. A postcode only resolves to one distributor
when that is certain: the state has a single distributor (ACT, SA, TAS, NT), or every
distributor of the state has a shipped postcode list and exactly one includes it. Otherwise
the caller is told to name `location.distributor`, with the candidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from advocate.domain.errors import InvalidInput
from advocate.usage.tables import read_table

TIME_ZONES = {
    "ACT": "Australia/Sydney",
    "NSW": "Australia/Sydney",
    "VIC": "Australia/Melbourne",
    "QLD": "Australia/Brisbane",
    "SA": "Australia/Adelaide",
    "TAS": "Australia/Hobart",
    "NT": "Australia/Darwin",
    "WA": "Australia/Perth",
}


@dataclass(frozen=True)
class Location:
    """A customer's location as far as pricing needs it (no address)."""

    postcode: str | None
    state: str | None
    climate_zone: int | None
    distributor: str | None


def normalise_postcode(postcode: object, *, field: str = "location.postcode") -> str:
    """A four-digit postcode string; InvalidInput when it is not one."""
    text = str(postcode if postcode is not None else "").strip()
    if len(text) == 3 and text.isdigit():
        text = "0" + text
    if len(text) != 4 or not text.isdigit():
        raise InvalidInput(f"{postcode!r} is not an Australian postcode", field=field)
    return text


def state_for_postcode(postcode: str) -> str | None:
    """The state or territory of a postcode (Australia Post ranges), None if unallocated."""
    number = int(normalise_postcode(postcode))
    for row in read_table("postcode_states"):
        if int(row["first"]) <= number <= int(row["last"]):
            return row["state"]
    return None


@lru_cache(maxsize=1)
def _climate_zones() -> dict[str, int]:
    return {
        row["postcode"]: int(row["climate_zone"]) for row in read_table("postcode_climate_zone")
    }


def climate_zone_for_postcode(postcode: str) -> int | None:
    """The AER benchmark climate zone (1-7) of a postcode, None when the AER lists none."""
    return _climate_zones().get(normalise_postcode(postcode))


@lru_cache(maxsize=1)
def distributors() -> dict[str, dict[str, str]]:
    """Distributor slug -> its row in distributors.csv."""
    return {row["distributor"]: row for row in read_table("distributors")}


@lru_cache(maxsize=1)
def _postcode_lists() -> dict[str, frozenset[str]]:
    lists: dict[str, set[str]] = {}
    for row in read_table("postcode_distributor"):
        if row["fuel"] == "electricity":
            lists.setdefault(row["distributor"], set()).add(row["postcode"])
    return {name: frozenset(codes) for name, codes in lists.items()}


def distributor_key(name: str) -> str | None:
    """Our slug for a distributor named by a customer or a CDR payload ("Citipower")."""
    return _distributor_names().get(" ".join(name.replace("-", " ").lower().split()))


@cache
def _distributor_names() -> dict[str, str]:
    """Every way a distributor is written (slug, name, CDR aliases), lowercased -> its slug;
    the first distributor listed wins a name two share, as a search in table order would."""
    names: dict[str, str] = {}
    for slug, row in distributors().items():
        for name in (slug.replace("-", " "), row["name"].lower(),
                     *(alias.lower() for alias in row["cdr_names"].split("|"))):
            names.setdefault(name, slug)
    return names


def candidate_distributors(postcode: str) -> list[str]:
    """Distributors that may serve a postcode, the listed ones first."""
    state = state_for_postcode(postcode)
    lists = _postcode_lists()
    listed, unknown = [], []
    for slug, row in distributors().items():
        if row["state"] != state:
            continue
        if row["coverage"] in ("state", "unknown"):
            unknown.append(slug)
        elif postcode in lists.get(slug, frozenset()):
            listed.append(slug)
    return listed + unknown


def resolve_location(
    location: dict | None, *, known_distributor: str | None = None, require_distributor: bool = True
) -> Location:
    """A Location from {"postcode": ..., "distributor": ...}; InvalidInput naming the field.

    `known_distributor` comes from the meter itself (the NMI's allocation) and wins over a
    postcode guess; a named distributor that contradicts it or the postcode is refused.
    """
    location = location or {}
    postcode = normalise_postcode(location.get("postcode"))
    state = state_for_postcode(postcode)
    if state is None:
        raise InvalidInput(
            f"postcode {postcode} is not allocated to any state", field="location.postcode"
        )
    named = location.get("distributor")
    distributor = _checked_distributor(named, postcode, state) if named else None
    if known_distributor and distributor and known_distributor != distributor:
        raise InvalidInput(
            f"the meter's NMI belongs to {known_distributor}, not {distributor}",
            field="location.distributor",
            details={"candidates": [known_distributor]},
        )
    distributor = distributor or known_distributor
    if distributor is None and require_distributor:
        distributor = _only_candidate(postcode)
    return Location(postcode, state, climate_zone_for_postcode(postcode), distributor)


def _checked_distributor(named: object, postcode: str, state: str) -> str:
    slug = distributor_key(str(named))
    if slug is None:
        raise InvalidInput(
            f"unknown distributor {named!r}",
            field="location.distributor",
            details={"candidates": candidate_distributors(postcode)},
        )
    if slug not in candidate_distributors(postcode):
        raise InvalidInput(
            f"{distributors()[slug]['name']} does not serve postcode {postcode} ({state})",
            field="location.distributor",
            details={"candidates": candidate_distributors(postcode)},
        )
    return slug


def _only_candidate(postcode: str) -> str:
    candidates = candidate_distributors(postcode)
    if len(candidates) == 1:
        return candidates[0]
    raise InvalidInput(
        f"postcode {postcode} may be served by several distributors; say which one is on your bill",
        field="location.distributor",
        details={"candidates": candidates},
    )
