"""Re-checks on SQLite and PostgreSQL, on the real CDR plan payloads (tests/fixtures/cdr_energy),
some re-imported with one documented change, as a later refresh would bring it.

Baseline at these needs (postcode 3000 on CitiPower, 4,000 kWh a year, pay on time), AUD a
year with GST: top pick Arcline Home Energy Plan (ARC577331MR) 1221.61 with a $47.00
CONNECTION fee; the client's GloBird GLOSAVE Two Rate (GLO591414MR) 1560.35, no EXIT fee.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session

from advocate.domain.access import Caller, Role
from advocate.schemas.profiles import ProfileCreateSchema
from advocate.services.access import create_key, revoke_key
from advocate.services.profiles import create_profile
from advocate.services.queue import affected_profiles, market_keys_of
from advocate.services.recheck import recheck_profile
from advocate.services.refresh import import_files
from advocate.store.advice_tables import ProfileRow, RecommendationRow
from advocate.store.db import transaction
from providers import get_adapter

PLANS = Path(__file__).parents[1] / "fixtures" / "cdr_energy" / "plan-detail"
CURRENT, TOP = "cdr_energy:GLO591414MR@VEC", "cdr_energy:ARC577331MR@VEC"
WHEN = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
BODY = {"category": "electricity", "location": {"postcode": "3000", "distributor": "citipower"},
        "usage": {"annual_kwh": 4000}, "conditions": ["PAY_ON_TIME"],
        "priorities": ["cost", "certainty"], "current_offer_id": CURRENT, "label": "client 9",
        "consent": {"text_version": "v3", "given_at": "2026-02-01T09:00:00Z",
                    "method": "online"}}


def plan(plan_id: str) -> dict:
    """The real recorded plan-detail payload of `plan_id`."""
    return json.loads(next(PLANS.glob(f"*/{plan_id}.json")).read_text())


def import_plans(bind, paths) -> list[str]:
    """Import plan payload files; the ids of the offers that changed."""
    report = import_files(bind, get_adapter("cdr_energy"), paths)
    assert report.status == "succeeded", report.summary()
    return report.changed_offer_ids


def load_market(bind) -> None:
    """Every recorded CDR plan, as `flask advocate load-samples` imports them."""
    import_plans(bind, sorted(PLANS.glob("*/*.json")))


def republish(bind, tmp_path: Path, plan_id: str, change: Callable[[dict], None]) -> list[str]:
    """Re-import `plan_id` with `change` applied to its payload's data, like a refresh."""
    payload = plan(plan_id)
    change(payload["data"])
    path = tmp_path / f"{plan_id}.json"
    path.write_text(json.dumps(payload))
    return import_plans(bind, [path])


def advisor(bind, name: str = "Ada") -> Caller:
    with transaction(bind) as db:
        key = create_key(db, role="advisor", name=name)
    return Caller(key_id=key.id, role=Role.ADVISOR, name=name)


def new_profile(bind, caller: Caller, **changes) -> str:
    with transaction(bind) as db:
        body = ProfileCreateSchema().load({**BODY, **changes})
        return create_profile(db, caller, body, now=WHEN).id


def recheck(bind, profile_id: str, now: datetime = WHEN) -> dict:
    with transaction(bind) as db:
        note = recheck_profile(db, db.get(ProfileRow, profile_id), now=now)
        return {"kind": note.kind, "message": note.message, "saving": note.annual_saving,
                "details": note.details, "recommendation_id": note.recommendation_id}


def add_fee(fee: dict) -> Callable[[dict], None]:
    return lambda data: data["electricityContract"]["fees"].append(fee)


@pytest.fixture
def market(engine):
    load_market(engine)
    return engine


def test_an_exit_fee_on_the_clients_plan_is_taken_off_the_first_year_saving(market, tmp_path):
    profile = new_profile(market, advisor(market))
    republish(market, tmp_path, "GLO591414MR@VEC", add_fee({
        "type": "EXIT", "term": "FIXED", "amount": "55.00", "description": "Exit fee"}))
    note = recheck(market, profile)
    # 1560.35 - 1221.61 = 338.74 a year; 338.74 - 55.00 (exit) - 47.00 (joining) = 236.74
    assert note["kind"] == "better_option"
    assert note["details"]["switch"] == {
        "saving_per_year": "338.74", "exit_fee": "55.00",
        "joining_fees": [{"item": "Connection fee", "amount": "47.00"}],
        "switching_costs": "102.00", "first_year_saving": "236.74", "unknown_fees": []}
    assert note["message"].endswith("(AUD 237 in the first year after switching costs of "
                                    "AUD 102.00).")


def test_with_the_exit_fee_the_saving_no_longer_clears_a_250_dollar_threshold(market,
                                                                              tmp_path):
    profile = new_profile(market, advisor(market), notify_threshold="250")
    assert recheck(market, profile)["kind"] == "better_option"  # 291.74 > 250
    republish(market, tmp_path, "GLO591414MR@VEC", add_fee({
        "type": "EXIT", "term": "FIXED", "amount": "55.00", "description": "Exit fee"}))
    assert recheck(market, profile)["kind"] == "still_best"  # 236.74 <= 250


def test_an_exit_fee_without_an_amount_is_not_guessed_and_the_message_says_so(market,
                                                                             tmp_path):
    profile = new_profile(market, advisor(market))
    republish(market, tmp_path, "GLO591414MR@VEC", add_fee({
        "type": "EXIT", "term": "VARIABLE", "description": "Exit fee: see your contract"}))
    note = recheck(market, profile)
    assert note["details"]["switch"]["exit_fee"] is None
    assert note["details"]["switch"]["first_year_saving"] == "291.74"
    assert note["details"]["switch"]["unknown_fees"] == ["exit fee"]
    assert "exit fee not published, ask before switching" in note["message"]


