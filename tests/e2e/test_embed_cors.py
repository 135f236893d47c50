"""CORS on POST /api/v1/recommendations and /api/v1/estimates: a partner's registered origin
may read the answer (and the questions the API asks); any other origin gets no CORS headers."""

from __future__ import annotations

import pytest

from advocate.services.access import upsert_partner
from advocate.store.db import session

CBD_4000 = {"category": "electricity", "location": {"postcode": "3000",
            "distributor": "citipower"}, "usage": {"annual_kwh": 4000}}
DEMO_ORIGIN = "http://localhost:8080"  # the demo partner's origin in the bundled samples
SHOP_ORIGIN = "https://shop.example.com"


@pytest.fixture
def client(loaded_app):
    """The samples app with a second partner, `shop`, registered at SHOP_ORIGIN."""
    with loaded_app.app_context():
        db = session()
        upsert_partner(db, partner_id="shop", name="Shop", brands=["Origin Energy"],
                       origins=[SHOP_ORIGIN + "/"])
        db.commit()
    return loaded_app.test_client()


def _cors(response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items()
            if name.lower().startswith("access-control-")}


def _preflight(client, path: str, origin: str):
    return client.options(path, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})


def test_the_partners_origin_may_read_the_recommendation_it_asked_for(client):
    response = client.post("/api/v1/recommendations", json={**CBD_4000, "partner": "demo"},
                           headers={"Origin": DEMO_ORIGIN})
    assert response.status_code == 201
    assert _cors(response) == {"Access-Control-Allow-Origin": DEMO_ORIGIN}
    assert "Origin" in response.headers["Vary"]


@pytest.mark.parametrize(("origin", "partner"), [
    ("https://evil.example", "demo"),  # an origin nobody registered
    ("http://127.0.0.1:8080", "demo"),  # localhost and 127.0.0.1 are different origins
    (SHOP_ORIGIN, "demo"),  # registered, but by another partner than the one named
    (DEMO_ORIGIN, None),  # a request that names no partner is not a partner's request
    (DEMO_ORIGIN, "nobody"),  # an unknown partner (the API refuses it with 422)
])
def test_any_other_origin_or_partner_gets_no_cors_headers(client, origin, partner):
    body = {**CBD_4000, **({"partner": partner} if partner else {})}
    response = client.post("/api/v1/recommendations", json=body, headers={"Origin": origin})
    assert response.status_code in (201, 422)
    assert _cors(response) == {}
    assert "Origin" in response.headers["Vary"]


def test_the_question_the_api_asks_is_readable_by_the_partners_page(client):
    body = {**CBD_4000, "location": {"postcode": "3000"}, "partner": "shop"}
    response = client.post("/api/v1/recommendations", json=body,
                           headers={"Origin": SHOP_ORIGIN})
    assert response.status_code == 422
    assert response.get_json()["error"]["details"]["candidates"][0] == "citipower"
    assert _cors(response) == {"Access-Control-Allow-Origin": SHOP_ORIGIN}


def test_estimates_name_the_partner_in_the_query_string(client):
    named = client.post("/api/v1/estimates?partner=shop", json=CBD_4000,
                        headers={"Origin": SHOP_ORIGIN})
    assert named.status_code == 200
    assert _cors(named) == {"Access-Control-Allow-Origin": SHOP_ORIGIN}
    unnamed = client.post("/api/v1/estimates", json=CBD_4000, headers={"Origin": SHOP_ORIGIN})
    assert unnamed.status_code == 200 and _cors(unnamed) == {}


@pytest.mark.parametrize("path", ["/api/v1/recommendations", "/api/v1/estimates",
                                  "/api/v1/estimates?partner=shop"])
def test_a_preflight_from_a_registered_origin_allows_a_json_post_and_nothing_more(
        client, path):
    response = _preflight(client, path, SHOP_ORIGIN)
    assert response.status_code == 204 and response.get_data() == b""
    assert _cors(response) == {
        "Access-Control-Allow-Origin": SHOP_ORIGIN,
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
    }
    assert "Origin" in response.headers["Vary"]


@pytest.mark.parametrize(("path", "origin"), [
    ("/api/v1/recommendations", "https://evil.example"),
    ("/api/v1/estimates?partner=demo", SHOP_ORIGIN),  # shop's origin, demo named
    ("/api/v1/offers", SHOP_ORIGIN),  # only the two customer endpoints take part
])
def test_a_preflight_from_any_other_origin_or_path_gets_no_cors_headers(client, path, origin):
    response = _preflight(client, path, origin)
    assert _cors(response) == {}


def test_a_request_without_an_origin_is_answered_as_before(client):
    response = client.post("/api/v1/recommendations", json={**CBD_4000, "partner": "demo"})
    assert response.status_code == 201 and _cors(response) == {}
