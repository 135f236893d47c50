"""Criterion weights from the customer's order of priorities (rank-order centroid, Barron and
Barrett 1996: see CITATION and ORDER_RULE) or from explicit weights (EXPLICIT_RULE)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from advocate.domain import Category, InvalidInput
from advocate.scoring.criteria import DEFAULT_PRIORITIES, KNOWN_CRITERIA, criteria_for

RULE_ROC = "rank_order_centroid"
RULE_EXPLICIT = "explicit"
SUM_TARGETS = (1, 100)
SUM_TOLERANCE = 0.02
CITATION = ("Barron, F. H. and Barrett, B. E. (1996), 'Decision quality using ranked attribute "
            "weights', Management Science 42(11), 1515-1523.")
ORDER_RULE = (
    "An order of priorities becomes weights by the rank-order centroid (ROC) rule: with n "
    "criteria ranked, the one in position i gets w_i = (1/n) * sum_{j=i..n} 1/j, the centroid "
    "of all weight vectors that respect the order. Criteria tied in the order share the "
    "average of the ROC weights of the positions they occupy. Criteria left out of the order "
    "get weight 0: the customer said what matters to them. With no order and no weights, the "
    "category's default order is used (cost first)."
)
EXPLICIT_RULE = (
    "Explicit weights are relative importances, each a finite number of 0 or more, at least "
    "one above 0. They must sum to 1 (fractions) or to 100 (percentages), within 2 % of that "
    "total to allow rounding (three times 0.33 is accepted); they are then scaled to sum "
    "exactly 1. Any other total is rejected as a likely mistake, naming the field."
)


@dataclass(frozen=True)
class Weights:
    """Weights for every criterion of `category` (summing to 1) and where they came from."""

    category: Category
    values: Mapping[str, float]
    rule: str
    order: tuple[tuple[str, ...], ...] = ()

    def of(self, key: str) -> float:
        """The weight of criterion `key` (0 when the category does not score it)."""
        return self.values.get(key, 0.0)

    def to_json(self) -> dict[str, Any]:
        """The form shown with every answer."""
        return {"category": self.category.value, "rule": self.rule,
                "order": [list(group) for group in self.order], "weights": dict(self.values)}


def roc_weights(n: int) -> tuple[Fraction, ...]:
    """Exact ROC weights for n ranked positions: w_i = (1/n) * sum_{j=i..n} 1/j."""
    return tuple(sum((Fraction(1, j) for j in range(i, n + 1)), Fraction(0)) / n
                 for i in range(1, n + 1))


def weights_from_priorities(category: Category | str, priorities: Sequence[Any] | None = None,
                            weights: Mapping[str, Any] | None = None) -> Weights:
    """Weights for `category` from an order of priorities (ties as nested lists) or weights.

    Neither given: the category's default order (cost first). Both given: InvalidInput.
    """
    category = _category(category)
    if priorities is not None and weights is not None:
        raise InvalidInput("give an order of priorities or explicit weights, not both",
                           field="weights")
    if weights is not None:
        return _explicit(category, weights)
    order = DEFAULT_PRIORITIES[category] if priorities is None else priorities
    return _from_order(category, _parse_order(category, order))


def _category(category: Category | str) -> Category:
    try:
        category = Category(category)
        criteria_for(category)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="category") from None
    return category


def _parse_order(category: Category, priorities: Any) -> tuple[tuple[str, ...], ...]:
    if isinstance(priorities, str | bytes) or not isinstance(priorities, Sequence):
        raise InvalidInput("priorities must be a list of criteria", field="priorities")
    if not priorities:
        raise InvalidInput("priorities is empty: list at least one criterion",
                           field="priorities")
    seen: set[str] = set()
    return tuple(_parse_group(category, item, f"priorities[{i}]", seen)
                 for i, item in enumerate(priorities))


def _parse_group(category: Category, item: Any, path: str, seen: set[str]) -> tuple[str, ...]:
    if isinstance(item, str):
        return (_check_key(category, item, path, seen),)
    if isinstance(item, Sequence) and not isinstance(item, bytes) and item:
        return tuple(_check_key(category, key, f"{path}[{j}]", seen)
                     for j, key in enumerate(item))
    raise InvalidInput("each priority is a criterion or a non-empty list of tied criteria",
                       field=path)


def _check_key(category: Category, key: Any, path: str, seen: set[str]) -> str:
    supported = [c.key for c in criteria_for(category)]
    if not isinstance(key, str) or key not in supported:
        raise InvalidInput(_unknown(category, key, supported), field=path)
    if key in seen:
        raise InvalidInput(f"{key!r} is listed more than once", field=path)
    seen.add(key)
    return key


def _unknown(category: Category, key: Any, supported: list[str]) -> str:
    known = ", ".join(supported)
    if key in KNOWN_CRITERIA:
        return f"{category.value} offers are not scored on {key!r}; criteria: {known}"
    return f"unknown criterion {key!r}; criteria for {category.value}: {known}"


def _from_order(category: Category, order: tuple[tuple[str, ...], ...]) -> Weights:
    roc = roc_weights(sum(len(group) for group in order))
    values = dict.fromkeys((c.key for c in criteria_for(category)), 0.0)
    position = 0
    for group in order:
        share = sum(roc[position:position + len(group)], Fraction(0)) / len(group)
        values.update(dict.fromkeys(group, float(share)))
        position += len(group)
    return Weights(category, values, RULE_ROC, order)


def _explicit(category: Category, weights: Any) -> Weights:
    if not isinstance(weights, Mapping) or not weights:
        raise InvalidInput("weights must map criteria to numbers", field="weights")
    supported = [c.key for c in criteria_for(category)]
    given = {key: _weight(category, key, value, supported) for key, value in weights.items()}
    total = math.fsum(given.values())
    if total <= 0:
        raise InvalidInput("at least one weight must be above 0", field="weights")
    if not any(abs(total - t) <= SUM_TOLERANCE * t for t in SUM_TARGETS):
        raise InvalidInput(f"weights sum to {total:g}; they must sum to 1 (or 100 as "
                           "percentages)", field="weights")
    values = {key: given.get(key, 0.0) / total for key in supported}
    return Weights(category, values, RULE_EXPLICIT)


def _weight(category: Category, key: Any, value: Any, supported: list[str]) -> float:
    if key not in supported:
        raise InvalidInput(_unknown(category, key, supported), field=f"weights.{key}")
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInput("a weight is a number", field=f"weights.{key}")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise InvalidInput("a weight is a finite number of 0 or more", field=f"weights.{key}")
    return number
