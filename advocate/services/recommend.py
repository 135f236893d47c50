"""The recommend use case: estimate, rank, store, and show (with partner context and
disclosures attached for display only, after the ranking is fixed)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import Session

from advocate.domain import Category, InvalidInput, NotFound, Offer
from advocate.domain.access import Caller
from advocate.services import estimates as estimating
from advocate.services.answer import DEFAULT_RUNNERS_UP, rank_answer
from advocate.services.coverage import coverage
from advocate.services.energy_estimates import EstimateResult
from advocate.services.estimates import jsonable
from advocate.services.usage_codec import encode_usage
from advocate.store.access_tables import PartnerRow
from advocate.store.advice_tables import RecommendationRow
from advocate.store.disclosures import disclosures_for
from advocate.store.tables import utcnow

PERSONAL_USAGE_KEYS = ("nem12", "nmi")  # meter files carry the NMI, which locates a home


def recommend(db: Session, request: dict, *, caller: Caller, partner_id: str | None = None,
              profile_id: str | None = None, now: datetime | None = None) -> RecommendationRow:
    """Rank every eligible offer for the request and store the answer; returns the row."""
    partner = _partner(db, partner_id or caller.partner_id)
    result = estimating.estimate(db, request)
    answer = rank_answer(result, request)
    seen = list(result.offers) + _excluded_offers(result)
    answer["coverage"] = (menu_coverage(result) if request.get("offers") else jsonable(
        coverage(db, result.category.value, result.offers, result.excluded, seen)))
    answer["data_freshness"] = freshness(result.offers)
    row = RecommendationRow(
        id=uuid.uuid4().hex, created_at=now or utcnow(), category=result.category.value,
        methodology_version=answer["methodology_version"], inputs=stored_inputs(request, result),
        snapshot_ids={o.id: o.provenance.snapshot_id for o in seen
                      if o.provenance.snapshot_id is not None}, result=answer,
        partner_id=partner.id if partner else None, caller_key_id=caller.key_id,
        profile_id=profile_id)
    db.add(row)
    db.flush()
    return row


def _partner(db: Session, partner_id: str | None) -> PartnerRow | None:
    if not partner_id:
        return None
    partner = db.get(PartnerRow, partner_id)
    if partner is None:
        raise InvalidInput(f"no partner {partner_id!r}", field="partner")
    return partner


def _excluded_offers(result: EstimateResult) -> list[Offer]:
    ids = {e["offer_id"] for e in result.excluded}
    return [offer for offer in result.seen if offer.id in ids]


def menu_coverage(result: EstimateResult) -> dict:
    """Coverage of an ad-hoc menu: only what the caller sent, said plainly."""
    return {"source": "inline", "offers_ranked": len(result.offers),
            "brands_ranked": len({o.brand_name for o in result.offers}),
            "brands": sorted({o.brand_name for o in result.offers}),
            "offers_excluded": len(result.excluded), "register": None,
            "note": "an ad-hoc menu sent with the request, ranked by the same rules as the "
                    "market; it is not the market, and other offers may be better"}


def freshness(offers: list[Offer]) -> dict:
    """Oldest and newest fetch time among the offers ranked."""
    times = sorted(o.provenance.fetched_at for o in offers)
    return {"oldest_fetched_at": times[0].isoformat() if times else None,
            "newest_fetched_at": times[-1].isoformat() if times else None}


def stored_inputs(request: dict, result: EstimateResult) -> dict:
    """The request as stored: no personal data, and the exact usage the answer used."""
    inputs = jsonable({key: value for key, value in request.items() if key != "usage"})
    if result.category is not Category.HEALTH and result.usage_model is not None:
        usage = dict(request.get("usage") or {})
        inputs["usage"] = jsonable({key: value for key, value in usage.items()
                                    if key not in PERSONAL_USAGE_KEYS})
        if any(key in usage for key in PERSONAL_USAGE_KEYS):
            inputs["usage"]["form"] = "nem12 (file not kept: it identifies the meter)"
        inputs["usage_series"] = encode_usage(result.usage_model)
    return inputs


def get_recommendation(db: Session, recommendation_id: str) -> RecommendationRow:
    """A stored answer; NotFound when unknown."""
    row = db.get(RecommendationRow, recommendation_id)
    if row is None:
        raise NotFound(f"No recommendation with id {recommendation_id!r}.",
                       field="recommendation_id")
    return row


def view(db: Session, row: RecommendationRow, *, page: int = 1, page_size: int = 25,
         runners_up: int = DEFAULT_RUNNERS_UP, today: date | None = None) -> dict:
    """The answer as shown: top pick, runners-up, a page of the list, partner, disclosures,
    and a warning when ranked offers have passed their published end date.

    Flags that need every offer (ended, the partner's own) are worked out over the stored
    list; only the offers shown are copied with them, and only theirs have disclosures
    looked up: a market answer holds hundreds of offers and a page shows 25."""
    today = today or datetime.now(UTC).date()
    answer = row.result
    offers = answer["offers"]
    partner = db.get(PartnerRow, row.partner_id) if row.partner_id else None
    top = range(min(len(offers), 1))
    runners = range(1, min(len(offers), 1 + runners_up))
    listed = range((page - 1) * page_size, min(len(offers), page * page_size))
    picks = dict.fromkeys([*top, *runners, *listed])  # positions shown, each once, in order
    disclosed = disclosures_for(db, [(offers[i]["offer_id"], offers[i]["brand"]) for i in picks])
    shown = {i: {**offers[i], "ended": _ended(offers[i], today),
                 "partner_offer": _is_partners(offers[i], partner),
                 "disclosures": _disclosures_json(disclosed.get(offers[i]["offer_id"], []))}
             for i in picks}
    return {"id": row.id, "created_at": row.created_at.isoformat(),
            **{k: v for k, v in answer.items() if k != "offers"},
            "top_pick": shown[0] if offers else None,
            "runners_up": [shown[i] for i in runners],
            "offers": [shown[i] for i in listed],
            "offers_page": {"page": page, "page_size": page_size, "total": len(offers)},
            "partner": partner_section(partner, offers),
            "warnings": _warnings(offers, today),
            "disclosure_policy": DISCLOSURE_POLICY}


def _ended(entry: dict, today: date) -> bool:
    end = entry.get("effective_to")
    return bool(end) and date.fromisoformat(end) < today


def _warnings(offers: list[dict], today: date) -> list[str]:
    ended = [o for o in offers if _ended(o, today)]
    if not ended:
        return []
    return [f"{len(ended)} of the {len(offers)} offers ranked passed their published end date "
            f"before {today.isoformat()} (e.g. {ended[0]['name']}, "
            f"{ended[0]['effective_to']}): this data is older than the market today; "
            "refresh the source before relying on it."]


DISCLOSURE_POLICY = (
    "Commission, sponsorship and the identity of the partner showing this answer are recorded "
    "only to be disclosed here. No costing or scoring function receives them; the ranking is "
    "the same whoever asks and whatever anyone earns.")


def _disclosures_json(disclosures: list) -> list[dict]:
    return [{"kind": d.kind, "amount": None if d.amount is None else f"{d.amount:.2f}",
             "currency": d.currency, "basis": d.basis, "note": d.note} for d in disclosures]


def _is_partners(entry: dict, partner: PartnerRow | None) -> bool:
    if partner is None:
        return False
    own = {b.lower() for b in partner.brands}
    return entry["brand"].lower() in own or entry["offer_id"].split(":")[-1].lower() in own


def partner_section(partner: PartnerRow | None, offers: list[dict]) -> dict | None:
    """The partner's own best offer, its rank, and plainly what #1 saves over it (`offers`:
    the whole ranked list as stored)."""
    if partner is None:
        return None
    own = [o for o in offers if _is_partners(o, partner)]
    if not own:
        return {"partner_id": partner.id, "name": partner.name, "best_own_offer": None,
                "message": f"{partner.name} has no offer available for you here; "
                           "the ranking below is everyone else's."}
    best, top = own[0], offers[0]
    saving = max(Decimal(best["expected_annual_cost"]) - Decimal(top["expected_annual_cost"]),
                 Decimal(0))
    if best["rank"] == 1:
        message = f"Our best plan for you, {best['name']}, is also #1 of {len(offers)}."
    else:
        message = (f"Our best plan for you is #{best['rank']} ({best['name']}); #1, "
                   f"{top['name']} from {top['brand']}, "
                   + (f"saves you {top['currency']} {saving:,.0f} a year."
                      if saving > 0 else "suits your priorities better."))
    return {"partner_id": partner.id, "name": partner.name, "best_own_offer": best["offer_id"],
            "best_own_rank": best["rank"], "top_pick_saves_per_year": f"{saving:.2f}",
            "message": message}
