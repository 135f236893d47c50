"""Client exports: one self-contained, signed JSON document per recommendation, and its
verification (integrity, then a re-run on the stored snapshots).

What an export holds: what was recommended and why (the stored answer), every input (no
personal data: meter files are reduced to their interval series), the methodology version and
weights, each offer's terms and provenance (source URL, fetched_at, payload sha256), the
disclosures (shown for disclosure only), the cost breakdowns, and when it was made. Numbers
that were floats inside the answer are written as decimal strings, so the canonical bytes
(advocate.services.signing) are the same for every reader.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from advocate.domain import Category, payload_sha256
from advocate.scoring import METHODOLOGY_VERSION
from advocate.services import signing
from advocate.services.answer import rank_answer
from advocate.store.advice_tables import RecommendationRow
from advocate.store.disclosures import disclosures_for
from advocate.store.mapping import aware
from advocate.store.offers import get_snapshot, offers_from_snapshots

FORMAT = "advocate-export/1"
KEY_PATH = "/.well-known/advocate-export-key.json"
RANKING_FIELDS = ("offer_id", "rank", "expected_annual_cost", "bad_year_cost", "reason",
                  "dominated_by", "dominated_by_count", "score")


def decimal_strings(value: Any) -> Any:
    """A copy with every float written as a decimal string (ints and bools kept)."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): decimal_strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [decimal_strings(v) for v in value]
    return value


def build_export(db: Session, row: RecommendationRow, *, now: datetime | None = None) -> dict:
    """The unsigned export document of a stored recommendation."""
    offers = [_offer_record(db, offer_id, snapshot_id)
              for offer_id, snapshot_id in sorted(row.snapshot_ids.items())]
    disclosed = disclosures_for(db, [(o["offer_id"], o["brand"]) for o in offers])
    return decimal_strings({
        "format": FORMAT, "recommendation_id": row.id,
        "created_at": aware(row.created_at).isoformat(),
        "exported_at": (now or datetime.now(UTC)).isoformat(),
        "methodology": {"version": row.methodology_version, "weights": row.result["weights"],
                        "url": f"/api/v1/methodology/{row.methodology_version}"},
        "inputs": row.inputs, "answer": row.result, "offers": offers,
        "disclosures": {offer_id: [_disclosure(d) for d in found]
                        for offer_id, found in disclosed.items() if found},
        "disclosure_policy": "Disclosures are shown so you can see who earns what; they are "
                             "not an input to any cost or ranking function.",
        "verification": {"public_key": KEY_PATH, "verify_endpoint": "/api/v1/exports/verify",
                         "canonicalization": "sorted keys, compact separators, UTF-8, no "
                                             "floats; the `integrity` member excluded"}})


def _offer_record(db: Session, offer_id: str, snapshot_id: int) -> dict:
    snapshot = get_snapshot(db, snapshot_id)
    (offer,) = offers_from_snapshots(db, [snapshot_id])
    return {"offer_id": offer_id, "snapshot_id": snapshot_id, "source": offer.source,
            "brand": offer.brand_name, "name": offer.name, "category": offer.category.value,
            "source_url": snapshot.source_url, "fetched_at": aware(snapshot.fetched_at).isoformat(),
            "payload_sha256": snapshot.payload_sha256, "schema_version": snapshot.schema_version,
            "terms": snapshot.terms}


def _disclosure(d) -> dict:
    return {"kind": d.kind, "applies_to": "offer" if d.offer_id else "brand",
            "amount": None if d.amount is None else f"{d.amount:.2f}", "currency": d.currency,
            "basis": d.basis, "note": d.note}


def rerun(db: Session, inputs: dict, snapshot_ids: dict[str, int]) -> dict:
    """The answer recomputed from stored inputs and the exact offer snapshots."""
    from advocate.services.estimates import estimate_menu

    category = Category(inputs["category"])
    if inputs.get("offers"):
        result = estimate_menu(inputs)
    elif category is Category.HEALTH:
        from advocate.services.health_estimates import health_estimates_for

        result = health_estimates_for(inputs, offers_from_snapshots(db, snapshot_ids.values()))
    else:
        from advocate.services.energy_estimates import energy_estimates_for
        from advocate.services.usage_codec import decode_usage

        usage = decode_usage(inputs["usage_series"])
        result = energy_estimates_for(inputs, usage,
                                      offers_from_snapshots(db, snapshot_ids.values()))
    return json.loads(json.dumps(rank_answer(result, inputs), default=str))


def verify(db: Session, document: dict, jwk: dict) -> dict:
    """Integrity of an export, then whether re-running it yields the same ranking."""
    problems = signing.check(document, jwk)
    answer = {"integrity": {"valid": not problems, "problems": problems}}
    if problems:
        return {**answer, "verdict": "tampered", "rerun": None}
    if document.get("inputs", {}).get("erased"):
        return {**answer, "verdict": "inputs_erased", "rerun": {
            "identical": None, "differences": [], "methodology_version": METHODOLOGY_VERSION,
            "note": "the client's inputs were erased at their request, so the answer cannot "
                    "be re-run; the signature still proves the export is unchanged"}}
    differences = _snapshot_differences(db, document) or _ranking_differences(db, document)
    method = document["methodology"]["version"]
    return {**answer, "verdict": "identical" if not differences else "differs",
            "rerun": {"identical": not differences, "differences": differences,
                      "methodology_version": METHODOLOGY_VERSION,
                      "note": None if method == METHODOLOGY_VERSION else
                      f"made under methodology {method}; re-run under {METHODOLOGY_VERSION}"}}


def _snapshot_differences(db: Session, document: dict) -> list[str]:
    found = []
    for record in document.get("offers", []):
        snapshot = get_snapshot(db, int(record["snapshot_id"]))
        if snapshot is None:
            found.append(f"snapshot {record['snapshot_id']} of {record['offer_id']} is not "
                         "stored here")
        elif snapshot.payload_sha256 != record["payload_sha256"]:
            found.append(f"snapshot {record['snapshot_id']} of {record['offer_id']} has "
                         "another payload hash")
        elif payload_sha256(snapshot.raw) != snapshot.payload_sha256:
            found.append(f"snapshot {record['snapshot_id']} of {record['offer_id']}: the stored "
                         "payload no longer matches its sha256 (changed after it was fetched)")
    return found


def _ranking_differences(db: Session, document: dict) -> list[str]:
    ids = {r["offer_id"]: int(r["snapshot_id"]) for r in document.get("offers", [])}
    again = decimal_strings(rerun(db, document["inputs"], ids))
    before = {o["offer_id"]: o for o in document["answer"]["offers"]}
    after = {o["offer_id"]: o for o in again["offers"]}
    found = [f"{offer_id}: only in the {'export' if offer_id in before else 're-run'}"
             for offer_id in sorted(set(before) ^ set(after))]
    for offer_id in sorted(set(before) & set(after)):
        for name in RANKING_FIELDS:
            if before[offer_id].get(name) != after[offer_id].get(name):
                found.append(f"{offer_id}: {name} was {before[offer_id].get(name)!r}, "
                             f"re-run gives {after[offer_id].get(name)!r}")
    return found
