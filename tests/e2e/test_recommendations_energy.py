"""POST /api/v1/recommendations for electricity in Melbourne's CBD (postcode 3000, CitiPower)
on the bundled real CDR plans, for three usage forms; reasons checked for their figures."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from advocate.domain import Disclosure
from advocate.services.access import upsert_partner
from advocate.store.db import session, transaction
from advocate.store.disclosures import record_disclosure

NEM12 = Path(__file__).parents[1] / "fixtures" / "nem12" / "citipower_30min_year.csv"
CBD = {"postcode": "3000", "distributor": "citipower"}


def _recommend(client, **body):
    response = client.post("/api/v1/recommendations", json={
        "category": "electricity", "location": CBD, **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _whole(amount: str) -> str:
    return f"${Decimal(amount).quantize(Decimal('1')):,}"


def _check_top_reason(answer: dict) -> None:
    top, second = answer["top_pick"], answer["runners_up"][0]
    # figures are shown in whole dollars, and the gap is between the figures as shown
    gap = (Decimal(second["expected_annual_cost"]).quantize(Decimal("1"))
           - Decimal(top["expected_annual_cost"]).quantize(Decimal("1")))
    assert top["reason"].startswith("Cheapest over a year at your usage")
    assert _whole(top["expected_annual_cost"]) in top["reason"]
    assert "inc. GST" in top["reason"]
    assert f"${gap.quantize(Decimal('1')):,} less than #2" in top["reason"]


@pytest.mark.parametrize("usage", [
    {"annual_kwh": 4000},
    {"bill": {"start": "2024-07-01", "end": "2024-09-30", "kwh": 1150}},
    {"household": {"people": 2, "gas": True}},
])
def test_the_top_pick_is_the_cheapest_over_a_year_with_its_figures(loaded_client, usage):
    answer = _recommend(loaded_client, usage=usage, priorities=["cost"])
    costs = [Decimal(o["expected_annual_cost"]) for o in answer["offers"]]
    assert costs == sorted(costs)
    assert answer["weights"]["weights"]["cost"] == 1.0
    _check_top_reason(answer)
    assert answer["coverage"]["brands_ranked"] == 7
    assert answer["coverage"]["register"]["brands_listed"] == 80


def test_smart_meter_data_sent_as_a_file_finds_the_network_from_the_nmi(loaded_client):
    response = loaded_client.post("/api/v1/estimates", data={
        "category": "electricity", "postcode": "3000",
        "nem12": (NEM12.open("rb"), "meter.csv")}, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    usage = response.get_json()["usage"]
    assert usage["source"] == "nem12" and usage["distributor"] == "citipower"
    answer = _recommend(loaded_client, usage={"nem12": NEM12.read_text()}, priorities=["cost"])
    _check_top_reason(answer)
    stored = loaded_client.get(f"/api/v1/recommendations/{answer['id']}").get_json()
    assert "nem12" not in json.dumps(stored["context"])


def test_a_stored_answer_is_returned_unchanged_after_offers_change(loaded_app, loaded_client):
    answer = _recommend(loaded_client, usage={"annual_kwh": 4000})
    with loaded_app.app_context():
        from sqlmodel import select

        from advocate.store.tables import OfferRow

        db = session()
        for row in db.exec(select(OfferRow)).all():
            row.name = "renamed"
        db.commit()
    again = loaded_client.get(f"/api/v1/recommendations/{answer['id']}").get_json()
    assert again["offers"] == answer["offers"] and again["top_pick"]["name"] != "renamed"


def test_a_partner_sees_its_own_rank_and_what_number_one_saves(loaded_app, loaded_client):
    with loaded_app.app_context(), transaction(session().get_bind()) as db:
        upsert_partner(db, partner_id="demo", name="GloBird (demo)", brands=["GloBird Energy"],
                       origins=["http://localhost:8080"])
    answer = _recommend(loaded_client, usage={"annual_kwh": 4000}, partner="demo",
                        priorities=["cost"])
    plain = _recommend(loaded_client, usage={"annual_kwh": 4000}, priorities=["cost"])
    partner = answer["partner"]
    assert [o["offer_id"] for o in answer["offers"]] == [o["offer_id"] for o in plain["offers"]]
    best = next(o for o in answer["offers"] if o["brand"] == "GloBird Energy")
    saving = Decimal(best["expected_annual_cost"]) - Decimal(answer["top_pick"][
        "expected_annual_cost"])
    assert partner["best_own_rank"] == best["rank"] > 1
    assert partner["message"] == (
        f"Our best plan for you is #{best['rank']} ({best['name']}); #1, "
        f"{answer['top_pick']['name']} from {answer['top_pick']['brand']}, saves you "
        f"AUD {saving:,.0f} a year.")
    assert len({o["brand"] for o in answer["offers"]}) == 7  # competitors all there


def test_commission_is_disclosed_but_does_not_move_the_ranking(loaded_app, loaded_client):
    before = _recommend(loaded_client, usage={"annual_kwh": 4000})
    last = before["offers"][-1]
    with loaded_app.app_context(), transaction(session().get_bind()) as db:
        record_disclosure(db, Disclosure(None, last["offer_id"], None, "commission",
                                         Decimal("900.00"), "AUD", "per sale"))
    after = _recommend(loaded_client, usage={"annual_kwh": 4000})
    assert [o["offer_id"] for o in after["offers"]] == [o["offer_id"] for o in before["offers"]]
    shown = next(o for o in after["offers"] if o["offer_id"] == last["offer_id"])
    assert shown["disclosures"] == [{"kind": "commission", "amount": "900.00", "currency": "AUD",
                                     "basis": "per sale", "note": ""}]


def test_a_dominated_plan_is_flagged_and_never_first(loaded_client):
    answer = _recommend(loaded_client, usage={"annual_kwh": 4000})
    dominated = [o for o in answer["offers"] if o["dominated_by"]]
    assert dominated and not answer["top_pick"]["dominated_by"]
    ranks = {o["offer_id"]: o["rank"] for o in answer["offers"]}
    for offer in dominated:
        assert all(ranks[better] < offer["rank"] for better in offer["dominated_by"])


def test_a_plan_beaten_by_many_lists_the_five_best_ranked_and_counts_them_all(loaded_client):
    answer = _recommend(loaded_client, usage={"annual_kwh": 4000})
    ranks = {o["offer_id"]: o["rank"] for o in answer["offers"]}
    beaten = max(answer["offers"], key=lambda o: o["dominated_by_count"])
    assert beaten["dominated_by_count"] > 5
    listed = [ranks[offer_id] for offer_id in beaten["dominated_by"]]
    assert len(listed) == 5 and listed == sorted(listed)
    # the first listed is the best-ranked of all that dominate it: the one its reason names
    best = next(o for o in answer["offers"] if o["offer_id"] == beaten["dominated_by"][0])
    assert f"{best['name']} ({best['brand']}) is as good or better" in beaten["reason"]
    for offer in answer["offers"]:
        assert len(offer["dominated_by"]) == min(5, offer["dominated_by_count"])


def test_a_conditional_discount_shows_both_figures_and_the_regret(loaded_client):
    answer = _recommend(loaded_client, usage={"annual_kwh": 4000}, conditions=["PAY_ON_TIME"])
    globird = next(o for o in answer["offers"] if o["offer_id"] == "cdr_energy:GLO591394MR@VEC")
    deal = globird["conditional_discount"]
    assert deal["ranked_as"] == "met"
    assert Decimal(deal["regret_per_year"]) == Decimal(deal["if_condition_missed"]) - Decimal(
        deal["if_condition_met"]) > 0
    assert globird["expected_annual_cost"] == deal["if_condition_met"]


def test_stated_lowest_unit_price_is_compared_with_the_top_pick(loaded_client):
    answer = _recommend(loaded_client, usage={"annual_kwh": 4000},
                        stated_preference="lowest_unit_price", priorities=["cost"])
    stated = answer["stated_vs_needed"]
    assert stated["top_pick"] == answer["top_pick"]["offer_id"] != stated["stated_pick"]
    extra = Decimal(stated["extra_cost_per_year"])
    assert f"{_whole(str(extra))} more a year" in stated["message"]


def test_the_current_offer_gets_its_rank_and_the_saving(loaded_client):
    answer = _recommend(loaded_client, usage={"annual_kwh": 4000}, priorities=["cost"],
                        current_offer_id="cdr_energy:GLO591394MR@VEC")
    current = answer["current_offer"]
    mine = next(o for o in answer["offers"] if o["offer_id"] == current["offer_id"])
    assert current["rank"] == mine["rank"]
    assert Decimal(current["top_pick_saves_per_year"]) == Decimal(
        mine["expected_annual_cost"]) - Decimal(answer["top_pick"]["expected_annual_cost"])


@pytest.mark.parametrize(("extra", "field"), [
    ({"priorities": ["cost", "quality"]}, "priorities[1]"),
    ({"priorities": []}, "priorities"),
    ({"weights": {"cost": 2, "green": 1}}, "weights"),
    ({"priorities": ["cost"], "weights": {"cost": 1}}, "weights"),
    ({"current_offer_id": "cdr_energy:NOPE"}, "current_offer_id"),
    ({"offers": [{"premium": "cheap"}]}, "offers[0]"),
    ({"limit": 500}, "limit"),
    ({"partner": "nobody"}, "partner"),
])
def test_bad_recommendation_input_is_a_422_naming_the_field(loaded_client, extra, field):
    response = loaded_client.post("/api/v1/recommendations", json={
        "category": "electricity", "location": CBD, "usage": {"annual_kwh": 4000}, **extra})
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["details"]["fields"]


def test_an_unknown_recommendation_is_a_404(loaded_client):
    assert loaded_client.get("/api/v1/recommendations/deadbeef").status_code == 404


def test_the_methodology_is_published_with_its_version(loaded_client):
    current = loaded_client.get("/api/v1/methodology").get_json()
    assert current["version"] == _recommend(loaded_client, usage={"annual_kwh": 4000})[
        "methodology_version"]
    assert loaded_client.get(f"/api/v1/methodology/{current['version']}").status_code == 200
    assert loaded_client.get("/api/v1/methodology/1999.01-1").status_code == 404


def test_an_ad_hoc_menu_is_ranked_by_the_same_rules_and_not_stored(loaded_client):
    plans = sorted((Path(__file__).parents[1] / "fixtures" / "cdr_energy" / "plan-detail")
                   .glob("*/GLO59*.json"))
    menu = [{"cdr_plan": json.loads(p.read_text())} for p in plans]
    market = {o["offer_id"].split(":")[1]: o["expected_annual_cost"]
              for o in _recommend(loaded_client, usage={"annual_kwh": 4000})["offers"]}
    answer = _recommend(loaded_client, usage={"annual_kwh": 4000}, offers=menu)
    assert {o["offer_id"] for o in answer["offers"]} == {
        f"inline:{p.stem}" for p in plans}
    for offer in answer["offers"]:
        assert offer["expected_annual_cost"] == market[offer["offer_id"].split(":")[1]]
    assert answer["coverage"]["source"] == "inline"
    listed = loaded_client.get("/api/v1/offers?source=inline").get_json()
    assert listed["meta"]["total"] == 0
