"""Rank candidates for one customer: scores, a deterministic order, dominance and reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from advocate.scoring.candidates import Candidate, check_candidates
from advocate.scoring.criteria import Criterion, criteria_for
from advocate.scoring.dominance import by_dominated, dominance_pairs, oriented_values
from advocate.scoring.normalisation import effective_weights, normalised, spans, weighted_score
from advocate.scoring.reasons import reasons
from advocate.scoring.weights import Weights

ORDER = (
    "Score, higher first; offers with no score on anything the customer weighted come after "
    "every scored offer. Ties are broken by expected whole-year cost, lower first; then by "
    "the category's other criteria in their published order, better first (a value before "
    "no value); then by the cost at each usage level of the grid, lower first; then by offer "
    "id. The steps between cost and id only separate exact ties: they make the order "
    "independent of the order offers arrive in, and they put an offer after every offer "
    "that dominates it (a dominating offer scores at least as high, costs no more and is no "
    "worse on any criterion), so a dominated offer is never the top pick, whatever the "
    "weights."
)


class Ranked(NamedTuple):
    """One offer's place in a ranking and why.

    `scores`: the 0..1 score per criterion (None: no data, or the criterion does not separate
    these offers). `weights`: the weights its score used, after sharing out the weight of
    criteria it has no data on. `missing`: criteria of the category it has no data on.
    `dominated_by`: ids of the offers that dominate it, sorted; `dominator_ranks`: their
    ranks, best first. `cost_vs_top`: its expected cost minus the top pick's (positive: it
    costs more). A named tuple: a market's ranking makes hundreds, each twice (reasons read
    the ordered list before each gets its own), and a tuple is made in a fifth of the time
    of a frozen dataclass.
    """

    candidate: Candidate
    rank: int
    score: float | None
    scores: Mapping[str, float | None]
    weights: Mapping[str, float]
    missing: tuple[str, ...]
    dominated_by: tuple[str, ...]
    cost_vs_top: Decimal
    reason: str = ""
    dominator_ranks: tuple[int, ...] = ()

    @property
    def offer_id(self) -> str:
        """The ranked offer's id."""
        return self.candidate.offer_id


def rank(candidates: Sequence[Candidate], weights: Weights) -> tuple[Ranked, ...]:
    """The candidates in order for these weights, each with its score, dominance and reason."""
    criteria = criteria_for(weights.category)
    check_candidates(candidates, weights.category)
    ranges = spans(candidates, criteria)
    rows = [oriented_values(c, criteria) for c in candidates]
    drafts = sorted((_draft(c, row, criteria, ranges, weights, index)
                     for index, (c, row) in enumerate(zip(candidates, rows, strict=True))),
                    key=itemgetter(0))
    if not drafts:
        return ()
    dominators, dominator_ranks = _dominance(candidates, weights, rows, drafts)
    top_cost = drafts[0][1].expected_cost
    ordered = [Ranked(c, i, score, scores, effective, missing, dominators.get(c.offer_id, ()),
                      c.expected_cost - top_cost, "", dominator_ranks.get(c.offer_id, ()))
               for i, (_, c, score, scores, effective, missing, _) in enumerate(drafts, start=1)]
    lines = reasons(ordered, weights, criteria)
    return tuple(r._replace(reason=line) for r, line in zip(ordered, lines, strict=True))


def _dominance(candidates: Sequence[Candidate], weights: Weights, rows, drafts: list[tuple]
               ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[int, ...]]]:
    """Per dominated offer id: the ids dominating it (sorted) and their ranks (best first).
    Ids and ranks are looked up for all pairs at once: a large market has tens of thousands."""
    dominated, dominating = dominance_pairs(candidates, weights.category, rows)
    ids = [c.offer_id for c in candidates]
    dominators = by_dominated(dominated, np.array(ids, dtype=object)[dominating].tolist())
    count = len(candidates) + 1
    rank_at = np.empty(count - 1, dtype=np.int64)
    rank_at[[index for *_, index in drafts]] = np.arange(1, count)
    # one sort of (dominated, rank) folded into one integer: by dominated offer, then by rank
    ranks = np.sort(dominated * count + rank_at[dominating]) % count
    ranked = by_dominated(dominated, ranks.tolist())
    return ({ids[i]: found for i, found in dominators.items()},
            {ids[i]: found for i, found in ranked.items()})


def _draft(candidate: Candidate, oriented: list[Decimal | None], criteria: Sequence[Criterion],
           ranges, weights: Weights, index: int) -> tuple:
    """(order key, candidate, score, scores, effective weights, missing criteria, index)."""
    scores = normalised(candidate, criteria, ranges)
    effective = effective_weights(weights.values, scores)
    missing = tuple(c.key for c in criteria if candidate.value(c.key) is None)
    score = weighted_score(effective, scores)
    return (_order_key(score, oriented, candidate.offer_id), candidate, score, scores, effective,
            missing, index)


def _order_key(score: float | None, oriented: list[Decimal | None], offer_id: str) -> tuple:
    """Best score first; then lower oriented values (missing last); then the offer id."""
    values = tuple((1, Decimal(0)) if v is None else (0, v) for v in oriented)
    return (score is None, -(score or 0.0), values, offer_id)
