"""Re-checks through the API and the CLI on the real samples (AU energy, postcode 3000 on
CitiPower, 4,000 kWh a year, pay-on-time discount counted), and webhook delivery.

The figures, from the stored answer at these needs (AUD a year, GST included):
  top pick  Arcline by RACV Home Energy Plan (ARC577331MR)  1221.61, CONNECTION fee $47.00
  current   GloBird GLOSAVE Two Rate (GLO591414MR)           1560.35, no EXIT fee
  saving a year     1560.35 - 1221.61 = 338.74
  first year        338.74 - 0.00 (exit) - 47.00 (joining) = 291.74
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest
from sqlmodel import select

from advocate import cli_profiles
from advocate.services.profiles import notification_json
from advocate.services.recheck import recheck_profile
from advocate.store.access_tables import ApiKeyRow
from advocate.store.advice_tables import ProfileRow
from advocate.store.db import session
from tests.e2e.test_profiles import ENERGY, HEALTH, create, keys_for

TOP = "cdr_energy:ARC577331MR@VEC"


@pytest.fixture
def keys(loaded_app):
    return keys_for(loaded_app)


def recheck(client, headers, profile) -> dict:
    answer = client.post(profile["links"]["recheck"], headers=headers)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_a_better_option_is_announced_with_its_saving_net_of_switching_fees(
        loaded_client, keys):
    note = recheck(loaded_client, keys["advisor"], create(loaded_client, keys["advisor"]))
    assert note["kind"] == "better_option"
    assert note["message"] == (
        "A better option appeared: Home Energy Plan from Arcline by RACV - Energy saves you "
        "AUD 339 a year (AUD 292 in the first year after switching costs of AUD 47.00).")
    assert note["annual_saving"] == "338.74"
    switch = note["details"]["switch"]
    assert switch == {"saving_per_year": "338.74", "exit_fee": "0.00",
                      "joining_fees": [{"item": "Connection fee", "amount": "47.00"}],
                      "switching_costs": "47.00", "first_year_saving": "291.74",
                      "unknown_fees": []}
    assert note["details"]["top_pick"]["offer_id"] == TOP
    assert note["recommendation_id"]


@pytest.mark.parametrize(("threshold", "kind"), [
    ("291.73", "better_option"), ("291.74", "still_best"), ("300", "still_best")])
def test_the_threshold_is_compared_with_the_first_year_saving_after_fees(
        loaded_client, keys, threshold, kind):
    profile = create(loaded_client, keys["advisor"], {**ENERGY, "notify_threshold": threshold})
    note = recheck(loaded_client, keys["advisor"], profile)
    assert note["kind"] == kind
    if kind == "still_best":
        assert note["annual_saving"] is None
        assert note["message"].startswith(
            "You still have the best option for you: switching to the top pick, Home Energy "
            "Plan from Arcline by RACV - Energy, would save AUD 292 in the first year")


def test_a_client_on_the_top_pick_still_has_the_best_option(loaded_client, keys):
    profile = create(loaded_client, keys["advisor"], {**ENERGY, "current_offer_id": TOP})
    note = recheck(loaded_client, keys["advisor"], profile)
    assert note["kind"] == "still_best"
    assert note["message"] == ("You still have the best option: Home Energy Plan from Arcline "
                               "by RACV - Energy is the top pick at AUD 1,222 a year.")


def test_a_top_pick_chosen_for_other_priorities_that_costs_more_is_not_a_better_option(
        loaded_client, keys):
    # green first: Origin Basic (1293.89) tops the list; the client's Arcline costs 1221.61
    profile = create(loaded_client, keys["advisor"], {
        **ENERGY, "priorities": ["green"], "current_offer_id": TOP})
    note = recheck(loaded_client, keys["advisor"], profile)
    assert note["kind"] == "still_best"
    assert note["details"]["switch"]["saving_per_year"] == "-72.28"
    assert note["message"] == (
        "You still have the best option for you: switching to the top pick, Origin Basic "
        "(Flexible Pricing) from Origin Energy, would not save money in the first year after "
        "switching costs.")


def test_an_offer_past_its_published_end_date_is_reported_gone_with_the_best_option_now(
        loaded_client, keys):
    # Flow Home - TOU: effectiveTo 2025-07-31 in its CDR payload; 1397.79 a year here
    profile = create(loaded_client, keys["advisor"], {
        **ENERGY, "current_offer_id": "cdr_energy:FLO564173MR@VEC"})
    note = recheck(loaded_client, keys["advisor"], profile)
    assert note["kind"] == "current_offer_gone"
    assert note["message"] == (
        "Your current offer, Flow Home - TOU from Flow Power, is no longer offered: its "
        "published end date was 31 July 2025. The best option now: Home Energy Plan from "
        "Arcline by RACV - Energy at AUD 1,222 a year, AUD 176 a year less than yours.")
    assert note["annual_saving"] == "176.18"  # 1397.79 - 1221.61


def test_notifications_are_listed_newest_first_in_pages(loaded_client, keys):
    profile = create(loaded_client, keys["advisor"])
    first = recheck(loaded_client, keys["advisor"], profile)
    loaded_client.patch(profile["links"]["self"], json={"notify_threshold": 500},
                        headers=keys["advisor"])
    second = recheck(loaded_client, keys["advisor"], profile)
    page = loaded_client.get(profile["links"]["notifications"] + "?page_size=1",
                             headers=keys["advisor"]).get_json()
    assert page["meta"] == {"page": 1, "page_size": 1, "total": 2, "total_pages": 2}
    assert [n["id"] for n in page["data"]] == [second["id"]]
    older = loaded_client.get(page["links"]["next"], headers=keys["advisor"]).get_json()
    assert [(n["id"], n["kind"]) for n in older["data"]] == [(first["id"], "better_option")]


def test_a_health_profile_is_rechecked_in_dollars_without_switching_fees(loaded_app,
                                                                         loaded_client, keys):
    members = {key: HEALTH[key] for key in ("category", "location", "household")}
    ranked = loaded_client.post("/api/v1/recommendations", json=members).get_json()["offers"]
    profile = create(loaded_client, keys["advisor"], {
        **HEALTH, "current_offer_id": ranked[-1]["offer_id"]})
    with loaded_app.app_context():  # during the samples' plan year, 2014
        db = session()
        note = recheck_profile(db, db.get(ProfileRow, profile["id"]),
                               now=datetime(2014, 6, 1, tzinfo=UTC))
        db.commit()
        note = notification_json(note)
    assert note["kind"] == "better_option"
    switch = note["details"]["switch"]
    assert (switch["exit_fee"], switch["joining_fees"]) == ("0.00", [])
    saving = (Decimal(ranked[-1]["expected_annual_cost"])
              - Decimal(ranked[0]["expected_annual_cost"]))
    assert note["annual_saving"] == f"{saving:.2f}" == switch["first_year_saving"]
    assert " USD " in note["message"]


def test_once_the_plan_year_is_over_a_health_plan_is_gone_and_nothing_is_proposed(
        loaded_client, keys):
    members = {key: HEALTH[key] for key in ("category", "location", "household")}
    ranked = loaded_client.post("/api/v1/recommendations", json=members).get_json()["offers"]
    profile = create(loaded_client, keys["advisor"], {
        **HEALTH, "current_offer_id": ranked[0]["offer_id"]})
    note = recheck(loaded_client, keys["advisor"], profile)
    assert note["kind"] == "current_offer_gone"
    assert "its published end date was 31 December 2014" in note["message"]
    assert note["message"].endswith("No offer still on the market could be ranked for these "
                                    "needs.")


def test_the_notification_is_posted_to_the_advisors_webhook_signed(loaded_app, loaded_client,
                                                                    keys):
    received = []

    def receiver(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(204)

    loaded_app.config["WEBHOOK_TRANSPORT"] = httpx.MockTransport(receiver)
    hook = loaded_client.put("/api/v1/webhook", json={"url": "https://crm.example/hook"},
                             headers=keys["advisor"]).get_json()
    note = recheck(loaded_client, keys["advisor"], create(loaded_client, keys["advisor"]))
    (request,) = received
    stamp = request.headers["X-Advocate-Timestamp"]
    expected = hmac.new(hook["secret"].encode(), stamp.encode() + b"." + request.content,
                        hashlib.sha256).hexdigest()
    assert request.headers["X-Advocate-Signature"] == f"sha256={expected}"
    body = json.loads(request.content)
    assert (body["id"], body["kind"], body["profile_label"]) == (
        note["id"], "better_option", "Unit 4 review")
    assert note["delivery"]["attempts"] == 1 and note["delivery"]["delivered_at"]


def test_the_cli_rechecks_one_profile_or_all_of_them(loaded_app, loaded_client, keys):
    mine = create(loaded_client, keys["advisor"])
    theirs = create(loaded_client, keys["other_advisor"], {**ENERGY, "current_offer_id": TOP})
    runner = loaded_app.test_cli_runner()
    one = runner.invoke(cli_profiles.recheck_command, [mine["id"]])
    assert one.exit_code == 0, one.output
    assert one.output.startswith(f"{mine['id']}: better_option: A better option appeared")
    every = runner.invoke(cli_profiles.recheck_command, ["--all"])
    assert every.exit_code == 0, every.output
    *lines, summary = every.output.splitlines()
    assert sorted(lines) == sorted([
        one.output.splitlines()[0],
        f"{theirs['id']}: still_best: You still have the best option: Home Energy Plan from "
        "Arcline by RACV - Energy is the top pick at AUD 1,222 a year."])
    assert summary == "2 profile(s) re-checked, 0 failed"
    assert runner.invoke(cli_profiles.recheck_command, []).exit_code == 2
    assert runner.invoke(cli_profiles.recheck_command, ["nope"]).exit_code == 1


def test_set_webhook_prints_a_secret_for_an_advisor_key_only(loaded_app, keys):
    with loaded_app.app_context():
        ids = {row.name: row.id for row in session().exec(select(ApiKeyRow))}
    runner = loaded_app.test_cli_runner()
    done = runner.invoke(cli_profiles.set_webhook_command, [str(ids["Ada"]),
                                                            "https://crm.example/hook"])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[-1].startswith("whsec_")
    refused = runner.invoke(cli_profiles.set_webhook_command, [str(ids["ops"]),
                                                               "https://crm.example/hook"])
    assert refused.exit_code == 2 and "not an active advisor key" in refused.output
    local = runner.invoke(cli_profiles.set_webhook_command, [str(ids["Ada"]),
                                                             "http://127.0.0.1:9/hook"])
    assert local.exit_code == 2 and "https" in local.output
