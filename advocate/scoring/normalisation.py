"""Criterion values -> scores from 0 (worst) to 1 (best) within the candidate set; weights.

The rules are published word for word in the methodology (RULE, MISSING_DATA, ADDING_AN_OFFER).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from advocate.scoring.candidates import Candidate
from advocate.scoring.criteria import Criterion, Direction

Span = tuple[float, float]

RULE = (
    "Min-max within the offers compared: on each criterion the best value among the offers "
    "that have one scores 1, the worst 0, the rest in proportion to where their value lies "
    "between the two. A criterion on which those offers do not differ (one distinct value, "
    "or none) separates nothing and is left out of every offer's score."
)
MISSING_DATA = (
    "No score is ever invented. An offer with no value on a criterion has no score on it and "
    "is reported as missing that data; the criterion's weight is shared among the offer's "
    "other weighted criteria in proportion to their weights, so its score is the weighted "
    "average of what is known. An offer with no data on any criterion the customer weighted "
    "gets no score and is listed after every scored offer."
)
ADDING_AN_OFFER = (
    "An offer's score depends on the other offers only through each criterion's lowest and "
    "highest value, and the tie-breaks use the offers' own values. So adding an offer whose "
    "value on every criterion with a positive weight is missing or lies within the other "
    "offers' range for it never changes the order of the others. An offer that sets a new "
    "best or worst on such a criterion rescales it and can change their order."
)


def spans(candidates: Sequence[Candidate],
          criteria: Iterable[Criterion]) -> dict[str, Span | None]:
    """(lowest, highest) value per criterion over the candidates with data; None when the
    criterion separates nothing (fewer than two distinct values)."""
    found: dict[str, Span | None] = {}
    for criterion in criteria:
        values = [float(v) for c in candidates if (v := c.value(criterion.key)) is not None]
        low, high = (min(values), max(values)) if values else (0.0, 0.0)
        found[criterion.key] = (low, high) if high > low else None
    return found


def normalised(candidate: Candidate, criteria: Iterable[Criterion],
               ranges: Mapping[str, Span | None]) -> dict[str, float | None]:
    """The candidate's 0..1 score per criterion; None when it has no value or the
    criterion separates nothing in this set."""
    scores: dict[str, float | None] = {}
    for criterion in criteria:
        value, span = candidate.value(criterion.key), ranges[criterion.key]
        scores[criterion.key] = None if value is None or span is None else _scale(
            float(value), span, criterion.direction)
    return scores


def _scale(value: float, span: Span, direction: Direction) -> float:
    low, high = span
    if direction is Direction.LOWER_IS_BETTER:
        return (high - value) / (high - low)
    return (value - low) / (high - low)


def effective_weights(weights: Mapping[str, float],
                      scores: Mapping[str, float | None]) -> dict[str, float]:
    """The customer's weights restricted to criteria this offer has a score on, summing to 1;
    empty when no weighted criterion has one (the offer then gets no score)."""
    kept = {key: w for key, w in weights.items() if w > 0 and scores.get(key) is not None}
    total = sum(kept.values())
    return {key: w / total for key, w in kept.items()} if total > 0 else {}


def weighted_score(effective: Mapping[str, float],
                   scores: Mapping[str, float | None]) -> float | None:
    """Weighted average of the offer's criterion scores; None when nothing weighted is known."""
    if not effective:
        return None
    return sum(w * scores[key] for key, w in effective.items())  # type: ignore[operator]
