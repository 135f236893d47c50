"""How much of the market an answer saw: offers and brands ranked, out of the brands the
source's register lists, and which were left out and why. A comparison that hides how much of
the market it saw is what regulators fine comparators for (ACCC, ASIC, CMA guidance)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from advocate.domain import Offer
from advocate.store.mapping import aware
from advocate.store.registers import register_of
from advocate.store.runs import latest_runs

SOURCE_OF = {"electricity": "cdr_energy", "gas": "cdr_energy", "health": "cms_landscape"}


def coverage(db: Session, category: str, ranked: Sequence[Offer], excluded: list[dict],
             seen: Sequence[Offer]) -> dict:
    """The coverage section of an answer."""
    source = SOURCE_OF[category]
    ranked_brands = sorted({o.brand_name for o in ranked})
    by_id = {o.id: o for o in seen}
    excluded_brands = sorted({by_id[e["offer_id"]].brand_name for e in excluded
                              if e["offer_id"] in by_id} - set(ranked_brands))
    register = register_of(db, source)
    answer = {"source": source, "offers_ranked": len(ranked), "brands_ranked": len(ranked_brands),
              "brands": ranked_brands, "offers_excluded": len(excluded),
              "brands_only_excluded": excluded_brands, "last_refresh": _last_run(db, source)}
    if register:
        known = [_squash(name) for name in ranked_brands + excluded_brands]
        missing = [row.name for row in register
                   if not any(_same_brand(_squash(row.name), name) for name in known)]
        answer["register"] = {
            "brands_listed": len(register), "listed_at": aware(register[0].listed_at),
            "brands_without_offers_here": len(missing),
            "why": "these brands had no stored plan for this place and customer type: they "
                   "may not serve it, or their data was unavailable at the last refresh "
                   "(see last_refresh.errors)",
            "examples": missing[:10]}
    else:
        answer["register"] = None
        answer["note"] = (f"{source} has no brand register; every offer stored for this "
                          "place was considered")
    return answer


def _squash(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _same_brand(register_name: str, offer_brand: str) -> bool:
    """Register and plan payloads name brands slightly differently ("ARCLINE by RACV" vs
    "Arcline by RACV - Energy"); one name containing the other counts as the same brand."""
    return bool(register_name) and (register_name in offer_brand or offer_brand in register_name)


def _last_run(db: Session, source: str) -> dict | None:
    for run in latest_runs(db):
        if run.source == source:
            return {"status": run.status, "kind": run.kind,
                    "finished_at": aware(run.finished_at),
                    "errors": run.errors[:10]}
    return None
