"""A bill line before tax and rounding, and a plan's priced lines: shared by both engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from advocate.costing.energy_plan import TariffPlan

KINDS = (
    "usage",
    "controlled_usage",
    "supply",
    "controlled_supply",
    "demand",
    "feed_in",
    "fee",
    "metering",
    "discount",
)


class Line(NamedTuple):
    """One line: `quantity` of `unit` at `unit_price`, `amount` dollars, both EX GST.

    `kind` is one of KINDS; feed-in and discount amounts are negative. A NamedTuple rather
    than a dataclass because the engine makes thousands of them per call.
    """

    item: str
    quantity: float
    unit: str | None
    unit_price: float | None
    amount: float
    kind: str


@dataclass
class Priced:
    """A plan priced at one usage: its metered lines, notes, and use no rate covers."""

    plan: TariffPlan
    lines: list[Line]
    notes: list[str] = field(default_factory=list)
    uncovered: dict[str, float] = field(default_factory=dict)
