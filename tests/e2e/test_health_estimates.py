"""Health estimates and recommendations on the bundled real CMS 2014 landscape rows
(Dallas County, TX: FIPS 48113)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from advocate import cli

DALLAS = {"state": "TX", "county_fips": "48113"}
DALLAS_PLANS = 38  # rows of tests/fixtures/cms_landscape for TX, DALLAS


def _estimate(client, household, location=DALLAS):
    response = client.post("/api/v1/estimates", json={"category": "health",
                                                      "location": location,
                                                      "household": household})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_single_adult_gets_every_plan_in_the_county_with_whole_year_figures(loaded_client):
    body = _estimate(loaded_client, {"members": [{"age": 40}]})
    assert len(body["estimates"]) + len(body["excluded"]) == DALLAS_PLANS
    assert body["context"]["county"] == {"fips": "48113", "name": "Dallas County", "state": "TX"}
    for estimate in body["estimates"]:
        cost, premium = estimate["annual_cost"], estimate["premium"]
        assert cost["currency"] == "USD" and cost["includes_tax"] is False
        assert premium["monthly_tax_credit"] == "0.00"
        assert premium["monthly_gross"] == premium["monthly_net"]
        annual_premium = Decimal(premium["monthly_net"]) * 12
        assert annual_premium <= Decimal(cost["expected"]) <= Decimal(cost["worst_case"])
        assert Decimal(cost["bad_year_p95"]) <= Decimal(cost["worst_case"])


def test_a_zip_finds_the_same_county(loaded_client):
    by_zip = _estimate(loaded_client, {"members": [{"age": 40}]}, {"zip": "75201"})
    assert by_zip["context"]["county"]["fips"] == "48113"


@pytest.mark.parametrize("path", ["/api/v1/estimates", "/api/v1/recommendations"])
def test_a_zip_spanning_counties_asks_which_then_prices_the_county_named(loaded_client, path):
    # 75019 (Coppell) lies in Dallas and Denton counties.
    body = {"category": "health", "location": {"zip": "75019"},
            "household": {"members": [{"age": 40}]}}
    asked = loaded_client.post(path, json=body)

    assert asked.status_code == 422, asked.get_json()
    error = asked.get_json()["error"]
    assert "location.county_fips" in error["details"]["fields"]
    assert "spans several counties" in error["message"]
    assert [(c["fips"], c["name"]) for c in error["details"]["candidates"]] == [
        ("48113", "Dallas County"), ("48121", "Denton County")]

    body["location"]["county_fips"] = "48113"
    answered = loaded_client.post(path, json=body)
    assert answered.status_code in (200, 201), answered.get_json()
    assert answered.get_json()["context"]["county"]["fips"] == "48113"


def test_a_family_with_a_modest_income_gets_a_tax_credit_and_a_csr_silver_variant(
        loaded_client):
    # 2013 HHS guideline for 3 people: $19,530; $30,000 is 153.6 % of it -> the 87 % variant
    body = _estimate(loaded_client, {"members": [{"age": 40}, {"age": 38}, {"age": 8}],
                                     "income": 30000})
    assert body["context"]["benchmark"]["plan_id"]
    credits = [Decimal(e["premium"]["monthly_tax_credit"]) for e in body["estimates"]]
    assert max(credits) > 0
    silver = [e for e in body["estimates"] if e["details"].get("metal_level") == "Silver"
              or "Silver" in e["name"]]
    assert silver and all(e["csr_variant"] == "87" for e in silver)
    for estimate in body["estimates"]:
        premium = estimate["premium"]
        assert Decimal(premium["monthly_net"]) == max(
            Decimal(premium["monthly_gross"]) - Decimal(premium["monthly_tax_credit"]),
            Decimal(0))


def test_a_dominating_plan_costs_no_more_in_expectation_or_in_a_bad_year(loaded_client):
    body = _estimate(loaded_client, {"members": [{"age": 30}]})
    costs = {e["offer_id"]: e["annual_cost"] for e in body["estimates"]}
    flagged = [e for e in body["estimates"] if e["dominated_by"]]
    assert flagged
    for estimate in flagged:
        for better in estimate["dominated_by"]:
            assert Decimal(costs[better]["expected"]) <= Decimal(
                estimate["annual_cost"]["expected"])
            assert Decimal(costs[better]["worst_case"]) <= Decimal(
                estimate["annual_cost"]["worst_case"])
        assert estimate["details"]["dominance"][0]["differences"] is not None
        assert len(estimate["dominated_by"]) == min(5, estimate["dominated_by_count"])
        assert [d["by"] for d in estimate["details"]["dominance"]] == estimate["dominated_by"]


def test_stated_use_is_priced_at_the_stated_level(loaded_client):
    body = _estimate(loaded_client, {"members": [{"age": 40, "utilization": "high"}]})
    for estimate in body["estimates"]:
        assert Decimal(estimate["annual_cost"]["at_stated_use"]) <= Decimal(
            estimate["annual_cost"]["worst_case"])


def test_health_recommendation_explains_lowest_premium_versus_real_need(loaded_client):
    response = loaded_client.post("/api/v1/recommendations", json={
        "category": "health", "location": DALLAS,
        "household": {"members": [{"age": 40}, {"age": 38}, {"age": 8}],
                      "income": {"low": 40000, "high": 50000}},
        "priorities": ["cost", "certainty"], "stated_preference": "lowest_premium"})
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    top, second = answer["top_pick"], answer["runners_up"][0]
    gap = (Decimal(second["expected_annual_cost"]).quantize(Decimal("1"))
           - Decimal(top["expected_annual_cost"]).quantize(Decimal("1")))
    assert top["reason"] == (f"Cheapest over a year at your usage: "
                             f"${Decimal(top['expected_annual_cost']).quantize(Decimal('1')):,}"
                             f" ex. tax, ${gap:,} less than #2")
    stated = answer["stated_vs_needed"]
    if stated is not None:
        assert stated["top_pick"] == top["offer_id"]
        assert "Lowest premium is" in stated["message"] and "more a year than" in \
            stated["message"]
    assert answer["coverage"]["source"] == "cms_landscape"
    assert not top["dominated_by"]


@pytest.mark.parametrize(("household", "location", "field"), [
    ({}, DALLAS, "household.members"),
    ({"members": []}, DALLAS, "household.members"),
    ({"members": [{"age": -1}]}, DALLAS, "household.members.0.age"),
    ({"members": [{"age": 40, "birth_date": "1985-01-01"}]}, DALLAS,
     "household.members.0.birth_date"),
    ({"members": [{"age": 40}], "income": "lots"}, DALLAS, "household.income"),
    ({"members": [{"age": 40, "utilization": "extreme"}]}, DALLAS,
     "household.members.0.utilization"),
    ({"members": [{"age": 40}]}, {"state": "TX", "county_fips": "99999"}, "location.county_fips"),
    ({"members": [{"age": 40}]}, {"state": "NC", "county_fips": "48113"}, "location.state"),
    ({"members": [{"age": 40}]}, {"zip": "00000"}, "location.zip"),
    ({"members": [{"age": 40}]}, {}, "location.zip"),
])
def test_bad_health_input_is_a_422_naming_the_field(loaded_client, household, location, field):
    response = loaded_client.post("/api/v1/estimates", json={
        "category": "health", "location": location, "household": household})
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["details"]["fields"]


def test_a_single_adult_who_puts_certainty_first_gets_the_best_bad_year_plan(loaded_client):
    response = loaded_client.post("/api/v1/recommendations", json={
        "category": "health", "location": {"zip": "75201"},
        "household": {"members": [{"age": 58}]}, "priorities": ["certainty"]})
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    bad_years = [Decimal(o["bad_year_cost"]) for o in answer["offers"]]
    top = answer["top_pick"]
    assert Decimal(top["bad_year_cost"]) == min(bad_years)
    assert answer["weights"]["weights"]["certainty"] == 1.0
    shown = f"${Decimal(top['bad_year_cost']).quantize(Decimal('1')):,}"
    assert top["reason"].startswith("Best protection in a bad year") and shown in top["reason"]


def test_the_warm_up_command_readies_every_compiled_kernel(loaded_app):
    done = loaded_app.test_cli_runner().invoke(cli.warm_up_command, [])
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert [line.split(" compiled")[0] for line in lines] == ["health engine", "energy blocks",
                                                              "dominance screen"]
    assert all(" compiled or loaded in " in line and line.endswith(" s") for line in lines)
