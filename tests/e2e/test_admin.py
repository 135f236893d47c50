"""Admin endpoints for keys, partners and disclosures, through the Flask client, on SQLite and
PostgreSQL. The offer disclosed on is a real CDR plan (GloBird GLO591394MR@VEC)."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocate import create_app
from advocate.services.access import create_key
from advocate.services.refresh import import_files
from advocate.store.db import EXTENSION_KEY, make_engine, transaction
from providers import get_adapter

PLAN = next((Path(__file__).parents[1] / "fixtures" / "cdr_energy").glob(
    "plan-detail/*/GLO591394MR@VEC.json"))
OFFER = "cdr_energy:GLO591394MR@VEC"


@pytest.fixture
def client(database_url):
    bind = make_engine(database_url)
    import_files(bind, get_adapter("cdr_energy"), [PLAN])
    bind.dispose()
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    yield app.test_client()
    app.extensions[EXTENSION_KEY].dispose()


@pytest.fixture
def admin(database_url) -> dict[str, str]:
    bind = make_engine(database_url)
    with transaction(bind) as db:
        key = create_key(db, role="admin", name="ops")
    bind.dispose()
    return _bearer(key.secret)


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _fields(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.get_json()
    return response.get_json()["error"]["details"]["fields"]


# --- keys -------------------------------------------------------------------------------------

def test_a_new_key_shows_its_secret_once_and_works_at_once(client, admin):
    created = client.post("/api/v1/admin/keys", json={"role": "admin", "name": "Sam"},
                          headers=admin)
    listed = client.get("/api/v1/admin/keys", headers=_bearer(created.get_json()["secret"]))

    assert created.status_code == 201 and listed.status_code == 200
    assert created.headers["Cache-Control"] == "no-store"
    secret = created.get_json()["secret"]
    assert secret.startswith(created.get_json()["prefix"]) and len(secret) >= 40
    assert secret not in listed.get_data(as_text=True)
    sam = next(key for key in listed.get_json()["data"] if key["name"] == "Sam")
    assert set(sam) == {"id", "name", "role", "prefix", "partner", "created", "revoked"}
    assert (sam["role"], sam["revoked"], sam["partner"]) == ("admin", None, None)


def test_a_revoked_key_answers_401_from_then_on_and_keeps_its_first_revocation(client, admin):
    key = client.post("/api/v1/admin/keys", json={"role": "admin", "name": "temp"},
                      headers=admin).get_json()
    first = client.delete(f"/api/v1/admin/keys/{key['id']}", headers=admin)
    again = client.delete(f"/api/v1/admin/keys/{key['id']}", headers=admin)

    assert first.status_code == 200 and first.get_json()["revoked"]
    assert again.get_json()["revoked"] == first.get_json()["revoked"]
    assert client.get("/api/v1/admin/keys", headers=_bearer(key["secret"])).status_code == 401


def test_revoking_an_unknown_key_is_a_404(client, admin):
    response = client.delete("/api/v1/admin/keys/987654", headers=admin)
    assert response.status_code == 404
    assert "key_id" in response.get_json()["error"]["details"]["fields"]


def test_a_partner_key_needs_an_existing_partner(client, admin):
    missing = client.post("/api/v1/admin/keys", json={"role": "partner", "name": "Acme site",
                                                      "partner": "acme"}, headers=admin)
    client.post("/api/v1/admin/partners", json={"id": "acme", "name": "Acme"}, headers=admin)
    created = client.post("/api/v1/admin/keys", json={"role": "partner", "name": "Acme site",
                                                      "partner": "acme"}, headers=admin)

    assert "partner" in _fields(missing)
    assert created.status_code == 201 and created.get_json()["partner"] == "acme"


@pytest.mark.parametrize(("body", "field"), [
    ({"role": "root", "name": "x"}, "role"),
    ({"name": "x"}, "role"),
    ({"role": "advisor"}, "name"),
    ({"role": "advisor", "name": ""}, "name"),
    ({"role": "advisor", "name": "x", "partner": "Not An Id"}, "partner"),
    ({"role": "advisor", "name": "x", "secret": "mine"}, "secret"),
])
def test_a_bad_key_request_is_a_422_naming_the_field(client, admin, body, field):
    assert field in _fields(client.post("/api/v1/admin/keys", json=body, headers=admin))


# --- partners ---------------------------------------------------------------------------------

def test_a_partner_is_created_then_replaced(client, admin):
    body = {"id": "acme", "name": "Acme", "brands": ["globird"],
            "origins": ["https://acme.example"]}
    created = client.post("/api/v1/admin/partners", json=body, headers=admin)
    replaced = client.post("/api/v1/admin/partners", json={**body, "brands": []},
                           headers=admin)
    listed = client.get("/api/v1/admin/partners", headers=admin).get_json()["data"]

    assert (created.status_code, replaced.status_code) == (201, 200)
    assert created.get_json()["brands"] == ["globird"]
    assert [(p["id"], p["brands"], p["origins"]) for p in listed] == [
        ("acme", [], ["https://acme.example"])]


@pytest.mark.parametrize(("given", "kept"), [
    ("HTTPS://Partner.Example", "https://partner.example"),
    ("https://partner.example:443", "https://partner.example"),  # the default port is implied
    ("http://partner.example:80", "http://partner.example"),
    ("https://partner.example:8443", "https://partner.example:8443"),
    ("http://localhost:8080", "http://localhost:8080"),
    ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
])
def test_origins_are_kept_as_browsers_send_them(client, admin, given, kept):
    response = client.post("/api/v1/admin/partners", json={
        "id": "acme", "name": "Acme", "origins": [given]}, headers=admin)
    assert response.status_code == 201 and response.get_json()["origins"] == [kept]


@pytest.mark.parametrize("origin", [
    "https://partner.example/", "https://partner.example/embed", "https://partner.example?x=1",
    "https://partner.example#top", "ftp://partner.example", "partner.example", "//partner.example",
    "https://user:pw@partner.example", "https://partner.example:0", "https://partner.example:70000",
    "https://partner..example", "https://part ner.example", "https://-partner.example", "",
    "https://partner.example\n", " https://partner.example", "https://bücher.example",
    "http://[::1]:5000", "http://[zz]", "https://*.partner.example", "https://a.example;b",
])
def test_an_origin_with_a_path_or_another_shape_is_refused(client, admin, origin):
    response = client.post("/api/v1/admin/partners", json={
        "id": "acme", "name": "Acme", "origins": ["https://ok.example", origin]}, headers=admin)
    assert "origins.1" in _fields(response)


@pytest.mark.parametrize("partner_id", ["Acme", "acme site", "-acme", "a" * 65, ""])
def test_a_partner_id_is_lowercase_letters_digits_and_dashes(client, admin, partner_id):
    response = client.post("/api/v1/admin/partners", json={"id": partner_id, "name": "Acme"},
                           headers=admin)
    assert "id" in _fields(response)


# --- disclosures ------------------------------------------------------------------------------

COMMISSION = {"offer_id": OFFER, "kind": "commission", "amount": "120.00", "currency": "AUD",
              "basis": "per sale", "note": "paid by the retailer on switching"}


def test_a_disclosure_on_a_stored_offer_is_recorded_and_shown_with_the_offer(client, admin):
    response = client.post("/api/v1/admin/disclosures", json=COMMISSION, headers=admin)
    offer = client.get(f"/api/v1/offers/{OFFER}").get_json()

    assert response.status_code == 201
    recorded = response.get_json()
    assert {k: recorded[k] for k in COMMISSION} == COMMISSION and recorded["brand"] is None
    assert [(d["kind"], d["amount"], d["currency"]) for d in offer["disclosures"]] == [
        ("commission", "120.00", "AUD")]


def test_a_disclosure_on_an_unknown_offer_is_a_422_naming_it(client, admin):
    response = client.post("/api/v1/admin/disclosures", headers=admin,
                           json={**COMMISSION, "offer_id": "cdr_energy:NOPE@VEC"})
    assert _fields(response) == {"offer_id": ["No offer with id 'cdr_energy:NOPE@VEC'."]}


def test_the_same_kind_on_the_same_offer_replaces_the_first(client, admin):
    first = client.post("/api/v1/admin/disclosures", json=COMMISSION, headers=admin)
    second = client.post("/api/v1/admin/disclosures", json={**COMMISSION, "amount": "95.5"},
                         headers=admin)
    listed = client.get(f"/api/v1/admin/disclosures?offer_id={OFFER}", headers=admin).get_json()

    assert (first.status_code, second.status_code) == (201, 200)
    assert [d["amount"] for d in listed["data"]] == ["95.50"] and listed["meta"]["total"] == 1


def test_a_brand_wide_disclosure_is_listed_by_brand_and_deleted_once(client, admin):
    body = {"brand": "globird", "kind": "sponsorship", "basis": "banner on the partner site"}
    recorded = client.post("/api/v1/admin/disclosures", json=body, headers=admin).get_json()
    listed = client.get("/api/v1/admin/disclosures?brand=globird", headers=admin).get_json()
    deleted = client.delete(f"/api/v1/admin/disclosures/{recorded['id']}", headers=admin)
    again = client.delete(f"/api/v1/admin/disclosures/{recorded['id']}", headers=admin)

    assert [(d["kind"], d["amount"], d["offer_id"]) for d in listed["data"]] == [
        ("sponsorship", None, None)]
    assert deleted.status_code == 204 and deleted.data == b""
    assert again.status_code == 404
    assert client.get("/api/v1/admin/disclosures", headers=admin).get_json()["data"] == []


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "bribe"}, "kind"),
    ({"amount": "-1.00"}, "amount"),
    ({"amount": "1.234"}, "amount"),
    ({"amount": "12,50"}, "amount"),
    ({"amount": "NaN"}, "amount"),
    ({"amount": 120}, "amount"),
    ({"amount": "1" * 13}, "amount"),
    ({"currency": "aud"}, "currency"),
    ({"currency": "AUDD"}, "currency"),
    ({"currency": None}, "currency"),
    ({"brand": "globird"}, "offer_id"),
    ({"offer_id": None}, "offer_id"),
    ({"note": "n" * 2001}, "note"),
])
def test_a_bad_disclosure_is_a_422_naming_the_field(client, admin, change, field):
    body = {k: v for k, v in {**COMMISSION, **change}.items() if v is not None}
    assert field in _fields(client.post("/api/v1/admin/disclosures", json=body, headers=admin))


@pytest.mark.parametrize(("method", "path", "body", "field"), [
    ("POST", "/api/v1/admin/keys", {"role": "advisor", "name": "Jo\x00"}, "name"),
    ("POST", "/api/v1/admin/partners", {"id": "acme", "name": "Acme", "brands": ["a\x00"]},
     "brands.0"),
    ("POST", "/api/v1/admin/disclosures", {**COMMISSION, "offer_id": f"{OFFER}\x00"}, "offer_id"),
    ("POST", "/api/v1/admin/disclosures", {**COMMISSION, "note": "bell\x07"}, "note"),
    ("GET", "/api/v1/admin/disclosures?brand=glo%00bird", None, "brand"),
    ("GET", "/api/v1/admin/runs?source=cdr%00energy", None, "source"),
])
def test_a_control_character_is_a_422_never_a_database_error(client, admin, method, path,
                                                              body, field):
    """PostgreSQL text cannot hold NUL: the request must be refused before it gets there."""
    response = client.open(path, method=method, json=body, headers=admin)
    assert field in _fields(response)


def test_a_note_keeps_its_line_breaks(client, admin):
    note = "paid on switching\nclawed back if the customer leaves within 90 days"
    response = client.post("/api/v1/admin/disclosures", json={**COMMISSION, "note": note},
                           headers=admin)
    assert response.status_code == 201 and response.get_json()["note"] == note
