"""A household's stated use as claims: a utilisation level, visits and fills, planned events.

- A level ("low", "medium", "high") is the 25th, 50th or 90th percentile of annual spending in
  the member's age band, spent along the ladder of `health_spending`.
- Visits and fills are one claim each at the allowed amount of `unit_prices.csv`; a hospital
  stay is a facility claim (with its days) plus an inpatient physician claim.
- An event adds its sample care costs (`events.csv`, e.g. "having_a_baby": the SBC coverage
  example, see SOURCES.md).
A member who states nothing is taken at "medium". Members' claims are interleaved (first claim
of each member, then the second, ...), so a family's deductibles fill up together.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, zip_longest

import numpy as np

from advocate.costing.health_oop import Item
from advocate.costing.health_spending import ladder_items, spending_at
from advocate.costing.health_tables import LEVEL_PERCENTILES, events, unit_prices
from advocate.domain import InvalidInput
from advocate.domain.health import Service
from advocate.domain.health_needs import MemberUse, UseLevel

EVENTS = frozenset(events())


def stated_items(ages: Sequence[int],
                 uses: Sequence[MemberUse | None]) -> tuple[list[Item], list[str]]:
    """Claims (one scenario each) for the household's stated use, and what was assumed."""
    if len(uses) != len(ages):
        raise InvalidInput(f"stated use given for {len(uses)} members, household has "
                           f"{len(ages)}", field="stated_use")
    per_member, notes = [], []
    for member, (age, use) in enumerate(zip(ages, uses, strict=True)):
        if use is None:
            use = MemberUse(level=UseLevel.MEDIUM)
            notes.append(f"Member {member + 1} stated no use: taken at medium use.")
        per_member.append(_member_items(member, age, use, notes))
    merged = [item for item in chain.from_iterable(zip_longest(*per_member)) if item]
    return merged, notes


def _member_items(member: int, age: int, use: MemberUse, notes: list[str]) -> list[Item]:
    if use.level is not None:
        percentile = LEVEL_PERCENTILES[UseLevel(use.level).value]
        spend = spending_at(age, percentile)
        notes.append(f"Member {member + 1} ({use.level} use): ${spend:,.0f} of care a year, "
                     f"the {percentile:.0%} percentile of spending at age {age}.")
        items = ladder_items(np.array([[spend]]))
        for item in items:
            item.member = member
        return items
    items = []
    for service, count in use.visits:
        for _ in range(count):
            items.extend(_visit(member, Service(service)))
    for name in use.events:
        if name not in EVENTS:
            raise InvalidInput(f"unknown planned event {name!r}; known: "
                               f"{', '.join(sorted(EVENTS))}", field="stated_use.events")
        items.extend(_item(member, e.service, e.allowed, e.units, e.days)
                     for e in events()[name])
    return items


def _visit(member: int, service: Service) -> list[Item]:
    price = unit_prices()[service]
    found = [_item(member, service, price.allowed, 1.0, price.days)]
    if service is Service.INPATIENT_FACILITY:
        doctor = unit_prices()[Service.INPATIENT_PHYSICIAN]
        found.append(_item(member, Service.INPATIENT_PHYSICIAN, doctor.allowed, 1.0, 0.0))
    return found


def _item(member: int, service: Service, allowed: float, units: float, days: float) -> Item:
    return Item(member, service, np.array([allowed]), np.array([units]), np.array([days]))
