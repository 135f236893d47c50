"""Client exports: self-contained, signed, verifiable without advocate, and re-runnable."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlmodel import select

from advocate.store.db import session
from advocate.store.tables import OfferSnapshotRow

NEM12 = Path(__file__).parents[1] / "fixtures" / "nem12" / "citipower_30min_year.csv"
REQUEST = {"category": "electricity", "location": {"postcode": "3000", "distributor": "citipower"},
           "usage": {"annual_kwh": 4000}, "conditions": ["PAY_ON_TIME"],
           "priorities": ["cost", "certainty"]}


def _export(client, body=REQUEST) -> dict:
    answer = client.post("/api/v1/recommendations", json=body).get_json()
    response = client.get(f"/api/v1/recommendations/{answer['id']}/export")
    assert response.status_code == 200
    return response.get_json()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_anyone_can_verify_an_export_with_the_published_key_alone(loaded_client):
    document = _export(loaded_client)
    jwk = loaded_client.get("/.well-known/advocate-export-key.json").get_json()["keys"][0]
    body = {k: v for k, v in document.items() if k != "integrity"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False).encode("utf-8")
    integrity = document["integrity"]
    assert integrity["digest"] == "sha256:" + hashlib.sha256(canonical).hexdigest()
    Ed25519PublicKey.from_public_bytes(_unb64(jwk["x"])).verify(
        _unb64(integrity["signature"]), canonical)  # raises if it does not verify


def test_an_export_carries_inputs_method_provenance_disclosures_and_breakdowns(loaded_client):
    document = _export(loaded_client)
    assert document["methodology"]["version"] == document["answer"]["methodology_version"]
    assert document["methodology"]["weights"]["weights"]["cost"] == "0.75"
    assert document["inputs"]["usage"] == {"annual_kwh": "4000.0"}
    ranked = {o["offer_id"] for o in document["answer"]["offers"]}
    records = {o["offer_id"]: o for o in document["offers"]}
    assert ranked <= set(records)
    for record in records.values():
        assert record["payload_sha256"] and record["fetched_at"] and record["terms"]
    top = document["answer"]["offers"][0]
    assert sum(Decimal(line["amount"]) for line in top["estimate"]["breakdown"]) == Decimal(
        top["expected_annual_cost"])
    assert document["created_at"] and document["exported_at"]


def test_a_meter_file_never_reaches_the_export(loaded_client):
    document = _export(loaded_client, {**REQUEST, "usage": {"nem12": NEM12.read_text()}})
    text = json.dumps(document)
    assert "VAAAZZZZ00" not in text and "300,2024" not in text
    assert document["inputs"]["usage_series"]["encoding"].startswith("float64")


def test_verify_reruns_the_export_on_the_stored_snapshots_and_finds_it_identical(loaded_client):
    verdict = loaded_client.post("/api/v1/exports/verify", json=_export(loaded_client)).get_json()
    assert verdict["verdict"] == "identical"
    assert verdict["integrity"]["valid"] and verdict["rerun"]["differences"] == []


def test_a_tampered_export_fails_verification(loaded_client):
    document = _export(loaded_client)
    tampered = copy.deepcopy(document)
    tampered["answer"]["offers"][0]["expected_annual_cost"] = "1.00"
    verdict = loaded_client.post("/api/v1/exports/verify", json=tampered).get_json()
    assert verdict["verdict"] == "tampered"
    assert any("digest" in p for p in verdict["integrity"]["problems"])


def test_a_snapshot_changed_after_export_is_reported_as_a_difference(loaded_app,
                                                                     loaded_client):
    document = _export(loaded_client)
    top = document["answer"]["offers"][0]["offer_id"]
    with loaded_app.app_context():
        db = session()
        snapshot = db.exec(select(OfferSnapshotRow).where(
            OfferSnapshotRow.offer_id == top)).one()
        raw = copy.deepcopy(snapshot.raw)
        raw["data"]["displayName"] = "edited in the database"
        snapshot.raw = raw
        db.commit()
    verdict = loaded_client.post("/api/v1/exports/verify", json=document).get_json()
    assert verdict["verdict"] == "differs"
    assert any(top in d and "no longer matches its sha256" in d
               for d in verdict["rerun"]["differences"])


def test_verify_refuses_what_is_not_an_export(loaded_client):
    assert loaded_client.post("/api/v1/exports/verify", json={"a": 1}).status_code == 422
    response = loaded_client.post("/api/v1/exports/verify", data="nope",
                                  content_type="application/json")
    assert response.status_code == 400
