"""POST /api/v1/admin/refresh/<source>, GET /api/v1/admin/runs and /api/v1/admin/quarantine,
on SQLite and PostgreSQL.

The upstream is replayed through `HTTP_TRANSPORT` (an httpx.MockTransport): the real CDR
Register brand summary (80 energy brands), GloBird's five real plan details (recorded as
x-v 2), one real Energy Locals plan detail answered with a version advocate does not read
(x-v 9: the payload must be quarantined whole, not dropped), and the real empty plan list for
every other brand.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from advocate import create_app
from advocate.domain import payload_sha256
from advocate.services.access import create_key
from advocate.store.db import EXTENSION_KEY, make_engine, transaction

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cdr_energy"
REGISTER = json.loads((FIXTURES / "register/energy-data-holders-brands-summary.json").read_text())
EMPTY_LIST = json.loads((FIXTURES / "plan-list/040f7f80-c3b2-4a10-8e15-ebb9f324bad6.json")
                        .read_text())
GLOBIRD = "https://publiccdr.globirdenergy.com.au"
LOCALS = "https://cdr.energymadeeasy.gov.au/energy-locals"
SERVED = {GLOBIRD: (("GLO562466SR@VEC", "GLO575367MR@VEC", "GLO591394MR@VEC",
                     "GLO591414MR@VEC", "GLO591440MR@VEC"), "2"),
          LOCALS: (("ENE577647MR@VEC",), "9")}


def detail(plan_id: str) -> dict:
    return json.loads(next(FIXTURES.glob(f"plan-detail/*/{plan_id}.json")).read_text())


def cdr(request: httpx.Request) -> httpx.Response:
    """The register, then each brand's plan list and plan details."""
    url = str(request.url.copy_with(query=None))
    if url.endswith("/energy/data-holders/brands/summary"):
        return httpx.Response(200, json=REGISTER, headers={"x-v": "1"})
    base, _, rest = url.partition("/cds-au/v1/energy/plans")
    plans, version = SERVED.get(base, ((), "1"))
    if rest:
        return httpx.Response(200, json=detail(rest.lstrip("/")), headers={"x-v": version})
    if not plans:
        return httpx.Response(200, json=EMPTY_LIST, headers={"x-v": "1"})
    listed = [{k: v for k, v in detail(p)["data"].items() if not k.endswith("Contract")}
              for p in plans]
    return httpx.Response(200, json={"data": {"plans": listed}, "links": {"self": url},
                                     "meta": {"totalRecords": len(plans), "totalPages": 1}},
                          headers={"x-v": "1"})


def register_down(request: httpx.Request) -> httpx.Response:
    """The register answering 404 (not retried): nothing can be fetched."""
    return httpx.Response(404, json={"errors": [{"code": "urn:au-cds:error:cds-all:"
                                                 "Resource/NotFound", "title": "Not Found"}]})


@pytest.fixture
def app(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "HTTP_TRANSPORT": httpx.MockTransport(cdr)})
    yield app
    app.extensions[EXTENSION_KEY].dispose()


@pytest.fixture
def admin(database_url) -> dict[str, str]:
    bind = make_engine(database_url)
    with transaction(bind) as db:
        key = create_key(db, role="admin", name="ops")
    bind.dispose()
    return {"Authorization": f"Bearer {key.secret}"}


def _refresh(client, admin, source="cdr_energy"):
    response = client.post(f"/api/v1/admin/refresh/{source}", headers=admin)
    return response.status_code, response.get_json()


def test_a_refresh_stores_the_replayed_plans_and_answers_the_run_report(app, admin):
    client = app.test_client()
    status, report = _refresh(client, admin)

    assert status == 200
    assert (report["status"], report["stored"], report["quarantined"]) == ("succeeded", 5, 1)
    assert sorted(report["changed_offer_ids"]) == [f"cdr_energy:{p}" for p in SERVED[GLOBIRD][0]]
    offer = client.get("/api/v1/offers/cdr_energy:GLO591394MR@VEC").get_json()
    assert offer["provenance"]["source_url"] == f"{GLOBIRD}/cds-au/v1/energy/plans/GLO591394MR@VEC"
    assert offer["provenance"]["schema_version"] == "2"


def test_the_same_payloads_again_change_nothing(app, admin):
    client = app.test_client()
    _refresh(client, admin)
    _, report = _refresh(client, admin)

    assert (report["stored"], report["updated"], report["unchanged"]) == (0, 0, 5)
    assert report["changed_offer_ids"] == []


def test_an_unreadable_payload_is_listed_in_quarantine_with_its_hash(app, admin):
    client = app.test_client()
    _, report = _refresh(client, admin)
    page = client.get("/api/v1/admin/quarantine?source=cdr_energy", headers=admin).get_json()

    (kept,) = page["data"]
    assert kept["run_id"] == report["run_id"]
    assert kept["sha256"] == payload_sha256(detail("ENE577647MR@VEC"))
    assert "version '9' is not supported" in kept["error"]
    assert kept["source_url"].endswith("/energy-locals/cds-au/v1/energy/plans/ENE577647MR@VEC")
    assert "raw" not in kept and page["meta"]["total"] == 1


def test_a_failing_upstream_is_a_failed_run_that_keeps_every_stored_offer(app, admin):
    client = app.test_client()
    _refresh(client, admin)
    app.config["HTTP_TRANSPORT"] = httpx.MockTransport(register_down)
    status, report = _refresh(client, admin)

    assert status == 200 and report["status"] == "failed" and report["stored"] == 0
    assert "Resource/NotFound" in report["errors"][0]["error"]
    assert client.get("/api/v1/offers?source=cdr_energy").get_json()["meta"]["total"] == 5


def test_runs_are_listed_newest_first_and_filtered_by_source(app, admin):
    client = app.test_client()
    first = _refresh(client, admin)[1]["run_id"]
    app.config["HTTP_TRANSPORT"] = httpx.MockTransport(register_down)
    second = _refresh(client, admin)[1]["run_id"]

    page = client.get("/api/v1/admin/runs?source=cdr_energy&page_size=1", headers=admin)
    body = page.get_json()
    assert [run["id"] for run in body["data"]] == [second]
    assert body["data"][0]["status"] == "failed" and body["data"][0]["finished_at"]
    assert body["meta"]["total"] == 2 and body["links"]["next"].endswith("page=2")
    older = client.get(body["links"]["next"], headers=admin).get_json()["data"]
    assert [(run["id"], run["stored"], run["quarantined"]) for run in older] == [(first, 5, 1)]
    other = client.get("/api/v1/admin/runs?source=cms_landscape", headers=admin).get_json()
    assert other["data"] == [] and other["meta"]["total"] == 0


def test_an_unknown_source_is_a_404_naming_the_known_ones(app, admin):
    status, body = _refresh(app.test_client(), admin, source="acme_energy")

    (message,) = body["error"]["details"]["fields"]["source"]
    assert status == 404
    assert message.startswith("No source 'acme_energy'; known: ") and "cdr_energy" in message
