"""The ranked answer for one customer, as a pure function of estimates and preferences.

This is the part that `verify` re-runs on stored snapshots: given the same estimate result and
request it always returns the same document. Partner context and disclosures are NOT inputs:
they are attached afterwards for display (advocate.services.recommend), so they cannot move a
ranking (DESIGN.md §3, "Commission never ranks").
"""

from __future__ import annotations

from decimal import Decimal

from advocate.domain import InvalidInput
from advocate.scoring import (
    METHODOLOGY_VERSION,
    Ranked,
    rank,
    stated_vs_needed,
    weights_from_priorities,
)
from advocate.services.energy_estimates import EstimateResult
from advocate.services.estimates import estimate_json, jsonable, money
from advocate.services.ranking_inputs import by_id, candidates_for, stated_values

DEFAULT_RUNNERS_UP = 3


def rank_answer(result: EstimateResult, request: dict) -> dict:
    """Weights, the full ranked list with reasons, stated-vs-needed and the current offer."""
    weights = weights_from_priorities(result.category, request.get("priorities"),
                                      request.get("weights"))
    ranked = rank(candidates_for(result), weights)
    offers, estimates = by_id(result.offers), dict(zip([o.id for o in result.offers],
                                                       result.estimates, strict=True))
    entries = [entry_json(r, offers[r.offer_id], estimates[r.offer_id], ranked) for r in ranked]
    preference = request.get("stated_preference")
    stated = (stated_vs_needed(preference, stated_values(result, preference), ranked, weights)
              if preference and ranked else None)
    # entries are JSON-ready as built (entry_json); walking them again would only copy them
    return {**jsonable({"category": result.category.value,
                        "methodology_version": METHODOLOGY_VERSION,
            "weights": weights.to_json(), "usage": result.usage, "context": result.context,
            "offers": [], "excluded": result.excluded,
            "stated_vs_needed": None if stated is None else {
                "preference": stated.preference, "stated_pick": stated.stated_pick,
                "top_pick": stated.top_pick, "extra_cost_per_year": money(stated.extra_cost),
                "message": stated.message},
            "current_offer": current_offer(ranked, request.get("current_offer_id"), result)}),
            "offers": entries}


DOMINATORS_LISTED = 5


def entry_json(entry: Ranked, offer, estimate, ranked: tuple[Ranked, ...]) -> dict:
    """One ranked offer: rank, scores, whole-year figures, reason, dominance, regret.

    `ranked` is the whole ranking (rank r at index r - 1).
    `dominated_by` names the best-ranked DOMINATORS_LISTED offers that dominate this one and
    `dominated_by_count` how many do: in a market of hundreds of offers a poor one is beaten
    everywhere by hundreds, and listing them all would make every answer grow with the square
    of the market while telling the customer nothing more."""
    candidate = entry.candidate
    body = estimate_json(offer, estimate)
    cost = body["annual_cost"]
    return {"offer_id": offer.id, "brand": offer.brand_name, "name": offer.name,
            "rank": entry.rank, "score": None if entry.score is None else round(entry.score, 4),
            "scores": {k: None if v is None else round(v, 4) for k, v in entry.scores.items()},
            "values": {k: _plain(v) for k, v in candidate.values.items()},
            "missing_data": list(entry.missing), "weights_used": dict(entry.weights),
            "expected_annual_cost": cost["expected"], "bad_year_cost": cost["bad_year_p95"],
            "currency": cost["currency"], "includes_tax": cost["includes_tax"],
            "cost_vs_top": money(entry.cost_vs_top), "reason": entry.reason,
            "dominated_by": [ranked[rank - 1].offer_id
                             for rank in entry.dominator_ranks[:DOMINATORS_LISTED]],
            "dominated_by_count": len(entry.dominated_by),
            "conditional_discount": conditional_json(estimate),
            "cost_at_usage_grid": [money(v) for v in candidate.cost_grid],
            "effective_to": offer.effective_to.isoformat() if offer.effective_to else None,
            "snapshot": {"id": offer.provenance.snapshot_id,
                         "fetched_at": offer.provenance.fetched_at.isoformat(),
                         "payload_sha256": offer.provenance.payload_sha256,
                         "source_url": offer.provenance.source_url},
            "estimate": _ready(body)}


def _ready(body: dict) -> dict:
    """estimate_json with its premium figures (Decimals) as money strings, like the rest."""
    return {**body, "premium": jsonable(body["premium"])} if body.get("premium") else body


def conditional_json(estimate) -> dict | None:
    """Both figures of an offer with a conditional discount, which one was ranked on, and the
    regret: what missing the condition would add a year when it was counted as met."""
    met, missed = estimate.with_conditional_discounts, estimate.without_conditional_discounts
    if met == missed:
        return None
    counted = estimate.expected == met
    return {"if_condition_met": money(met), "if_condition_missed": money(missed),
            "ranked_as": "met" if counted else "missed",
            "saving_if_met_per_year": money(missed - met),
            "regret_per_year": money(missed - estimate.expected) if counted else None,
            "note": "ranked on the condition being met, as you said you would meet it"
                    if counted else "ranked without the discount: you did not say you would "
                    "meet its condition"}


def _plain(value):
    if isinstance(value, Decimal):
        return money(value)
    return value


def current_offer(ranked: tuple[Ranked, ...], offer_id: str | None,
                  result: EstimateResult) -> dict | None:
    """Where the customer's current offer stands and what the top pick saves over it."""
    if not offer_id:
        return None
    for entry in ranked:
        if entry.offer_id == offer_id:
            top = ranked[0]
            saving = entry.candidate.expected_cost - top.candidate.expected_cost
            return {"offer_id": offer_id, "rank": entry.rank, "of": len(ranked),
                    "expected_annual_cost": money(entry.candidate.expected_cost),
                    "top_pick_saves_per_year": money(max(saving, Decimal(0))),
                    "is_top_pick": entry.rank == 1,
                    "message": _current_message(entry, top, saving)}
    for excluded in result.excluded:
        if excluded["offer_id"] == offer_id:
            return {"offer_id": offer_id, "rank": None, "of": len(ranked),
                    "message": f"Your current offer could not be ranked here: "
                               f"{excluded['reason']}."}
    raise InvalidInput(f"{offer_id!r} is not an offer of this category available here",
                       field="current_offer_id")


def _current_message(entry: Ranked, top: Ranked, saving: Decimal) -> str:
    if entry.rank == 1:
        return "You already have the best option for you."
    name = f"{top.candidate.name} ({top.candidate.brand})"
    currency = top.candidate.currency
    if saving > 0:
        return (f"Your current offer ranks #{entry.rank}; #1, {name}, would save you "
                f"{currency} {saving:,.0f} a year at your usage.")
    return f"Your current offer ranks #{entry.rank}; #1, {name}, suits your priorities better."
