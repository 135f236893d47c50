"""Client profiles through the API on the real samples: consent required, identity refused,
priced at creation, paged, patched, and erased on delete (read back from the database)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from advocate.services.access import create_key
from advocate.store.advice_tables import NotificationRow, ProfileRow, RecommendationRow
from advocate.store.db import engine, session, transaction

CURRENT = "cdr_energy:GLO591414MR@VEC"  # GloBird GLOSAVE Two Rate, citipower: #15 of 15
CONSENT = {"text_version": "2026-01", "given_at": "2026-11-01T10:00:00+11:00",
           "method": "verbal"}
ENERGY = {"category": "electricity",
          "location": {"postcode": "3000", "distributor": "citipower"},
          "usage": {"annual_kwh": 4000}, "conditions": ["PAY_ON_TIME"],
          "priorities": ["cost", "certainty"], "current_offer_id": CURRENT,
          "label": "Unit 4 review", "notify_threshold": 50, "consent": CONSENT}
HEALTH = {"category": "health", "location": {"state": "TX", "county_fips": "48113"},
          "household": {"members": [{"age": 40}, {"age": 38}, {"age": 8}], "income": 30000},
          "label": "Dallas family", "consent": {**CONSENT, "method": "written"}}


def keys_for(app) -> dict[str, dict[str, str]]:
    """Bearer headers of two advisors, a partner and an admin."""
    with app.app_context(), transaction(engine()) as db:
        made = {"advisor": create_key(db, role="advisor", name="Ada"),
                "other_advisor": create_key(db, role="advisor", name="Bea"),
                "partner": create_key(db, role="partner", name="Demo", partner_id="demo"),
                "admin": create_key(db, role="admin", name="ops")}
    return {name: {"Authorization": f"Bearer {key.secret}"} for name, key in made.items()}


def create(client, headers, body=ENERGY) -> dict:
    response = client.post("/api/v1/profiles", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def refused(client, headers, body) -> dict[str, list[str]]:
    response = client.post("/api/v1/profiles", json=body, headers=headers)
    assert response.status_code == 422, response.get_json()
    return response.get_json()["error"]["details"]["fields"]


@pytest.fixture
def keys(loaded_app):
    return keys_for(loaded_app)


def test_a_profile_is_priced_once_at_creation_and_shows_where_the_client_stands(
        loaded_client, keys):
    profile = create(loaded_client, keys["advisor"])
    latest = profile["latest_recommendation"]
    assert latest["top_pick"]["offer_id"] == "cdr_energy:ARC577331MR@VEC"
    # 1560.35 (current) - 1221.61 (top pick) = 338.74 a year
    assert latest["current_offer"]["top_pick_saves_per_year"] == "338.74"
    assert latest["current_offer"]["rank"] == 15
    assert profile["notify_threshold"] == "50.00"
    assert profile["consent"] == {"text_version": "2026-01", "method": "verbal",
                                  "given_at": "2026-10-31T23:00:00+00:00"}
    assert profile["needs"]["location"] == {"postcode": "3000", "distributor": "citipower"}
    assert "label" not in profile["needs"] and "consent" not in profile["needs"]
    shown = loaded_client.get(profile["links"]["latest_recommendation"]).get_json()
    assert shown["current_offer"]["offer_id"] == CURRENT


def test_a_health_profile_keeps_ages_and_is_priced_on_the_dallas_plans(loaded_client, keys):
    profile = create(loaded_client, keys["advisor"], {
        **HEALTH, "current_offer_id": _a_dallas_plan(loaded_client)})
    assert profile["category"] == "health"
    assert [m["age"] for m in profile["needs"]["household"]["members"]] == [40, 38, 8]
    assert profile["latest_recommendation"]["top_pick"]["currency"] == "USD"


def _a_dallas_plan(client) -> str:
    answer = client.post("/api/v1/recommendations", json={
        key: HEALTH[key] for key in ("category", "location", "household")}).get_json()
    return answer["offers"][-1]["offer_id"]


@pytest.mark.parametrize("field", ["name", "email", "phone", "date_of_birth", "birthDate",
                                   "first_name", "address", "Mobile"])
def test_identity_fields_are_refused_by_name(loaded_client, keys, field):
    fields = refused(loaded_client, keys["advisor"], {**ENERGY, field: "x"})
    assert list(fields) == [field]
    assert "Personal data is not accepted" in fields[field][0]


def test_a_birth_date_inside_a_household_member_is_refused_naming_the_member(
        loaded_client, keys):
    household = {"members": [{"age": 40}, {"age": 8, "birth_date": "2018-03-01"}]}
    fields = refused(loaded_client, keys["advisor"], {
        **HEALTH, "household": household, "current_offer_id": "x" * 5})
    assert list(fields) == ["household.members.1.birth_date"]


def test_a_meter_file_is_refused_because_it_identifies_the_home(loaded_client, keys):
    fields = refused(loaded_client, keys["advisor"], {**ENERGY, "usage": {
        "nem12": "100,NEM12,200401010000,MDA1,Ret1", "nmi": "VAAAZZZZ00"}})
    assert set(fields) == {"usage.nem12", "usage.nmi"}


def test_unknown_fields_and_partner_context_are_refused(loaded_client, keys):
    assert set(refused(loaded_client, keys["advisor"], {
        **ENERGY, "partner": "demo", "nickname": "Al"})) == {"partner", "nickname"}


def test_consent_is_required_with_its_version_time_and_method(loaded_client, keys):
    body = {k: v for k, v in ENERGY.items() if k != "consent"}
    assert refused(loaded_client, keys["advisor"], body) == {
        "consent": ["Missing data for required field."]}
    fields = refused(loaded_client, keys["advisor"], {**ENERGY, "consent": {
        "text_version": "", "given_at": "2026-11-01T10:00:00", "method": "telepathy"}})
    assert set(fields) == {"consent.text_version", "consent.given_at", "consent.method"}


def test_consent_given_in_the_future_is_refused(loaded_client, keys):
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    fields = refused(loaded_client, keys["advisor"], {**ENERGY, "consent": {
        **CONSENT, "given_at": tomorrow}})
    assert fields == {"consent.given_at": ["Consent cannot be given in the future."]}


def test_consent_from_before_2000_or_from_year_one_is_refused_not_a_server_error(
        loaded_client, keys):
    # year 1 at +01:00 is before the first moment UTC can hold (Schemathesis found it)
    for given_at in ("1999-12-31T23:59:00+00:00", "0001-01-01T00:04:07+01:00"):
        fields = refused(loaded_client, keys["advisor"], {**ENERGY, "consent": {
            **CONSENT, "given_at": given_at}})
        assert fields == {"consent.given_at": [
            "Consent given before 2000 is not a record we can keep."]}, given_at


def test_a_profile_that_cannot_be_priced_is_refused_naming_the_field_and_not_stored(
        loaded_app, loaded_client, keys):
    fields = refused(loaded_client, keys["advisor"], {
        **ENERGY, "current_offer_id": "cdr_energy:AUR775682RRE7@EME"})
    assert list(fields) == ["current_offer_id"]
    fields = refused(loaded_client, keys["advisor"], {
        **ENERGY, "location": {"postcode": "3000", "distributor": "energex"}})
    assert list(fields) == ["location.distributor"]
    with loaded_app.app_context():
        assert session().exec(select(ProfileRow)).all() == []


def test_the_label_is_at_most_120_characters(loaded_client, keys):
    assert list(refused(loaded_client, keys["advisor"], {**ENERGY, "label": "x" * 121})) == [
        "label"]


def test_an_advisor_lists_only_their_own_profiles_newest_first_in_pages(loaded_client, keys):
    mine = [create(loaded_client, keys["advisor"], {**ENERGY, "label": f"client {i}"})
            for i in range(3)]
    create(loaded_client, keys["other_advisor"])
    page = loaded_client.get("/api/v1/profiles?page_size=2",
                             headers=keys["advisor"]).get_json()
    assert page["meta"] == {"page": 1, "page_size": 2, "total": 3, "total_pages": 2}
    assert [p["label"] for p in page["data"]] == ["client 2", "client 1"]
    assert page["links"]["next"] == "/api/v1/profiles?page_size=2&page=2"
    last = loaded_client.get(page["links"]["next"], headers=keys["advisor"]).get_json()
    assert [p["id"] for p in last["data"]] == [mine[0]["id"]]


def test_patch_replaces_the_members_named_and_prices_changed_needs_again(loaded_client, keys):
    profile = create(loaded_client, keys["advisor"])
    url = profile["links"]["self"]
    same = loaded_client.patch(url, json={"label": "renamed", "notify_threshold": "120.5"},
                               headers=keys["advisor"]).get_json()
    assert (same["label"], same["notify_threshold"]) == ("renamed", "120.50")
    assert same["latest_recommendation"]["id"] == profile["latest_recommendation"]["id"]
    moved = loaded_client.patch(url, json={"current_offer_id": "cdr_energy:ARC577331MR@VEC"},
                                headers=keys["advisor"]).get_json()
    assert moved["latest_recommendation"]["id"] != profile["latest_recommendation"]["id"]
    assert moved["latest_recommendation"]["current_offer"]["is_top_pick"] is True


def test_patch_refuses_identity_and_unpriceable_needs_and_keeps_the_profile(
        loaded_client, keys):
    profile = create(loaded_client, keys["advisor"])
    url = profile["links"]["self"]
    answer = loaded_client.patch(url, json={"email": "a@b.example"}, headers=keys["advisor"])
    assert answer.status_code == 422
    answer = loaded_client.patch(url, json={"current_offer_id": "nope:1"},
                                 headers=keys["advisor"])
    assert answer.status_code == 422
    assert list(answer.get_json()["error"]["details"]["fields"]) == ["current_offer_id"]
    kept = loaded_client.get(url, headers=keys["advisor"]).get_json()
    assert kept["needs"]["current_offer_id"] == CURRENT


def test_delete_erases_the_profile_its_notifications_and_its_recommendations_inputs(
        loaded_app, loaded_client, keys):
    profile = create(loaded_client, keys["advisor"])
    other = create(loaded_client, keys["advisor"], {**ENERGY, "label": "keep me"})
    loaded_client.post(profile["links"]["recheck"], headers=keys["advisor"])
    answer = loaded_client.delete(profile["links"]["self"], headers=keys["advisor"])
    assert answer.status_code == 200
    report = answer.get_json()
    assert (report["notifications_deleted"], report["recommendations_erased"]) == (1, 2)
    with loaded_app.app_context():
        db = session()
        assert db.get(ProfileRow, profile["id"]) is None
        assert db.exec(select(NotificationRow).where(
            NotificationRow.profile_id == profile["id"])).all() == []
        erased = db.exec(select(RecommendationRow).where(
            RecommendationRow.profile_id == profile["id"])).all()
        assert len(erased) == 2
        for row in erased:
            assert row.inputs == {"erased": True} and row.inputs_erased_at is not None
            assert row.result["usage"] == {"erased": True} == row.result["context"]
            assert "3000" not in str(row.inputs) + str(row.result["usage"])
            assert row.result["offers"][0]["offer_id"] == "cdr_energy:ARC577331MR@VEC"
        untouched = db.exec(select(RecommendationRow).where(
            RecommendationRow.profile_id == other["id"])).one()
        assert untouched.inputs["location"]["postcode"] == "3000"
    assert loaded_client.get(profile["links"]["self"],
                             headers=keys["advisor"]).status_code == 404


def test_the_stored_needs_are_the_recommendation_request_alone(loaded_app, loaded_client,
                                                              keys):
    profile = create(loaded_client, keys["advisor"])
    with loaded_app.app_context():
        row = session().get(ProfileRow, profile["id"])
        stored = copy.deepcopy(row.request)
    assert set(stored) == {"category", "customer_type", "location", "usage", "conditions",
                           "priorities", "current_offer_id"}
