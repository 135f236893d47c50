"""The criteria offers are ranked on, and which of them each category supports.

A criterion has one direction and one unit within a category; how its value is computed is
the category's business (see `advocate.scoring.candidates`), so `certainty` is a bad-year
cost for health plans but a fixed-or-variable price for energy plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from advocate.domain import Category


class Direction(StrEnum):
    """Which end of a criterion's scale serves the customer."""

    LOWER_IS_BETTER = "lower_is_better"
    HIGHER_IS_BETTER = "higher_is_better"


@dataclass(frozen=True)
class Criterion:
    """One criterion as a category defines it: direction, unit and how it is computed."""

    key: str
    direction: Direction
    unit: str
    description: str
    computed_from: str
    money: bool = False

    def to_json(self) -> dict[str, str]:
        """The published form (methodology document)."""
        return {"key": self.key, "direction": self.direction.value, "unit": self.unit,
                "description": self.description, "computed_from": self.computed_from}


KNOWN_CRITERIA = ("cost", "certainty", "quality", "flexibility", "green")
MONEY_UNIT = "currency of the estimate per year"

_COST = Criterion(
    "cost", Direction.LOWER_IS_BETTER, MONEY_UNIT,
    "What the offer is expected to cost you over a whole year at your usage.",
    "CostEstimate.expected: the whole-year total, with a conditional discount counted only "
    "where you said you would meet its condition.", money=True)

_HEALTH_CERTAINTY = Criterion(
    "certainty", Direction.LOWER_IS_BETTER, MONEY_UNIT,
    "How much a bad year could cost you: premiums plus out-of-pocket costs in a 1-in-20 year.",
    "CostEstimate.bad_year: the 95th percentile of the plan's whole-year cost for your "
    "household, from the health cost model.", money=True)

_ENERGY_CERTAINTY = Criterion(
    "certainty", Direction.HIGHER_IS_BETTER, "1 = price fixed, 0 = price may change",
    "Whether the retailer has fixed the prices for the contract or may change them.",
    "The plan's CDR contract.isFixed flag: 1 when true, 0 when false.")

_QUALITY = Criterion(
    "quality", Direction.HIGHER_IS_BETTER, "stars (1 to 5)",
    "The plan's overall quality rating, where one has been published.",
    "CMS quality rating (global_rating, 1 to 5 stars). Unrated plans have no value.")

_FLEXIBILITY = Criterion(
    "flexibility", Direction.LOWER_IS_BETTER, "currency of the estimate (one-off)",
    "What it costs you to leave the plan early.",
    "The exit fee the plan's fee schedule lists (CDR fees of type EXIT), 0 when it lists "
    "none. A lock-in without a fee does not stop you leaving, and cooling-off days are 10 "
    "in every CDR plan in our data that states them, so neither is scored separately.",
    money=True)

_GREEN = Criterion(
    "green", Direction.HIGHER_IS_BETTER, "percent (0 to 100)",
    "How much of your electricity you can have matched by accredited renewable energy.",
    "The largest GreenPower share the plan offers (CDR greenPowerCharges, percentGreen), "
    "0 when it offers none. Its extra cost is not in the expected cost unless you chose it.")

CATEGORY_CRITERIA: dict[Category, tuple[Criterion, ...]] = {
    Category.ELECTRICITY: (_COST, _ENERGY_CERTAINTY, _FLEXIBILITY, _GREEN),
    Category.GAS: (_COST, _ENERGY_CERTAINTY, _FLEXIBILITY),
    Category.HEALTH: (_COST, _HEALTH_CERTAINTY, _QUALITY),
}

DEFAULT_PRIORITIES: dict[Category, tuple[str, ...]] = {
    category: tuple(c.key for c in criteria) for category, criteria in CATEGORY_CRITERIA.items()
}


def criteria_for(category: Category) -> tuple[Criterion, ...]:
    """The criteria `category` supports, in its published order (cost first)."""
    try:
        return CATEGORY_CRITERIA[Category(category)]
    except (KeyError, ValueError):
        known = ", ".join(c.value for c in CATEGORY_CRITERIA)
        raise ValueError(f"no scoring criteria for category {category!r}; known: {known}") \
            from None


def criterion(category: Category, key: str) -> Criterion:
    """One criterion of `category` by key; ValueError when the category does not support it."""
    for found in criteria_for(category):
        if found.key == key:
            return found
    raise ValueError(f"{category} offers are not scored on {key!r}")
