"""Who may call what: every route of the real url_map against every kind of caller.

ACCESS classifies each route; a route it does not classify fails the suite, so a new endpoint
cannot ship without saying who may call it. The kinds of access:

- PUBLIC: the key is not looked at; every caller gets what an anonymous caller gets.
- OPEN: anonymous callers are served (rate-limited per address); a presented key is resolved
  (and counted against its own limit), so a revoked or unknown key is a 401, never a silent
  fall-back to anonymous.
- role(...): only keys of those roles; 401 without a usable key, 403 for another role.

Each caller must get an allowed answer (the status listed for the route, never 401/403 or a
5xx) or exactly the refusal its kind calls for.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from advocate import create_app
from advocate.domain import Disclosure
from advocate.domain.access import Role
from advocate.services.access import create_key, revoke_key
from advocate.store.db import EXTENSION_KEY, engine, transaction
from advocate.store.disclosures import record_disclosure

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cdr_energy"
OFFER = "cdr_energy:GLO591394MR@VEC"
REQUEST = {"category": "electricity", "location": {"postcode": "3000", "distributor": "citipower"},
           "usage": {"annual_kwh": 4000}}
CALLERS = ("anonymous", "advisor", "partner", "admin", "revoked", "unknown")


@dataclass(frozen=True)
class Access:
    """Who may call a route: `kind` is public, open or role; `roles` for role."""

    kind: str
    roles: frozenset[Role] = frozenset()


PUBLIC, OPEN = Access("public"), Access("open")


def role(*roles: Role) -> Access:
    return Access("role", frozenset(roles))


@dataclass(frozen=True)
class Route:
    """A route's access, the statuses an allowed caller may get, and a request body."""

    access: Access
    ok: frozenset[int]
    body: Callable[[dict], object] | None = field(default=None, compare=False)


def route(access: Access, *ok: int, body: Callable[[dict], object] | None = None) -> Route:
    return Route(access, frozenset(ok), body)


ADMIN = role(Role.ADMIN)
ACCESS: dict[tuple[str, str], Route] = {
    ("GET", "/"): route(PUBLIC, 200),
    ("GET", "/docs"): route(PUBLIC, 200),
    ("GET", "/openapi.json"): route(PUBLIC, 200),
    ("GET", "/health"): route(PUBLIC, 200),
    ("GET", "/.well-known/advocate-export-key.json"): route(PUBLIC, 200),
    ("GET", "/embed/<partner_id>"): route(PUBLIC, 200),
    ("GET", "/api/v1/offers"): route(PUBLIC, 200),
    ("GET", "/api/v1/offers/<offer_id>"): route(PUBLIC, 200),
    ("GET", "/api/v1/methodology"): route(PUBLIC, 200),
    ("GET", "/api/v1/methodology/<version>"): route(PUBLIC, 200),
    ("POST", "/api/v1/estimates"): route(OPEN, 200, body=lambda w: REQUEST),
    ("POST", "/api/v1/recommendations"): route(OPEN, 201, body=lambda w: REQUEST),
    ("GET", "/api/v1/recommendations/<recommendation_id>"): route(OPEN, 200),
    ("GET", "/api/v1/recommendations/<recommendation_id>/export"): route(OPEN, 200),
    ("POST", "/api/v1/exports/verify"): route(OPEN, 200, body=lambda w: w["export"]),
    ("GET", "/api/v1/admin/keys"): route(ADMIN, 200),
    ("POST", "/api/v1/admin/keys"): route(ADMIN, 201, body=lambda w: {
        "role": "advisor", "name": "matrix"}),
    ("DELETE", "/api/v1/admin/keys/<key_id>"): route(ADMIN, 200),
    ("GET", "/api/v1/admin/partners"): route(ADMIN, 200),
    ("POST", "/api/v1/admin/partners"): route(ADMIN, 201, body=lambda w: {
        "id": "matrix", "name": "Matrix", "origins": ["https://matrix.example"]}),
    ("GET", "/api/v1/admin/disclosures"): route(ADMIN, 200),
    ("POST", "/api/v1/admin/disclosures"): route(ADMIN, 201, body=lambda w: {
        "brand": "globird", "kind": "referral_fee", "amount": "30.00", "currency": "AUD"}),
    ("DELETE", "/api/v1/admin/disclosures/<disclosure_id>"): route(ADMIN, 204),
    ("POST", "/api/v1/admin/refresh/<source>"): route(ADMIN, 200),
    ("GET", "/api/v1/admin/runs"): route(ADMIN, 200),
    ("GET", "/api/v1/admin/quarantine"): route(ADMIN, 200),
}
# Advisors' own resources: another advisor's profile is a 404 like a missing one (tested with
# real profiles in test_profiles_access.py); here the sample ids exist for nobody.
ADVISOR, OWN = role(Role.ADVISOR), (200, 201, 204, 400, 404, 415, 422)
ACCESS |= {
    ("GET", "/api/v1/profiles"): route(ADVISOR, 200),
    ("POST", "/api/v1/profiles"): route(ADVISOR, *OWN),
    ("GET", "/api/v1/profiles/<profile_id>"): route(ADVISOR, 404),
    ("PATCH", "/api/v1/profiles/<profile_id>"): route(ADVISOR, 404, 422),
    ("DELETE", "/api/v1/profiles/<profile_id>"): route(ADVISOR, 404),
    ("POST", "/api/v1/profiles/<profile_id>/recheck"): route(ADVISOR, 404),
    ("GET", "/api/v1/profiles/<profile_id>/notifications"): route(ADVISOR, 404),
    ("GET", "/api/v1/webhook"): route(ADVISOR, 200, 404),
    ("PUT", "/api/v1/webhook"): route(ADVISOR, 200, 201, body=lambda w: {
        "url": "https://crm.example/hooks/advocate"}),
    ("DELETE", "/api/v1/webhook"): route(ADVISOR, 204, 404),
}
# Written alongside this table: their entries wait for them instead of failing.
IN_FLIGHT = {operation for operation in ACCESS if operation[1].startswith(
    ("/api/v1/profiles", "/api/v1/webhook"))}
