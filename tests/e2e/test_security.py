"""Security through the Flask client: keys (missing, malformed, unknown, revoked, stored only as
a hash), oversized bodies, personal data refused, and rate limits (per address, per key, per
app, shared through Redis)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import uuid
from pathlib import Path

import pytest
import redis
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel
from werkzeug.test import EnvironBuilder

from advocate import create_app
from advocate.services.access import create_key, revoke_key
from advocate.store.db import EXTENSION_KEY, engine, make_engine, transaction

NEM12 = Path(__file__).parents[1] / "fixtures" / "nem12" / "citipower_30min_year.csv"
REDIS_URL = os.environ.get("ADVOCATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ENERGY = {"category": "electricity", "usage": {"annual_kwh": 4000},
          "location": {"postcode": "3000", "distributor": "citipower"}}
HEALTH = {"category": "health", "location": {"state": "TX", "county_fips": "48113"},
          "household": {"members": [{"age": 40}, {"age": 38}]}}
PERSONAL = ("name", "email", "phone", "date_of_birth", "birth_date", "dob")
COUNTED = "/api/v1/recommendations/no-such-answer"  # rate-limited; every request counts


def _app(url: str, **config):
    return create_app({"TESTING": True, "DATABASE_URL": url, **config})


def _keys(app, *roles: str) -> list[str]:
    """Secrets of new keys of these roles ("revoked" is a revoked admin key)."""
    with app.app_context(), transaction(engine()) as db:
        made = [create_key(db, role="admin" if r == "revoked" else r, name=r) for r in roles]
        for role, key in zip(roles, made, strict=True):
            if role == "revoked":
                revoke_key(db, key.id)
    return [key.secret for key in made]


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    return body["error"]


# --- keys -------------------------------------------------------------------------------------

@pytest.fixture
def app(sqlite_url):
    app = _app(sqlite_url)
    yield app
    app.extensions[EXTENSION_KEY].dispose()


@pytest.mark.parametrize("header", [
    None, "Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer    ", "Token {key}", "{key}",
    "Bearer {key}x", "Bearer adv_" + "A" * 43, "Bearer {revoked}"])
def test_an_admin_endpoint_without_a_usable_key_is_a_401_with_a_bearer_challenge(app, header):
    key, revoked = _keys(app, "admin", "revoked")
    headers = {"Authorization": header.format(key=key, revoked=revoked)} if header else {}
    response = app.test_client().get("/api/v1/admin/keys", headers=headers)

    assert _error(response, 401)["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="advocate"'


@pytest.mark.parametrize("header", ["Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer {revoked}"])
def test_a_broken_key_on_an_open_endpoint_never_falls_back_to_anonymous(app, header):
    (revoked,) = _keys(app, "revoked")
    response = app.test_client().post("/api/v1/estimates", json=ENERGY, headers={
        "Authorization": header.format(revoked=revoked)})
    assert _error(response, 401)["code"] == "unauthorized"


def test_a_revoked_key_and_a_never_issued_one_get_the_same_answer(app):
    (revoked,) = _keys(app, "revoked")
    client = app.test_client()
    answers = [client.get("/api/v1/admin/keys", headers=_bearer(secret)).get_json()
               for secret in (revoked, "adv_" + secrets.token_urlsafe(32))]
    assert answers[0] == answers[1]  # no oracle telling which keys once existed


def test_the_scheme_is_case_insensitive(app):
    (key,) = _keys(app, "admin")
    response = app.test_client().get("/api/v1/admin/keys", headers={
        "Authorization": f"bearer {key}"})
    assert response.status_code == 200  # RFC 9110 11.1: auth schemes are case-insensitive


def test_the_role_is_checked_before_the_body_is_read(app):
    (advisor,) = _keys(app, "advisor")
    client = app.test_client()
    bad = {"role": "emperor"}
    assert client.post("/api/v1/admin/keys", json=bad).status_code == 401
    assert client.post("/api/v1/admin/keys", json=bad, headers=_bearer(advisor)).status_code == 403


def _stored(url: str) -> tuple[list[str], dict[int, dict]]:
    """Every cell of every table as text, and the api_key rows by id."""
    bind = make_engine(url)
    keys = SQLModel.metadata.tables["api_key"]
    with bind.connect() as conn:
        cells = [str(value) for table in SQLModel.metadata.sorted_tables
                 for row in conn.execute(sa_select(table)) for value in row]
        rows = {row["id"]: dict(row) for row in conn.execute(sa_select(keys)).mappings()}
    bind.dispose()
    return cells, rows


def test_a_key_is_stored_only_as_its_sha256(database_url):
    app = _app(database_url)
    (admin,) = _keys(app, "admin")
    created = app.test_client().post("/api/v1/admin/keys", headers=_bearer(admin), json={
        "role": "advisor", "name": "Jo"}).get_json()
    app.extensions[EXTENSION_KEY].dispose()
    secret, (cells, rows) = created["secret"], _stored(database_url)

    assert not any(secret in cell or secret[12:] in cell for cell in cells)
    assert rows[created["id"]]["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert rows[created["id"]]["key_prefix"] == secret[:12] == created["prefix"]
    if database_url.startswith("sqlite:///"):
        assert secret[12:].encode() not in Path(database_url[len("sqlite:///"):]).read_bytes()


# --- bodies -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/estimates", "/api/v1/recommendations",
                                  "/api/v1/exports/verify"])
def test_a_body_over_the_default_8_mib_is_a_413(app, path):
    body = json.dumps({**ENERGY, "padding": "x" * (8 * 1024 * 1024)})
    response = app.test_client().post(path, data=body, content_type="application/json")
    assert _error(response, 413)["code"] == "request_entity_too_large"


@pytest.mark.parametrize("path", ["/api/v1/admin/keys", "/api/v1/admin/partners",
                                  "/api/v1/admin/disclosures"])
def test_an_admin_body_over_the_limit_is_a_413(sqlite_url, path):
    app = _app(sqlite_url, MAX_CONTENT_LENGTH=4096)
    (admin,) = _keys(app, "admin")
    response = app.test_client().post(path, headers=_bearer(admin), json={
        "name": "n" * 5000})
    assert _error(response, 413)["code"] == "request_entity_too_large"


def test_a_meter_file_over_the_limit_is_a_413(sqlite_url):
    app = _app(sqlite_url, MAX_CONTENT_LENGTH=64 * 1024)
    assert NEM12.stat().st_size > 64 * 1024
    response = app.test_client().post("/api/v1/estimates", content_type="multipart/form-data",
                                      data={"nem12": (NEM12.open("rb"), "meter.csv"),
                                            "postcode": "3000"})
    assert _error(response, 413)["code"] == "request_entity_too_large"


def test_a_body_without_a_length_is_cut_at_the_limit(sqlite_url):
    """What a server hands on after de-chunking: no Content-Length, the stream terminated."""
    app = _app(sqlite_url, MAX_CONTENT_LENGTH=4096)
    body = json.dumps({**ENERGY, "padding": "x" * 5000}).encode()
    environ = EnvironBuilder(path="/api/v1/estimates", method="POST", input_stream=io.BytesIO(
        body), content_type="application/json").get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input_terminated"] = True
    assert _error(app.test_client().open(environ), 413)["code"] == "request_entity_too_large"


@pytest.mark.parametrize("path", ["/api/v1/estimates", "/api/v1/recommendations"])
@pytest.mark.parametrize("field", PERSONAL)
def test_personal_data_in_a_request_is_a_422_naming_the_field(app, path, field):
    client = app.test_client()
    top = client.post(path, json={**ENERGY, field: "Jo Citizen"})
    located = client.post(path, json={**ENERGY, "location": {**ENERGY["location"], field: "x"}})
    member = client.post(path, json={**HEALTH, "household": {"members": [
        {"age": 40}, {"age": 38, field: "1987-02-03"}]}})

    assert field in _error(top, 422)["details"]["fields"]
    assert f"location.{field}" in _error(located, 422)["details"]["fields"]
    assert f"household.members.1.{field}" in _error(member, 422)["details"]["fields"]


@pytest.mark.parametrize("field", PERSONAL)
def test_personal_data_beside_a_meter_file_is_a_422_naming_the_field(app, field):
    response = app.test_client().post("/api/v1/estimates", content_type="multipart/form-data",
                                      data={"nem12": (NEM12.open("rb"), "meter.csv"),
                                            "postcode": "3000", field: "Jo Citizen"})
    assert field in _error(response, 422)["details"]["fields"]


# --- rate limits ------------------------------------------------------------------------------

@pytest.fixture
def limited_app(sqlite_url):
    app = _app(sqlite_url, RATE_LIMIT_ANONYMOUS="3 per minute", RATE_LIMIT_KEYED="5 per minute")
    yield app
    app.extensions[EXTENSION_KEY].dispose()


def _statuses(client, count: int, **kwargs) -> list[int]:
    return [client.get(COUNTED, **kwargs).status_code for _ in range(count)]


def test_the_fourth_anonymous_request_is_a_429_with_retry_after(limited_app):
    client = limited_app.test_client()
    assert _statuses(client, 3) == [404, 404, 404]
    response = client.get(COUNTED)

    assert _error(response, 429)["code"] == "too_many_requests"
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_anonymous_callers_are_counted_per_client_address(limited_app):
    client = limited_app.test_client()
    first, second = ({"environ_base": {"REMOTE_ADDR": a}} for a in ("192.0.2.1", "192.0.2.2"))
    assert _statuses(client, 4, **first) == [404, 404, 404, 429]
    assert _statuses(client, 1, **second) == [404]


def test_an_anonymous_flood_does_not_throttle_a_keyed_caller(limited_app):
    (advisor,) = _keys(limited_app, "advisor")
    client = limited_app.test_client()
    assert _statuses(client, 4) == [404, 404, 404, 429]
    response = client.get(COUNTED, headers=_bearer(advisor))

    assert response.status_code == 404 and response.headers["X-RateLimit-Limit"] == "5"


def test_a_keyed_caller_is_counted_against_its_own_key(limited_app):
    first, second = _keys(limited_app, "advisor", "admin")
    client = limited_app.test_client()
    assert _statuses(client, 6, headers=_bearer(first)) == [404] * 5 + [429]
    assert _statuses(client, 1, headers=_bearer(second)) == [404]
    assert _statuses(client, 1) == [404]  # the same address, anonymous


def test_two_apps_in_one_process_keep_their_own_counts(sqlite_url, tmp_path):
    apps = [_app(sqlite_url, RATE_LIMIT_ANONYMOUS="3 per minute") for _ in range(2)]
    assert _statuses(apps[0].test_client(), 4) == [404, 404, 404, 429]
    assert _statuses(apps[1].test_client(), 1) == [404]


@pytest.fixture
def redis_prefix():
    """A key prefix of its own on the test Redis, deleted afterwards; skip without Redis."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    prefix = f"advocate-test-{uuid.uuid4().hex}"
    yield prefix
    for key in client.scan_iter(match=f"*{prefix}*"):
        client.delete(key)
    client.close()


def test_two_app_instances_share_one_count_through_redis(sqlite_url, redis_prefix):
    config = {"RATE_LIMIT_ANONYMOUS": "3 per minute", "RATELIMIT_STORAGE_URI": REDIS_URL,
              "RATELIMIT_KEY_PREFIX": redis_prefix}
    first, second = (_app(sqlite_url, **config).test_client() for _ in range(2))

    assert _statuses(first, 2) + _statuses(second, 1) == [404, 404, 404]
    assert _error(second.get(COUNTED), 429)["code"] == "too_many_requests"
    assert _statuses(first, 1) == [429]
    stored = redis.Redis.from_url(REDIS_URL)
    assert list(stored.scan_iter(match=f"*{redis_prefix}*"))  # the count lives in Redis
    stored.close()
