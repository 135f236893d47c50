"""GET /embed/<partner> through the Flask client: the page, its Content-Security-Policy per
partner, 404 for an unknown partner, and that no setting can shorten the ranked list."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from advocate.services.access import upsert_partner
from advocate.store.access_tables import PartnerRow
from advocate.store.db import session
from advocate.web.embed import normalise_origin

CBD_4000 = {"category": "electricity", "location": {"postcode": "3000",
            "distributor": "citipower"}, "usage": {"annual_kwh": 4000}}


def _partner(app, partner_id: str, *, brands: list[str], origins: list[str],
             name: str = "Test partner") -> None:
    with app.app_context():
        db = session()
        upsert_partner(db, partner_id=partner_id, name=name, brands=brands, origins=origins)
        db.commit()


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in header.split("; ")}


class _Page(HTMLParser):
    """What the page's CSP has to allow: scripts, styles, event handlers, data- attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.inline: list[str] = []
        self.widget: dict = {}
        self.checked: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = True
        if tag == "style" or "style" in attributes:
            self.inline.append(f"style on <{tag}>")
        self.inline += [f"{name} on <{tag}>" for name in attributes if name.startswith("on")]
        if attributes.get("id") == "advocate-widget":
            self.widget = attributes
        if tag == "input" and "checked" in attributes:
            self.checked.append(f"{attributes['name']}={attributes['value']}")

    def handle_endtag(self, tag):
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append("inline script")


def _parsed(response) -> _Page:
    page = _Page()
    page.feed(response.get_data(as_text=True))
    return page


def test_the_demo_page_may_be_framed_only_by_its_registered_origin_and_itself(loaded_client):
    response = loaded_client.get("/embed/demo")
    assert response.status_code == 200 and response.mimetype == "text/html"
    policy = _policy(response)
    assert policy["frame-ancestors"] == "'self' http://localhost:8080"
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["connect-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "X-Frame-Options" not in response.headers  # frame-ancestors is the one rule
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_page_has_no_inline_script_or_style_and_carries_its_settings_in_data_attributes(
        loaded_client):
    page = _parsed(loaded_client.get("/embed/demo"))
    assert page.inline == []
    assert [s["src"] for s in page.scripts] == ["/embed/static/embed.js"]
    assert page.widget["data-partner"] == "demo"
    assert page.widget["data-api"] == "/api/v1/recommendations"
    assert page.widget["data-methodology"] == "/api/v1/methodology"
    for asset, kind in (("embed.js", "javascript"), ("embed.css", "css"),
                        ("loader.js", "javascript")):
        with loaded_client.get(f"/embed/static/{asset}") as response:
            assert response.status_code == 200 and kind in response.mimetype


def test_each_partner_gets_its_own_origins_and_malformed_ones_never_reach_the_policy(
        loaded_app, loaded_client):
    _partner(loaded_app, "shop", brands=["Origin Energy"], origins=[
        "HTTPS://Shop.Example.COM:443/", "https://shop.example.com:8443",
        "https://evil.example; script-src *", "https://*.example.com", "javascript:alert(1)"])
    _partner(loaded_app, "closed", brands=[], origins=[])
    assert _policy(loaded_client.get("/embed/shop"))["frame-ancestors"] == (
        "'self' https://shop.example.com https://shop.example.com:8443")
    assert _policy(loaded_client.get("/embed/closed"))["frame-ancestors"] == "'self'"
    assert _policy(loaded_client.get("/embed/demo"))["frame-ancestors"] == (
        "'self' http://localhost:8080")


@pytest.mark.parametrize(("given", "origin"), [
    ("http://localhost:8080", "http://localhost:8080"),
    ("http://localhost:8080/", "http://localhost:8080"),
    ("https://Example.org:443", "https://example.org"),
    ("http://127.0.0.1:80", "http://127.0.0.1"),
    ("http://[::1]:5000", "http://[::1]:5000"),
    ("http://localhost:8080/shop", None),
    ("https://user@example.org", None),
    ("ftp://example.org", None),
    ("https://exa mple.org", None),
    ("https://example.org:99999", None),
    ("null", None),
    (None, None),
])
def test_an_origin_is_normalised_as_browsers_send_it_or_refused(given, origin):
    assert normalise_origin(given) == origin


@pytest.mark.parametrize("path", ["/embed/nobody", "/embed/Demo", "/embed/-x", "/embed/demo%0A"])
def test_an_unknown_partner_is_a_404_in_the_apps_error_shape(loaded_client, path):
    response = loaded_client.get(path)
    assert response.status_code == 404 and response.is_json
    error = response.get_json()["error"]
    assert error["code"] == "not_found" and "partner" in error["details"]["fields"]
    assert "Content-Security-Policy" not in response.headers


def test_a_partners_name_is_escaped_in_the_page(loaded_app, loaded_client):
    _partner(loaded_app, "quotes", brands=[], origins=[], name='Tom\'s "Best" <b>Energy</b>')
    text = loaded_client.get("/embed/quotes").get_data(as_text=True)
    assert "<b>Energy</b>" not in text and "&lt;b&gt;Energy&lt;/b&gt;" in text
    assert _parsed(loaded_client.get("/embed/quotes")).widget["data-partner-name"] == (
        'Tom\'s "Best" <b>Energy</b>')


def test_the_query_string_changes_nothing_but_the_preselected_category(loaded_client):
    plain = loaded_client.get("/embed/demo").get_data(as_text=True)
    tried = loaded_client.get("/embed/demo?limit=1&hide_competitors=1&brands=GloBird+Energy"
                              "&partner=other&only_own=true").get_data(as_text=True)
    assert tried == plain
    assert _parsed(loaded_client.get("/embed/demo")).checked == [
        "category=electricity", "usage-form=annual"]
    assert _parsed(loaded_client.get("/embed/demo?category=health")).checked == [
        "category=health", "usage-form=annual"]


def test_no_partner_setting_can_shorten_or_reorder_the_ranked_list(loaded_app, loaded_client):
    # a partner table with nothing but identity, own brands and origins: no "hide" switch
    assert set(PartnerRow.model_fields) == {"id", "name", "brands", "origins", "created_at"}
    _partner(loaded_app, "greedy", brands=["GloBird Energy", "Origin Energy"],
             origins=["https://greedy.example"])

    def ranked(**extra) -> list[tuple[int, str]]:
        response = loaded_client.post("/api/v1/recommendations?page_size=200",
                                      json={**CBD_4000, "limit": 20, **extra})
        assert response.status_code == 201, response.get_json()
        answer = response.get_json()
        assert answer["offers_page"]["total"] == answer["coverage"]["offers_ranked"] == 15
        return [(o["rank"], o["offer_id"]) for o in answer["offers"]]

    everyone = ranked()
    assert len(everyone) == 15
    assert ranked(partner="demo") == ranked(partner="greedy") == everyone
