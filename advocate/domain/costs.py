"""What an offer costs one customer over a year: the figure, its parts and its assumptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

CENT = Decimal("0.01")


def to_cents(value: float | Decimal) -> Decimal:
    """Round a money amount to cents, half up (display and API output only)."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


class LineItem(NamedTuple):
    """One line of a bill or cost breakdown. `amount` is in the estimate's currency and
    tax treatment; `unit` names what `quantity` counts (kWh, day, visit, month...).

    A named tuple rather than a frozen dataclass: an energy answer builds a few thousand
    lines, and a tuple is made in a fifth of the time a frozen dataclass's __init__ takes."""

    item: str
    amount: Decimal
    quantity: Decimal | None = None
    unit: str | None = None
    unit_price: Decimal | None = None


@dataclass(frozen=True)
class CostEstimate:
    """Whole-year cost of one offer for one customer.

    `expected` is the number advocate ranks on: the annual total with conditional discounts
    applied only where the customer said they would meet the condition.
    `bad_year` / `worst_case` carry protection against a bad year where the category has it
    (health: 95th-percentile year and the out-of-pocket maximum).
    """

    offer_id: str
    currency: str
    includes_tax: bool
    expected: Decimal
    with_conditional_discounts: Decimal
    without_conditional_discounts: Decimal
    breakdown: tuple[LineItem, ...] = ()
    one_off_fees: tuple[LineItem, ...] = ()
    assumptions: tuple[str, ...] = ()
    unpriced: tuple[str, ...] = ()
    bad_year: Decimal | None = None
    worst_case: Decimal | None = None
    at_stated_use: Decimal | None = None
    details: dict = field(default_factory=dict)
