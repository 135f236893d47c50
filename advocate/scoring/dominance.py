"""Dominated offers: as good or worse than another on every count, at every usage level."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from advocate.domain import Category
from advocate.scoring.candidates import Candidate, check_candidates
from advocate.scoring.criteria import Criterion, Direction, criteria_for
from advocate.scoring.dominance_kernel import screen

RULE = (
    "Offer A dominates offer B when A costs no more at the customer's usage and at every "
    "level of the usage grid (e.g. half to double that usage), is as good or better on every "
    "other criterion of the category, and is strictly better somewhere. Dominance never rests "
    "on missing data: when one of the two has a value the other lacks (a criterion, or a grid "
    "of another length), neither dominates; a criterion neither has says nothing either way. "
    "It depends neither on the customer's weights nor on the other offers compared. "
    "Dominated offers are flagged with the offers that dominate them and always ranked "
    "after those offers."
)
_BLOCK = 256  # targets screened at once: memory is offers x _BLOCK booleans


def dominated_by(candidates: Sequence[Candidate],
                 category: Category) -> dict[str, tuple[str, ...]]:
    """{dominated offer id: ids of the offers that dominate it, sorted}; undominated offers
    are absent."""
    check_candidates(candidates, category)
    return dominance_of_checked(candidates, category)


def dominance_of_checked(candidates: Sequence[Candidate], category: Category,
                         rows: list[list[Decimal | None]] | None = None,
                         ) -> dict[str, tuple[str, ...]]:
    """`dominated_by` for candidates the caller has already checked (check_candidates);
    `rows` are their oriented_values when the caller has them already."""
    dominated, dominating = dominance_pairs(candidates, category, rows)
    ids = [c.offer_id for c in candidates]
    found = by_dominated(dominated, np.array(ids, dtype=object)[dominating].tolist())
    return {ids[i]: dominators for i, dominators in found.items()}


def dominance_pairs(candidates: Sequence[Candidate], category: Category,
                    rows: list[list[Decimal | None]] | None = None,
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Every (dominated, dominating) pair as two arrays of positions in `candidates` (checked
    already), dominated offers in order and, for each, the offers dominating it in id order;
    `rows` are their oriented_values when the caller has them already."""
    if rows is None:
        rows = [oriented_values(c, criteria_for(category)) for c in candidates]
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    width = max(len(row) for row in rows)
    matrix = np.array([row + [None] * (width - len(row)) for row in rows], dtype=float)
    exact = _float_exact(rows, matrix)
    by_id = np.array(sorted(range(len(rows)), key=lambda j: candidates[j].offer_id))
    found_dominated, found_dominating = [], []
    for start in range(0, len(rows), _BLOCK):
        block = screen(matrix, start, min(start + _BLOCK, len(rows)), exact)
        # (target, dominating row) pairs, targets in order and rows in id order within each
        target_of, row_of = np.nonzero(block[:, by_id])
        dominated, dominating = target_of + start, by_id[row_of]
        if not exact:  # the screen found a superset: confirm each pair exactly
            kept = np.array([_row_dominates(rows[j], rows[i]) for i, j in
                             zip(dominated.tolist(), dominating.tolist(), strict=True)],
                            dtype=bool)
            dominated, dominating = dominated[kept], dominating[kept]
        found_dominated.append(dominated)
        found_dominating.append(dominating)
    return np.concatenate(found_dominated), np.concatenate(found_dominating)


def by_dominated(dominated: np.ndarray, values: Sequence) -> dict[int, tuple]:
    """{dominated position: its pairs' values, in order} from pairs grouped by dominated
    position (as dominance_pairs gives them); `values` holds one value per pair."""
    if not len(dominated):
        return {}
    starts = (np.flatnonzero(np.diff(dominated)) + 1).tolist()
    lows, highs = [0, *starts], [*starts, len(dominated)]
    return {i: tuple(values[low:high]) for i, low, high in
            zip(dominated[lows].tolist(), lows, highs, strict=True)}


def dominates(a: Candidate, b: Candidate, category: Category) -> bool:
    """True when `a` dominates `b` (exact comparison of the values as given)."""
    criteria = criteria_for(category)
    return _row_dominates(oriented_values(a, criteria), oriented_values(b, criteria))


def _row_dominates(left: list[Decimal | None], right: list[Decimal | None]) -> bool:
    if len(left) != len(right):
        return False
    pairs = [(x, y) for x, y in zip(left, right, strict=True) if x is not None or y is not None]
    if any(x is None or y is None for x, y in pairs):
        return False
    return all(x <= y for x, y in pairs) and any(x < y for x, y in pairs)


def oriented_values(candidate: Candidate,
                    criteria: Sequence[Criterion]) -> list[Decimal | None]:
    """The candidate's values as exact decimals, lower is better: expected cost, the other
    criteria in the category's order (higher-is-better ones negated), then the cost grid."""
    row: list[Decimal | None] = [_exact(candidate.expected_cost)]
    for criterion in criteria:
        if criterion.key == "cost":
            continue
        value = candidate.values.get(criterion.key)
        number = None if value is None else _exact(value)
        flip = number is not None and criterion.direction is Direction.HIGHER_IS_BETTER
        row.append(-number if flip else number)
    row.extend(_exact(c) for c in candidate.cost_grid)
    return row


def _exact(value: Decimal | float | int) -> Decimal:
    """Decimals and ints as they are; a float as its shortest repr, which keeps its order."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _float_exact(rows: list[list[Decimal | None]], matrix: np.ndarray) -> bool:
    """True when comparing the values as doubles (`matrix`, one row per candidate) gives the
    exact comparisons. Conversion to the nearest double keeps every order (it is monotonic),
    so it is exact unless two distinct values of one column become one double: the values
    whose doubles are equal are compared (neighbours in double order, which is enough: equal
    doubles lie next to each other there)."""
    for column in range(matrix.shape[1]):
        doubles = matrix[:, column]
        present = np.flatnonzero(~np.isnan(doubles))
        order = present[np.argsort(doubles[present], kind="stable")]
        ties = np.flatnonzero(doubles[order[1:]] == doubles[order[:-1]])
        if any(rows[order[k]][column] != rows[order[k + 1]][column] for k in ties.tolist()):
            return False
    return True
