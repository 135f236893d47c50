"""Turn stored normalised terms (JSON) back into the category's typed terms."""

from __future__ import annotations

from typing import Any

from advocate.domain.offers import Category, Terms


def terms_from_json(category: Category, data: dict[str, Any]) -> Terms:
    """Rebuild typed terms for `category` from their `to_json()` form."""
    if category in (Category.ELECTRICITY, Category.GAS):
        from advocate.domain.energy import EnergyTariff

        return EnergyTariff.from_json(data)
    if category is Category.HEALTH:
        from advocate.domain.health import HealthPlanTerms

        return HealthPlanTerms.from_json(data)
    return GenericTerms(data)


class GenericTerms:
    """Terms of a category with no typed model yet: kept as the normalised JSON."""

    def __init__(self, data: dict[str, Any]):
        self.data = dict(data)

    def to_json(self) -> dict[str, Any]:
        return dict(self.data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GenericTerms) and other.data == self.data

    def __hash__(self) -> int:
        return hash(repr(sorted(self.data.items())))
