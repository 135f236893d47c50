"""Who may call the profile and webhook endpoints: anonymous 401, partner and admin 403,
another advisor 404 (a profile's existence is not disclosed), the owner 2xx."""

from __future__ import annotations

import pytest

from tests.e2e.test_profiles import ENERGY, create, keys_for

PROFILE_CALLS = {
    "get": ("GET", "", None, 200),
    "patch": ("PATCH", "", {"label": "renamed"}, 200),
    "recheck": ("POST", "/recheck", None, 201),
    "notifications": ("GET", "/notifications", None, 200),
    "delete": ("DELETE", "", None, 200),
}
HOOK = {"url": "https://crm.example.com/hooks/advocate"}


@pytest.fixture
def world(loaded_app, loaded_client):
    keys = keys_for(loaded_app)
    profile = create(loaded_client, keys["advisor"])
    return {"client": loaded_client, "keys": keys | {"anonymous": {}},
            "url": profile["links"]["self"]}


def _call(world, caller, method, path, body=None):
    return world["client"].open(path, method=method, json=body,
                                headers=world["keys"][caller])


@pytest.mark.parametrize("operation", sorted(PROFILE_CALLS))
def test_a_profile_answers_its_owner_and_nobody_else(world, operation):
    method, suffix, body, ok = PROFILE_CALLS[operation]
    path = world["url"] + suffix
    expected = {"anonymous": 401, "partner": 403, "admin": 403, "other_advisor": 404}
    for caller, status in expected.items():
        answer = _call(world, caller, method, path, body)
        assert answer.status_code == status, (caller, answer.get_json())
        code = answer.get_json()["error"]["code"]
        assert code == {401: "unauthorized", 403: "forbidden", 404: "not_found"}[status]
    assert _call(world, "advisor", method, path, body).status_code == ok


def test_another_advisors_profile_looks_exactly_like_one_that_does_not_exist(world):
    theirs = _call(world, "other_advisor", "GET", world["url"]).get_json()
    missing = _call(world, "other_advisor", "GET", "/api/v1/profiles/" + "0" * 32).get_json()
    assert theirs["error"]["code"] == missing["error"]["code"] == "not_found"
    assert set(theirs["error"]) == set(missing["error"])


@pytest.mark.parametrize(("method", "path", "body", "ok"), [
    ("GET", "/api/v1/profiles", None, 200),
    ("POST", "/api/v1/profiles", ENERGY, 201),
    ("PUT", "/api/v1/webhook", HOOK, 200),
])
def test_collection_endpoints_are_for_advisors_only(world, method, path, body, ok):
    for caller, status in {"anonymous": 401, "partner": 403, "admin": 403}.items():
        assert _call(world, caller, method, path, body).status_code == status, caller
    assert _call(world, "advisor", method, path, body).status_code == ok


def test_each_advisor_sees_and_removes_only_their_own_webhook(world):
    assert _call(world, "advisor", "PUT", "/api/v1/webhook", HOOK).status_code == 200
    for caller, status in {"anonymous": 401, "partner": 403, "admin": 403,
                           "other_advisor": 404}.items():
        assert _call(world, caller, "GET", "/api/v1/webhook").status_code == status, caller
        assert _call(world, caller, "DELETE", "/api/v1/webhook").status_code == status, caller
    assert _call(world, "advisor", "GET", "/api/v1/webhook").status_code == 200
    assert _call(world, "advisor", "DELETE", "/api/v1/webhook").status_code == 204
    assert _call(world, "advisor", "GET", "/api/v1/webhook").status_code == 404


def test_the_role_is_checked_before_the_body_is_read(world):
    answer = _call(world, "partner", "POST", "/api/v1/profiles", {"email": "a@b.example"})
    assert answer.status_code == 403
    assert _call(world, "anonymous", "PATCH", world["url"], {"x": 1}).status_code == 401
