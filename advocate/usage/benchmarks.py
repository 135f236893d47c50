"""Annual use of a described household, from the AER's residential consumption benchmarks.

Electricity (advocate/data/energy/aer_benchmarks.csv, SOURCES.md):
    annual kWh = zone average(climate zone) * size factor(people) + pool adder
where the zone average is the 2020 report's average annual use of surveyed households in
the climate zone (p.25), and size factor(n) = 4 * (zone 6 seasonal use of an n-person
household) / (zone 6 average), i.e. how much an n-person household differs from the zone
average in zone 6, the zone where the simple benchmarks give it; we apply the same ratio in
every zone. A pool adds 10 kWh a day (ACIL Allen 2017 for the AER: "almost 10 kWh/day").
The benchmarks do not separate homes with and without gas, so `gas` does not change the
electricity figure; it decides whether a gas estimate is made.

Gas: the sum of the four seasonal MJ figures for the household size and state (Tables 30
NSW and 33 VIC of the 2020 report); other states have no shipped table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from advocate.domain.errors import InvalidInput
from advocate.usage.tables import read_table

SEASONS = ("summer", "autumn", "winter", "spring")


@dataclass(frozen=True)
class Household:
    """A household as the customer describes it."""

    people: int
    gas: bool = False
    pool: bool = False


@lru_cache(maxsize=1)
def _rows() -> dict[tuple[str, str, str, str], dict[str, str]]:
    return {
        (r["table"], r["climate_zone"], r["state"], r["people"]): r
        for r in read_table("aer_benchmarks")
    }


def _value(table: str, zone: str = "", state: str = "", people: str = "") -> float:
    return float(_rows()[(table, zone, state, people)]["value"])


def size_factor(people: int) -> float:
    """How an n-person household's use compares with its zone's average (zone 6 ratios)."""
    band = str(min(max(people, 1), 5))
    return 4 * _value("cz6_household", "6", people=band) / _value("zone_average", "6")


def household_annual_kwh(household: Household, climate_zone: int | None) -> tuple[float, list[str]]:
    """Estimated annual electricity use (kWh) and the assumptions behind it."""
    zone = climate_zone or 6
    average = _value("zone_average", str(zone))
    kwh = average * size_factor(household.people)
    notes = [
        f"annual use {kwh:,.0f} kWh from the AER 2020 benchmarks: climate zone {zone} "
        f"average {average:,.0f} kWh x {size_factor(household.people):.3f} for "
        f"{min(household.people, 5)}{'+' if household.people >= 5 else ''} people"
    ]
    if climate_zone is None:
        notes.append("the postcode has no AER climate zone; zone 6 (mild temperate) assumed")
    if household.pool:
        pool = _value("pool_adder") * 365
        kwh += pool
        notes.append(f"a pool adds {pool:,.0f} kWh a year (10 kWh a day, AER/ACIL Allen 2017)")
    return kwh, notes


def household_annual_gas_mj(household: Household, state: str) -> tuple[float, list[str]]:
    """Estimated annual gas use (MJ) for NSW and VIC households; InvalidInput elsewhere."""
    band = str(min(max(household.people, 1), 5))
    row = _rows().get(("gas", "", state, band))
    if row is None:
        raise InvalidInput(
            f"no AER gas benchmark is shipped for {state}; give annual gas use in MJ instead",
            field="usage.household.gas",
        )
    mj = sum(float(row[s]) for s in SEASONS)
    return mj, [
        f"annual gas {mj:,.0f} MJ from the AER 2020 benchmarks for a {band}"
        f"{'+' if band == '5' else ''}-person {state} household"
    ]
