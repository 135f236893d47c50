"""One line per ranked offer, in plain words, with the figures behind its place.

Amounts are whole units of the estimate's currency with thousands separators; a difference
is taken between the rounded amounts, so the figures a reader sees add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from advocate.scoring.candidates import Candidate
from advocate.scoring.criteria import Criterion
from advocate.scoring.weights import Weights

if TYPE_CHECKING:
    from advocate.scoring.ranking import Ranked

_SYMBOLS = {"AUD": "$", "USD": "$"}
_TAX = {"AUD": ("inc. GST", "ex. GST")}
_OTHER_TAX = ("inc. tax", "ex. tax")


def whole(amount: Decimal) -> Decimal:
    """An amount rounded half up to whole currency units."""
    return Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def money(amount: Decimal, currency: str) -> str:
    """`$1,412` (AUD, USD) or `EUR 1,412`: whole units, thousands separated."""
    value = whole(amount)
    sign, digits = ("-" if value < 0 else ""), f"{abs(value):,}"
    symbol = _SYMBOLS.get(currency)
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{currency} {digits}"


def tax_words(currency: str, includes_tax: bool) -> str:
    """How the tax treatment of an amount is said: `inc. GST`, `ex. GST`, `ex. tax`."""
    included, excluded = _TAX.get(currency, _OTHER_TAX)
    return included if includes_tax else excluded


def label(criterion: Criterion) -> str:
    """A criterion as a reason names it."""
    if criterion.key == "certainty":
        return "bad-year cost" if criterion.money else "price certainty"
    return {"quality": "quality rating", "flexibility": "fees to leave",
            "green": "GreenPower"}.get(criterion.key, criterion.key)


def reasons(ordered: Sequence[Ranked], weights: Weights,
            criteria: Sequence[Criterion]) -> list[str]:
    """The reason line for each offer of a ranking, in its order."""
    lines = [_top(ordered, weights, criteria)]
    lines += [_runner_up(entry, ordered, weights, criteria) for entry in ordered[1:]]
    return [line + _notes(entry, ordered, weights, criteria)
            for line, entry in zip(lines, ordered, strict=True)]


def _cost(c: Candidate) -> str:
    return f"{money(c.expected_cost, c.currency)} a year {tax_words(c.currency, c.includes_tax)}"


def _less(difference: Decimal, currency: str, other: str) -> str:
    return f"the same as {other}" if difference == 0 else \
        f"{money(difference, currency)} less than {other}"


def _top(ordered: Sequence[Ranked], weights: Weights, criteria: Sequence[Criterion]) -> str:
    top = ordered[0]
    if len(ordered) == 1:
        return f"The only offer compared: {_cost(top.candidate)}"
    if top.score is None:
        return f"Nothing you weighted sets these offers apart, so cheapest first: " \
               f"{_versus_cheapest(top, ordered)}"
    eligible = [c for c in criteria if weights.of(c.key) > 0 and top.scores[c.key] == 1.0]
    if not eligible:
        return f"Best balance of your priorities: {_versus_cheapest(top, ordered)}"
    lead = max(eligible, key=lambda c: weights.of(c.key))
    return _lead_line(lead, top, ordered)


def _lead_line(lead: Criterion, top: Ranked, ordered: Sequence[Ranked]) -> str:
    if lead.key == "cost":
        return _cheapest_line(top, ordered)
    if lead.key == "certainty" and lead.money:
        return _bad_year_line(top, ordered)
    strength = _strength(lead, top.candidate.value(lead.key), top.candidate.currency)
    return f"{strength}; {_versus_cheapest(top, ordered)}"


def _strength(lead: Criterion, value, currency: str) -> str:
    if lead.key == "certainty":
        return "Price fixed for the contract"
    if lead.key == "quality":
        return f"Highest quality rating ({value:g} of 5 stars)"
    if lead.key == "flexibility":
        return "No fee to leave early" if value == 0 else \
            f"Lowest fee to leave early ({money(Decimal(str(value)), currency)})"
    return f"Most GreenPower on offer (up to {value:g}%)"


def _cheapest_line(top: Ranked, ordered: Sequence[Ranked]) -> str:
    c, second = top.candidate, ordered[1].candidate
    gap = whole(second.expected_cost) - whole(c.expected_cost)
    return f"Cheapest over a year at your usage: {money(c.expected_cost, c.currency)} " \
           f"{tax_words(c.currency, c.includes_tax)}, {_less(gap, c.currency, '#2')}"


def _bad_year_line(top: Ranked, ordered: Sequence[Ranked]) -> str:
    c = top.candidate
    cheapest = _cheapest(ordered)
    ref, name = (ordered[1], "#2") if cheapest is top else (cheapest, "the cheapest plan")
    bad, ref_bad = c.value("certainty"), ref.candidate.value("certainty")
    line = f"Best protection in a bad year: {money(Decimal(str(bad)), c.currency)} in a " \
           f"1-in-20 year"
    if ref_bad is not None:
        gap = whole(Decimal(str(ref_bad))) - whole(Decimal(str(bad)))
        line += f", {_less(gap, c.currency, f'{name} ({ref.candidate.brand})')}"
    return f"{line}; expected {_cost(c)}"


def _cheapest(ordered: Sequence[Ranked]) -> Ranked:
    return min(ordered, key=lambda r: (r.candidate.expected_cost, r.rank))


def _versus_cheapest(entry: Ranked, ordered: Sequence[Ranked]) -> str:
    cheapest = _cheapest(ordered).candidate
    gap = whole(entry.candidate.expected_cost) - whole(cheapest.expected_cost)
    if gap <= 0:
        return f"{_cost(entry.candidate)}, the lowest cost of the {len(ordered)} offers"
    return f"{_cost(entry.candidate)}, {money(gap, cheapest.currency)} more than the " \
           f"cheapest ({cheapest.brand})"


def _runner_up(entry: Ranked, ordered: Sequence[Ranked], weights: Weights,
               criteria: Sequence[Criterion]) -> str:
    top, c = ordered[0], entry.candidate
    gap = whole(c.expected_cost) - whole(top.candidate.expected_cost)
    who = f"#1 ({top.candidate.brand})"
    if gap > 0:
        return f"Ranked #{entry.rank}: costs {money(gap, c.currency)} a year more than {who}"
    cost = f"costs {money(-gap, c.currency)} a year less than {who}" if gap < 0 else \
        f"costs the same as {who}"
    edge = edge_of(top, entry, weights, criteria)
    if edge is not None:
        return f"Ranked #{entry.rank}: {cost}, which scores higher on {label(edge)}"
    if entry.score is not None and entry.score == top.score:
        return f"Ranked #{entry.rank}: {cost} and ties with it on your priorities"
    return f"Ranked #{entry.rank}: {cost}, which ranks higher on your priorities"


def edge_of(better: Ranked, worse: Ranked, weights: Weights,
            criteria: Sequence[Criterion]) -> Criterion | None:
    """The criterion that most favours `better` over `worse` under the customer's weights."""
    best, best_gain = None, 0.0
    for criterion in criteria:
        ours, theirs = better.scores[criterion.key], worse.scores[criterion.key]
        if ours is None or theirs is None:
            continue
        gain = weights.of(criterion.key) * (ours - theirs)
        if gain > best_gain:
            best, best_gain = criterion, gain
    return best


def _notes(entry: Ranked, ordered: Sequence[Ranked], weights: Weights,
           criteria: Sequence[Criterion]) -> str:
    notes = ""
    unknown = [label(c) for c in criteria if c.key in entry.missing and weights.of(c.key) > 0]
    if unknown:
        notes += f"; no data on {' or '.join(unknown)}"
    if entry.dominated_by:
        rival = ordered[entry.dominator_ranks[0] - 1].candidate  # the best-ranked one
        notes += f"; {rival.name} ({rival.brand}) is as good or better on every count at " \
                 f"every usage level"
    if entry.candidate.regret and whole(entry.candidate.regret) > 0:
        notes += f"; {money(entry.candidate.regret, entry.candidate.currency)} a year more " \
                 f"if you miss the conditions of its discount"
    return notes
