"""POST /api/v1/estimates for energy, on the bundled real CDR plans (CitiPower, Melbourne)."""

from __future__ import annotations

from decimal import Decimal

import pytest

CBD = {"postcode": "3000", "distributor": "CitiPower"}


def _post(client, **body):
    return client.post("/api/v1/estimates", json={"category": "electricity", "location": CBD,
                                                  **body})


def _by_id(body: dict) -> dict[str, dict]:
    return {estimate["offer_id"]: estimate for estimate in body["estimates"]}


def test_every_citipower_plan_gets_a_whole_year_bill_with_gst(loaded_client):
    response = _post(loaded_client, usage={"annual_kwh": 4000})
    assert response.status_code == 200
    body = response.get_json()
    assert body["usage"]["annual_kwh"] == 4000.0 and body["usage"]["distributor"] == "citipower"
    assert len(body["estimates"]) >= 10
    for estimate in body["estimates"]:
        cost = estimate["annual_cost"]
        assert cost["currency"] == "AUD" and cost["includes_tax"] is True
        parts = sum(Decimal(line["amount"]) for line in estimate["breakdown"])
        assert parts == Decimal(cost["expected"]), estimate["offer_id"]


def test_a_conditional_discount_counts_only_when_the_customer_meets_it(loaded_client):
    plain = _by_id(_post(loaded_client, usage={"annual_kwh": 4000}).get_json())
    paying = _by_id(_post(loaded_client, usage={"annual_kwh": 4000},
                          conditions=["PAY_ON_TIME"]).get_json())
    globird = "cdr_energy:GLO591394MR@VEC"  # 3% of the bill for paying on time
    missed, met = plain[globird]["annual_cost"], paying[globird]["annual_cost"]
    assert missed["expected"] == missed["without_conditional_discounts"]
    assert met["expected"] == met["with_conditional_discounts"] == missed[
        "with_conditional_discounts"]
    assert Decimal(met["expected"]) < Decimal(missed["expected"])


def test_a_bill_and_a_household_description_are_usage_forms_too(loaded_client):
    bill = _post(loaded_client, usage={"bill": {"start": "2024-07-01", "end": "2024-09-30",
                                                "kwh": 1150}})
    household = _post(loaded_client, usage={"household": {"people": 3, "gas": True}})
    assert bill.status_code == household.status_code == 200
    assert bill.get_json()["usage"]["source"] == "bill"
    assert household.get_json()["usage"]["source"] == "household_benchmark"
    assert household.get_json()["usage"]["annual_kwh"] > 1000


def test_a_postcode_served_by_several_networks_asks_which(loaded_client):
    response = loaded_client.post("/api/v1/estimates", json={
        "category": "electricity", "location": {"postcode": "3000"}, "usage": {"annual_kwh": 4000}})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert "location.distributor" in error["details"]["fields"]
    assert "citipower" in error["details"]["candidates"]


def test_a_gas_plan_for_other_postcodes_is_excluded_with_its_reason(loaded_client):
    response = loaded_client.post("/api/v1/estimates", json={
        "category": "gas", "location": {"postcode": "3000", "distributor": "Multinet"},
        "usage": {"annual_mj": 40000}})
    body = response.get_json()
    assert {e["offer_id"] for e in body["estimates"]} == {"cdr_energy:GLO575367MR@VEC"}
    assert body["excluded"] == [{"offer_id": "cdr_energy:ENE588289MR@VEC",
                                 "reason": "not offered at postcode 3000"}]


@pytest.mark.parametrize(("body", "field"), [
    ({"category": "electricity", "location": CBD}, "usage"),
    ({"category": "electricity", "location": CBD, "usage": {"annual_kwh": "lots"}},
     "usage.annual_kwh"),
    ({"category": "electricity", "location": CBD, "usage": {"annual_kwh": -5}},
     "usage.annual_kwh"),
    ({"category": "electricity", "location": CBD, "usage": {"annual_kwh": 1, "nem12": "x"}},
     "usage"),
    ({"category": "water", "location": CBD, "usage": {"annual_kwh": 4000}}, "category"),
    ({"category": "electricity", "location": {"postcode": "99"}, "usage": {"annual_kwh": 1}},
     "location.postcode"),
    ({"category": "electricity", "location": CBD, "usage": {"annual_kwh": 4000},
      "conditions": ["BRIBE"]}, "conditions"),
    ({"category": "electricity", "location": CBD, "usage": {"annual_kwh": 4000},
      "name": "Jane Citizen"}, "name"),
])
def test_bad_input_is_a_422_naming_the_field(loaded_client, body, field):
    response = loaded_client.post("/api/v1/estimates", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["details"]["fields"]


def test_a_body_that_is_not_json_is_a_400(loaded_client):
    response = loaded_client.post("/api/v1/estimates", data="{not json",
                                  content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_a_body_over_the_size_limit_is_a_413(loaded_app):
    loaded_app.config["MAX_CONTENT_LENGTH"] = 1000
    response = loaded_app.test_client().post("/api/v1/estimates", json={"usage": {
        "nem12": "x" * 5000}})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "request_entity_too_large"
