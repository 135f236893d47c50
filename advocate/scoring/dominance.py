"""Dominated offers: as good or worse than another on every count, at every usage level."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from advocate.domain import Category
from advocate.scoring.candidates import Candidate, check_candidates
from advocate.scoring.criteria import Criterion, Direction, criteria_for

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
_BLOCK = 256  # targets compared at once: memory is offers x _BLOCK booleans


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
    if rows is None:
        rows = [oriented_values(c, criteria_for(category)) for c in candidates]
    if not rows:
        return {}
    width = max(len(row) for row in rows)
    matrix = np.array([row + [None] * (width - len(row)) for row in rows], dtype=float)
    # rows are only compared with rows missing the same values: one key per pattern
    patterns = np.unique(np.isnan(matrix), axis=0, return_inverse=True)[1].ravel()
    filled = np.nan_to_num(matrix, nan=0.0)
    exact = _float_exact(rows)
    by_id = np.array(sorted(range(len(rows)), key=lambda j: candidates[j].offer_id))
    position = np.argsort(by_id)  # where each candidate sits in id order
    ids_in_order = [candidates[j].offer_id for j in by_id]
    ordered, ordered_patterns = filled[by_id], patterns[by_id]
    found: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(rows), _BLOCK):
        targets = np.arange(start, min(start + _BLOCK, len(rows)))
        block = _screen(ordered, ordered_patterns, filled[targets], patterns[targets],
                        strict=exact)
        block[position[targets], targets - start] = False  # no offer dominates itself
        # (target, dominating row) pairs, targets in order and rows in id order within each
        target_of, row_of = np.nonzero(block.T)
        bounds = np.cumsum(np.bincount(target_of, minlength=len(targets))).tolist()
        rows_hit = row_of.tolist()
        for offset, (low, high) in enumerate(zip([0, *bounds[:-1]], bounds, strict=True)):
            if low == high:
                continue
            i = start + offset
            hit = rows_hit[low:high]
            ids = tuple(map(ids_in_order.__getitem__, hit)) if exact else tuple(
                ids_in_order[j] for j in hit if _row_dominates(rows[by_id[j]], rows[i]))
            if ids:
                found[candidates[i].offer_id] = ids
    return found


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


def _float_exact(rows: list[list[Decimal | None]]) -> bool:
    """True when every value has at most 15 significant digits and a modest magnitude: then
    distinct values stay distinct and in order as IEEE 754 doubles (DBL_DIG = 15), so the
    float comparison is the exact one."""
    return all(v is None or (len(v.as_tuple().digits) <= 15 and abs(v.adjusted()) < 300)
               for row in rows for v in row)


def _screen(filled: np.ndarray, patterns: np.ndarray, targets: np.ndarray,
            target_patterns: np.ndarray, *, strict: bool) -> np.ndarray:
    """hits[j, t]: row j dominates target t (`strict`), or may do so (a superset, to confirm
    exactly). `filled` has missing values as 0, harmless between rows missing the same values.
    A row compared with itself is a hit when not `strict`: the caller clears it."""
    hits = patterns[:, None] == target_patterns[None, :]
    better = np.zeros_like(hits)
    for column in range(filled.shape[1]):  # column by column: no offers x targets x values array
        mine, theirs = filled[:, column, None], targets[None, :, column]
        hits &= mine <= theirs
        if strict:
            better |= mine < theirs
    return hits & better if strict else hits