def test_late_payment_and_paper_bill_fees_of_the_new_plan_are_not_switching_costs(market,
                                                                                tmp_path):
    profile = new_profile(market, advisor(market))
    republish(market, tmp_path, "ARC577331MR@VEC", add_fee({
        "type": "LATE_PAYMENT", "term": "FIXED", "amount": "16.00", "description": "Late"}))
    note = recheck(market, profile)
    assert note["details"]["switch"]["joining_fees"] == [
        {"item": "Connection fee", "amount": "47.00"}]


def test_a_plan_past_its_end_date_is_gone_only_once_that_date_has_passed(market, tmp_path):
    profile = new_profile(market, advisor(market))
    republish(market, tmp_path, "GLO591414MR@VEC",
              lambda data: data.update(effectiveTo="2026-04-30T14:00:00Z"))
    assert recheck(market, profile)["kind"] == "better_option"
    later = recheck(market, profile, now=datetime(2026, 5, 2, tzinfo=UTC))
    assert later["kind"] == "current_offer_gone"
    # 2026-04-30T14:00Z is midnight starting 1 May in Melbourne (AEST, UTC+10)
    assert "its published end date was 1 May 2026" in later["message"]
    assert later["saving"] == Decimal("338.74")


def test_a_plan_moved_to_another_network_is_gone_for_this_client(market, tmp_path):
    profile = new_profile(market, advisor(market))
    republish(market, tmp_path, "GLO591414MR@VEC",
              lambda data: data["geography"].update(distributors=["Powercor"]))
    note = recheck(market, profile)
    assert note["kind"] == "current_offer_gone"
    assert note["message"] == (
        "Your current offer, GloBird  GLOSAVE Residential (Two Rate ) Citipower from GloBird "
        "Energy, is no longer offered where this client lives. The best option now: Home "
        "Energy Plan from Arcline by RACV - Energy at AUD 1,222 a year.")
    assert note["recommendation_id"]


def test_a_plan_that_can_no_longer_be_priced_is_not_compared_and_says_why(market, tmp_path):
    profile = new_profile(market, advisor(market))
    republish(market, tmp_path, "GLO591414MR@VEC", add_fee({
        "type": "MEMBERSHIP", "term": "ANNUAL", "description": "Membership: see our website"}))
    note = recheck(market, profile)
    assert note["kind"] == "not_comparable"
    assert note["message"].startswith(
        "Your current offer, GloBird  GLOSAVE Residential (Two Rate ) Citipower from GloBird "
        "Energy, cannot be compared on its current terms (unpriceable component: ")
    assert note["message"].endswith("The best option now: Home Energy Plan from Arcline by "
                                    "RACV - Energy at AUD 1,222 a year.")
    assert note["saving"] is None and note["details"]["switch"] is None


def test_needs_that_no_longer_price_give_a_failed_recheck_naming_the_field(market):
    profile = new_profile(market, advisor(market))
    with transaction(market) as db:
        row = db.get(ProfileRow, profile)
        row.request = {**row.request, "location": {"postcode": "3000",
                                                   "distributor": "energex"}}
    note = recheck(market, profile)
    assert note["kind"] == "recheck_failed"
    assert list(note["details"]["fields"]) == ["location.distributor"]
    assert note["recommendation_id"] is None


def test_a_recheck_stores_its_recommendation_for_the_profile(market):
    profile = new_profile(market, advisor(market))
    note = recheck(market, profile)
    with Session(market) as db:
        row = db.get(RecommendationRow, note["recommendation_id"])
        assert row.profile_id == profile and row.result["current_offer"]["rank"] == 15


def test_affected_profiles_are_those_whose_market_or_current_offer_changed(market):
    ada, bea = advisor(market), advisor(market, "Bea")
    here = new_profile(market, ada)
    holder = new_profile(market, bea, location={"postcode": "3000",
                                                "distributor": "citipower"})
    with transaction(market) as db:
        gone_away = ProfileRow(**{**db.get(ProfileRow, here).model_dump(), "id": "f" * 32,
                                  "request": {**BODY, "location": {"postcode": "7000"},
                                              "current_offer_id": "cdr_energy:AUR775682RRE7@EME"}})
        db.add(gone_away)
    with Session(market) as db:
        assert set(affected_profiles(db, [TOP])) == {here, holder}
        # a Tasmanian plan is in neither Melbourne market, but it is the third one's own plan
        assert affected_profiles(db, ["cdr_energy:AUR775682RRE7@EME"]) == ["f" * 32]
        assert affected_profiles(db, []) == []
        assert affected_profiles(db, ["cdr_energy:no-such-plan"]) == []
    with transaction(market) as db:
        revoke_key(db, bea.key_id)
    with Session(market) as db:
        assert affected_profiles(db, [TOP]) == [here]


def test_market_keys_are_the_ones_the_estimate_loads_the_market_by():
    assert market_keys_of("electricity", BODY) == {
        "postcode:3000", "country:AU", "distributor:citipower"}
    assert market_keys_of("health", {"location": {"state": "TX", "county_fips": "48113"}}) == {
        "county:48113"}
    gas = market_keys_of("gas", {"location": {"postcode": "3000"}})
    assert {"postcode:3000", "country:AU"} < gas and len(gas) > 3  # every VIC gas network
    assert market_keys_of("electricity", {"location": {"postcode": "3000",
                                                       "distributor": "energex"}}) is None
