"""The API shell through the Flask client: health, docs, offers, and one error shape."""

from __future__ import annotations

import pytest


def _error(response) -> dict:
    assert response.is_json, response.get_data(as_text=True)[:200]
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def test_health_reports_the_database_reachable(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json()["db"] == "ok"


def test_the_docs_page_uses_only_local_assets(client):
    page = client.get("/docs").get_data(as_text=True)
    assert "/docs/assets/swagger-ui-bundle.js" in page and "https://" not in page
    with client.get("/docs/assets/swagger-ui-bundle.js") as asset:
        assert asset.status_code == 200 and len(asset.data) > 100_000


def test_the_openapi_document_lists_the_offers_operations(client):
    document = client.get("/openapi.json").get_json()
    assert document["openapi"].startswith("3.0")
    assert {"/api/v1/offers", "/api/v1/offers/{offer_id}", "/health"} <= set(document["paths"])


@pytest.mark.parametrize(("query", "field"), [
    ("page=zero", "page"),
    ("page=0", "page"),
    ("page_size=100000", "page_size"),
    ("page_size=-5", "page_size"),
    ("category=spaceships", "category"),
    ("postcode=30000", "postcode"),
    ("zip=abc", "zip"),
    ("region=not a key", "region"),
    ("colour=blue", "colour"),
])
def test_a_bad_offers_filter_is_a_422_naming_the_field(client, query, field):
    response = client.get(f"/api/v1/offers?{query}")
    assert response.status_code == 422
    assert field in _error(response)["details"]["fields"]


def test_an_unknown_offer_is_a_json_404(client):
    response = client.get("/api/v1/offers/cdr_energy:NOPE")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_an_unknown_route_is_a_json_404_never_html(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and _error(response)["code"] == "not_found"


def test_a_wrong_method_is_a_json_405(client):
    response = client.delete("/api/v1/offers")
    assert response.status_code == 405 and _error(response)["code"] == "method_not_allowed"


def test_an_empty_database_lists_no_offers_with_paging_links(client):
    body = client.get("/api/v1/offers?page_size=10").get_json()
    assert body["data"] == [] and body["meta"]["total"] == 0
    assert body["links"]["next"] is None and body["links"]["self"].endswith("page=1")
