"""The refresh use case under upstream faults, on SQLite and PostgreSQL.

The adapter here is a small fake (cosmicpython style) that fetches real CDR banking product
payloads through the shared HTTP layer; the HTTP side is an httpx.MockTransport.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from advocate.domain import (
    Category,
    Geography,
    Offer,
    ParseError,
    Provenance,
    ProviderError,
    RawPayload,
)
from advocate.domain.terms import GenericTerms
from advocate.services.refresh import refresh
from advocate.store.offers import OfferQuery, list_offer_rows, snapshots_of
from advocate.store.tables import QuarantinedPayloadRow, RefreshRunRow
from providers.http import RetryPolicy, make_client, request

BANKING = Path(__file__).parents[1] / "fixtures" / "cdr_banking" / "product-detail"
PRODUCTS = {p.stem: json.loads(p.read_text()) for p in BANKING.glob("ffe2945b*/*.json")}
BASE = "https://bank.example.invalid/cds-au/v1/banking/products"


class ProductsAdapter:
    """Fetches a list of product ids, then each product's detail."""

    source = "fake_bank"
    categories = (Category.DEPOSIT,)

    def __init__(self):
        self.policy = RetryPolicy(attempts=3, sleep=lambda _s: None)

    def fetch(self, client: httpx.Client) -> Iterator[RawPayload]:
        ids = request(client, "GET", BASE, policy=self.policy).json()["ids"]
        for product_id in ids:
            response = request(client, "GET", f"{BASE}/{product_id}", policy=self.policy)
            yield RawPayload(self.source, response.json(), datetime.now(UTC), str(response.url))

    def parse(self, raw: RawPayload) -> Offer:
        data = raw.body.get("data")
        if not isinstance(data, dict) or "productId" not in data:
            raise ParseError("payload has no data.productId")
        return Offer(id=f"fake_bank:{data['productId']}", source=self.source,
                     external_id=data["productId"], category=Category.DEPOSIT,
                     brand=data["brand"], brand_name=data.get("brandName") or data["brand"],
                     name=data["name"], geography=Geography(included=("country:AU",)),
                     terms=GenericTerms({"rates": data.get("depositRates", [])}),
                     provenance=Provenance(self.source, raw.fetched_at, raw.sha256, raw.url))

    def read_files(self, paths):
        raise AssertionError("not used here")


def _serve(products: dict[str, object], *, faults: dict[str, list[int]] | None = None):
    """A transport serving the list and each product; `faults` maps a path to status codes
    answered (in order) before the real payload, 0 meaning a read timeout."""
    faults = {key: list(value) for key, value in (faults or {}).items()}
    calls: list[str] = []

    def handler(req: httpx.Request) -> httpx.Response:
        key = req.url.path.rsplit("/", 1)[-1]
        calls.append(key)
        pending = faults.get(key)
        if pending:
            status = pending.pop(0)
            if status == 0:
                raise httpx.ReadTimeout("upstream too slow", request=req)
            return httpx.Response(status, json={"errors": [{"code": "x", "title": "boom"}]})
        if key == "products":
            return httpx.Response(200, json={"ids": list(products)})
        return httpx.Response(200, json=products[key])

    return httpx.MockTransport(handler), calls


def _run(engine, products, **kwargs):
    transport, calls = _serve(products, **kwargs)
    with make_client(transport=transport) as client:
        return refresh(engine, ProductsAdapter(), client), calls


def _stored(engine) -> dict[str, str]:
    with Session(engine) as db:
        rows, _ = list_offer_rows(db, OfferQuery())
        return {row.id: row.name for row in rows}


def test_an_upstream_500_is_retried_and_the_run_succeeds(engine):
    report, calls = _run(engine, PRODUCTS, faults={"products": [500, 503]})
    assert report.status == "succeeded"
    assert calls[:3] == ["products"] * 3
    assert report.stored == len(PRODUCTS) == len(_stored(engine))


def test_a_timeout_fails_the_run_and_leaves_stored_offers_unchanged(engine):
    _run(engine, PRODUCTS)
    before = _stored(engine)
    report, _ = _run(engine, PRODUCTS, faults={"products": [0, 0, 0]})
    assert report.status == "failed"
    assert "ReadTimeout" in report.errors[0]["error"]
    assert _stored(engine) == before
    with Session(engine) as db:
        runs = db.exec(select(RefreshRunRow).order_by(RefreshRunRow.id)).all()
    assert [r.status for r in runs] == ["succeeded", "failed"]
    assert runs[-1].finished_at is not None


def test_a_malformed_payload_is_quarantined_and_the_others_are_stored(engine):
    products = dict(PRODUCTS)
    products["SavBump"] = {"data": {"unexpected": "shape"}}
    report, _ = _run(engine, products)
    assert report.status == "succeeded"
    assert report.quarantined == 1 and report.stored == len(products) - 1
    with Session(engine) as db:
        (kept,) = db.exec(select(QuarantinedPayloadRow)).all()
    assert kept.raw == {"data": {"unexpected": "shape"}}
    assert "productId" in kept.error


def test_an_unchanged_payload_adds_no_snapshot_on_the_next_refresh(engine):
    _run(engine, PRODUCTS)
    report, _ = _run(engine, PRODUCTS)
    assert (report.stored, report.updated, report.unchanged) == (0, 0, len(PRODUCTS))
    with Session(engine) as db:
        assert all(len(snapshots_of(db, offer_id)) == 1 for offer_id in _stored(engine))


def test_a_failure_midway_keeps_what_arrived_and_marks_the_run_partial(engine):
    first = sorted(PRODUCTS)[0]
    later = sorted(PRODUCTS)[1]
    report, _ = _run(engine, PRODUCTS, faults={later: [500, 500, 500]})
    assert report.status == "partial"
    assert f"fake_bank:{PRODUCTS[first]['data']['productId']}" in _stored(engine)
    assert report.errors[0]["status"] == 500


def test_a_4xx_from_upstream_is_not_retried(engine):
    transport, calls = _serve(PRODUCTS, faults={"products": [404]})
    with make_client(transport=transport) as client:
        response = request(client, "GET", BASE, policy=RetryPolicy(sleep=lambda _s: None))
    assert response.status_code == 404 and calls == ["products"]


def test_retry_after_is_honoured_between_attempts():
    waits: list[float] = []
    answers = [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={})]
    transport = httpx.MockTransport(lambda req: answers.pop(0))
    with make_client(transport=transport) as client:
        request(client, "GET", BASE, policy=RetryPolicy(sleep=waits.append))
    assert waits == [7.0]


def test_backoff_grows_exponentially_without_retry_after():
    waits: list[float] = []
    transport = httpx.MockTransport(lambda req: httpx.Response(502))
    with (make_client(transport=transport) as client,
          pytest.raises(ProviderError, match="after 4 attempts: HTTP 502")):
        request(client, "GET", BASE, policy=RetryPolicy(attempts=4, base_delay=0.5,
                                                        sleep=waits.append))
    assert waits == [0.5, 1.0, 2.0]
