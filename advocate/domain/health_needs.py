"""What a household tells advocate about its health care, without medical detail.

A member gives an age and, if they like, a stated use: a utilisation level, or expected visits
and prescriptions a year, or a planned event such as having a baby. `Claim` is one billed
service with its allowed amount (the price the plan accepts, in USD).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from advocate.domain.health_costshare import Service


class UseLevel(StrEnum):
    """A utilisation level; each maps to a percentile of the member's age-band spending."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class HasAge(Protocol):
    """Anything with an age in whole years (a household member of any helper's model)."""

    @property
    def age(self) -> int: ...


@dataclass(frozen=True)
class HealthMember:
    """One person to be covered: only the age matters to the out-of-pocket model."""

    age: int


@dataclass(frozen=True)
class MemberUse:
    """One member's stated use. Give `level`, or `visits` and/or `events`, not both kinds.

    `visits` counts a year of care per service: visits, prescription fills, or hospital stays
    (for `INPATIENT_FACILITY`). `events` names planned events (see
    `advocate.costing.health_usage.EVENTS`, e.g. "having_a_baby").
    """

    level: UseLevel | None = None
    visits: tuple[tuple[Service, int], ...] = ()
    events: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.level is not None and (self.visits or self.events):
            raise ValueError("give a utilisation level or visits/events, not both")
        if any(count < 0 for _, count in self.visits):
            raise ValueError("visit counts cannot be negative")


@dataclass(frozen=True)
class Claim:
    """One claim: `allowed` USD for `service` to household member `member` (an index).

    `units` counts what a copay is charged for (visits or fills; stays for inpatient care);
    `days` is the length of the stays, for copays charged per day.
    """

    member: int
    service: Service
    allowed: Decimal
    units: Decimal = Decimal(1)
    days: Decimal = Decimal(0)
