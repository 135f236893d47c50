"""Stated want vs real need: what the customer asked for, next to what serves them.

A customer who asks for the lowest premium (or unit price, or sticker price) would pick the
offer lowest on that figure; advocate's top pick is the one that serves their priorities
over a whole year at their usage. When the two differ, this says so with the figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from advocate.domain import InvalidInput
from advocate.scoring.criteria import criteria_for
from advocate.scoring.ranking import Ranked
from advocate.scoring.reasons import edge_of, label, money, whole
from advocate.scoring.weights import Weights

STATED_PREFERENCES: dict[str, str] = {
    "lowest_premium": "Lowest premium",
    "lowest_unit_price": "Lowest unit price",
    "lowest_sticker_price": "Lowest sticker price",
}


@dataclass(frozen=True)
class StatedVsNeeded:
    """The offer the stated preference picks, the top pick, and the whole-year difference.

    `extra_cost` is the stated pick's expected whole-year cost minus the top pick's
    (positive: following the stated preference costs more).
    """

    preference: str
    stated_pick: str
    top_pick: str
    extra_cost: Decimal
    message: str


def stated_vs_needed(stated_preference: str, stated_values: Mapping[str, Decimal],
                     ranking: Sequence[Ranked], weights: Weights) -> StatedVsNeeded | None:
    """Compare the offer lowest on `stated_values` (offer id -> the stated figure, e.g. the
    monthly premium) with the ranking's top pick; None when they are the same offer."""
    title = STATED_PREFERENCES.get(stated_preference)
    if title is None:
        known = ", ".join(STATED_PREFERENCES)
        raise InvalidInput(f"unknown stated preference {stated_preference!r}; known: {known}",
                           field="stated_preference")
    priced = [r for r in ranking if stated_values.get(r.offer_id) is not None]
    if not priced:
        raise InvalidInput(f"no offer here has a figure for {title.lower()}",
                           field="stated_preference")
    stated = min(priced, key=lambda r: (Decimal(stated_values[r.offer_id]), r.rank))
    top = ranking[0]
    if stated.offer_id == top.offer_id:
        return None
    extra = stated.candidate.expected_cost - top.candidate.expected_cost
    return StatedVsNeeded(stated_preference, stated.offer_id, top.offer_id, extra,
                          _message(title, stated, top, weights))


def _name(entry: Ranked) -> str:
    return f"{entry.candidate.name} ({entry.candidate.brand})"


def _message(title: str, stated: Ranked, top: Ranked, weights: Weights) -> str:
    gap = whole(stated.candidate.expected_cost) - whole(top.candidate.expected_cost)
    currency = top.candidate.currency
    if gap > 0:
        return f"{title} is {_name(stated)}, but at your usage it costs " \
               f"{money(gap, currency)} more a year than {_name(top)}"
    edge = edge_of(top, stated, weights, criteria_for(weights.category))
    why = f"scores higher on {label(edge)}" if edge else "ranks higher on your priorities"
    cost = f"costs {money(-gap, currency)} less a year at your usage" if gap < 0 else \
        "costs the same a year at your usage"
    return f"{title} is {_name(stated)}, which {cost}, but {_name(top)} {why}"