NOT_ROUTES = {"static", "docs.docs_asset", "embed.static"}  # files, not operations
SAMPLES = {"offer_id": OFFER, "source": "cdr_energy", "partner_id": "demo", "partner": "demo"}


def plain(rule: str) -> str:
    """A rule without converters: /api/v1/offers/<path:offer_id> -> .../<offer_id>."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"<\1>", rule)


def operations(app) -> list[tuple[str, str]]:
    """(method, plain rule) of every operation the app serves."""
    return sorted((method, plain(rule.rule)) for rule in app.url_map.iter_rules()
                  if rule.endpoint not in NOT_ROUTES
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def classify(method: str, rule: str) -> Route | None:
    """The table's entry for an operation, or None when nobody said who may call it."""
    return ACCESS.get((method, rule))


SERVED = operations(create_app({"TESTING": True, "DATABASE_URL": "sqlite://"}))


def empty_market(request: httpx.Request) -> httpx.Response:
    """The real CDR Register, and the real empty plan list for every brand."""
    name = ("register/energy-data-holders-brands-summary.json"
            if request.url.path.endswith("/brands/summary")
            else "plan-list/040f7f80-c3b2-4a10-8e15-ebb9f324bad6.json")
    return httpx.Response(200, json=json.loads((FIXTURES / name).read_text()),
                          headers={"x-v": "1"})


@pytest.fixture(scope="module")
def world(samples_db_template, tmp_path_factory) -> dict:
    """One app on the real samples, a key of each kind, and ids for every route argument."""
    path = tmp_path_factory.mktemp("authorization") / "db.sqlite"
    shutil.copy(samples_db_template, path)
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}",
                      "HTTP_TRANSPORT": httpx.MockTransport(empty_market),
                      "RATE_LIMIT_ANONYMOUS": "1000 per minute"})
    with app.app_context(), transaction(engine()) as db:
        keys = {kind: create_key(db, role=kind, name=kind,
                                 partner_id="demo" if kind == "partner" else None)
                for kind in ("advisor", "partner", "admin")}
        revoked, victim = (create_key(db, role="admin", name=n) for n in ("revoked", "victim"))
        revoke_key(db, revoked.id)
        disclosure = record_disclosure(db, Disclosure(id=None, offer_id=OFFER, brand=None,
                                                      kind="commission"))
    client = app.test_client()
    answer = client.post("/api/v1/recommendations", json=REQUEST).get_json()
    headers = {kind: {"Authorization": f"Bearer {key.secret}"} for kind, key in keys.items()}
    headers |= {"anonymous": {}, "revoked": {"Authorization": f"Bearer {revoked.secret}"},
                "unknown": {"Authorization": f"Bearer adv_{secrets.token_urlsafe(32)}"}}
    yield {"client": client, "headers": headers, "export": client.get(
               f"/api/v1/recommendations/{answer['id']}/export").get_json(),
           "ids": {**SAMPLES, "recommendation_id": answer["id"], "key_id": victim.id,
                   "disclosure_id": disclosure.id,
                   "version": client.get("/api/v1/methodology").get_json()["version"]}}
    app.extensions[EXTENSION_KEY].dispose()


def _call(world: dict, method: str, rule: str, caller: str):
    path = re.sub(r"<([^<>]+)>", lambda m: str(world["ids"].get(m.group(1), "unknown")), rule)
    entry = classify(method, rule)
    body = entry.body(world) if entry.body else None
    return world["client"].open(path, method=method, json=body, headers=world["headers"][caller])


def _expected_refusal(access: Access, caller: str) -> int | None:
    """The status this caller must get, or None when it is allowed through."""
    if access.kind == "public":
        return None
    if caller in ("revoked", "unknown"):
        return 401
    if access.kind == "open":
        return None
    if caller == "anonymous":
        return 401
    return None if Role(caller) in access.roles else 403


def test_every_route_says_who_may_call_it():
    unclassified = [op for op in SERVED if classify(*op) is None]
    assert unclassified == [], "add these operations to ACCESS in test_authorization.py"


def test_every_entry_of_the_table_is_a_served_route():
    assert sorted(set(ACCESS) - set(SERVED) - IN_FLIGHT) == []


@pytest.mark.parametrize(("method", "rule"), SERVED, ids=[f"{m} {r}" for m, r in SERVED])
def test_each_caller_gets_what_its_role_allows(world, method, rule):
    entry = classify(method, rule)
    answers = {caller: _call(world, method, rule, caller) for caller in CALLERS}
    for caller, response in answers.items():
        refusal = _expected_refusal(entry.access, caller)
        if refusal is None:
            assert response.status_code in entry.ok, (caller, response.get_data(as_text=True))
        else:
            assert response.status_code == refusal, (caller, response.get_data(as_text=True))
            assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")
        if refusal == 401:
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    if entry.access.kind == "public":
        assert len({r.status_code for r in answers.values()}) == 1


def test_protected_operations_document_401_and_403(world):
    paths = world["client"].get("/openapi.json").get_json()["paths"]
    for method, rule in SERVED:
        if classify(method, rule).access.kind != "role":
            continue
        documented = paths[re.sub(r"<([^<>]+)>", r"{\1}", rule)][method.lower()]["responses"]
        assert {"401", "403"} <= set(documented), (method, rule)
