"""Plan-detail versions: each version's price unit, version dispatch and inference, v3 shapes,
and what a bill cannot be computed from.

The v3 payloads here are real captures rewritten the way plan-detail v3 writes them (tariff
values in dollars, `dailySupplyCharge` singular, feed-in `timeVaryingTariffs` as a list); no
v3 capture was available.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from advocate.domain import ParseError, RawPayload
from advocate.domain.energy import WEEKDAYS
from providers.cdr_energy import CdrEnergyAdapter

DETAILS = Path(__file__).parents[1] / "fixtures" / "cdr_energy" / "plan-detail"
adapter = CdrEnergyAdapter()


def body(plan_id: str) -> dict:
    return json.loads(next(DETAILS.glob(f"*/{plan_id}.json")).read_text())


def raw(payload: dict, version: str | None) -> RawPayload:
    return RawPayload(source="cdr_energy", body=payload, schema_version=version,
                      fetched_at=datetime(2024, 10, 1, tzinfo=UTC))


def dollars(cents: str) -> str:
    return str(Decimal(cents) / 100)


def as_v3(payload: dict) -> dict:
    """A real v1/v2 capture written the v3 way: dollars and v3 field names."""
    v3 = copy.deepcopy(payload)
    data = v3["data"]
    contract = data.get("electricityContract") or data["gasContract"]
    for period in contract["tariffPeriod"]:
        if "dailySupplyCharges" in period:
            period["dailySupplyCharge"] = dollars(period.pop("dailySupplyCharges"))
        rates = (period.get("singleRate") or {}).get("rates", [])
        rates += [r for tou in period.get("timeOfUseRates") or [] for r in tou["rates"]]
        for rate in rates:
            rate["unitPrice"] = dollars(rate["unitPrice"])
        for demand in period.get("demandCharges") or []:
            demand["amount"] = dollars(demand["amount"])
    for feed_in in contract.get("solarFeedInTariff") or []:
        for rate in feed_in["singleTariff"]["rates"]:
            rate["unitPrice"] = dollars(rate["unitPrice"])
    return v3


def test_v1_tariff_values_are_cents():
    period = adapter.parse(raw(body("OR2403501SR@VEC"), "1")).terms.periods[0]

    assert period.usage[0].blocks[0].unit_price == Decimal("0.154637")  # "15.4637"
    assert period.daily_supply_charge == Decimal("1.191091")  # "119.1091"


def test_v1_feed_in_tariffs_are_a_single_amount_in_cents():
    current, premium = adapter.parse(raw(body("OR2403501SR@VEC"), "1")).terms.feed_in_tariffs

    assert current.rates[0].blocks[0].unit_price == Decimal("0.0520")  # "amount": "5.20"
    assert premium.rates[0].blocks[0].unit_price == Decimal("0.6600")


def test_v2_tariff_values_are_cents():
    period = adapter.parse(raw(body("GLO591394MR@VEC"), "2")).terms.periods[0]

    assert period.usage[0].blocks[0].unit_price == Decimal("0.2740")  # "27.40"
    assert period.daily_supply_charge == Decimal("0.92")  # "92.00"


def test_v3_tariff_values_are_dollars_and_normalise_to_the_same_terms():
    from_v2 = adapter.parse(raw(body("GLO591394MR@VEC"), "2")).terms
    from_v3 = adapter.parse(raw(as_v3(body("GLO591394MR@VEC")), "3")).terms

    assert from_v3.periods == from_v2.periods
    assert from_v3.feed_in_tariffs == from_v2.feed_in_tariffs
    assert from_v3.source_version == 3


def test_a_cents_payload_labelled_v3_is_refused_rather_than_priced_100_times_too_high():
    with pytest.raises(ParseError, match=r"implausible .*v3 publishes tariff values in dollars"):
        adapter.parse(raw(body("GLO591394MR@VEC"), "3"))


def test_a_dollars_payload_labelled_v2_is_refused_rather_than_priced_100_times_too_low():
    dollar_body = as_v3(body("GLO591394MR@VEC"))
    period = dollar_body["data"]["electricityContract"]["tariffPeriod"][0]
    period["dailySupplyCharges"] = period.pop("dailySupplyCharge")

    with pytest.raises(ParseError, match=r"implausible .*v2 publishes tariff values in cents"):
        adapter.parse(raw(dollar_body, "2"))


def test_the_response_version_decides_the_unit_of_the_same_body():
    v3_body = as_v3(body("ARC577331MR@VEC"))

    assert adapter.parse(raw(v3_body, "3")).terms.periods[0].usage[0].blocks[0].unit_price == \
        Decimal("0.22")
    with pytest.raises(ParseError):
        adapter.parse(raw(v3_body, "2"))


@pytest.mark.parametrize("version", ["4", "0", "v2", "2.1"])
def test_an_unknown_version_is_refused_with_a_clear_reason(version):
    with pytest.raises(ParseError, match=rf"version '{version}' is not supported"):
        adapter.parse(raw(body("GLO591394MR@VEC"), version))


def _saved(tmp_path: Path, payload: dict) -> RawPayload:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(payload))
    return next(adapter.read_files([path]))


@pytest.mark.parametrize("plan_id, expected", [
    ("OR2403501SR@VEC", "1 (inferred)"),   # feed-in singleTariff.amount
    ("GLO591394MR@VEC", "2 (inferred)"),   # feed-in singleTariff.rates
    ("ENE588289MR@VEC", "2 (inferred)"),   # gas, no feed-in: plural dailySupplyCharges
])
def test_a_saved_files_version_is_inferred_from_its_shape(tmp_path, plan_id, expected):
    offer = adapter.parse(_saved(tmp_path, body(plan_id)))

    assert offer.provenance.schema_version == expected


def test_a_saved_v3_file_is_recognised_by_its_singular_daily_supply_charge(tmp_path):
    offer = adapter.parse(_saved(tmp_path, as_v3(body("ENE588289MR@VEC"))))

    assert offer.provenance.schema_version == "3 (inferred)"
    assert offer.terms.periods[0].daily_supply_charge == Decimal("0.766819")


def test_a_saved_file_with_nothing_to_tell_cents_from_dollars_is_refused(tmp_path):
    payload = body("ENE588289MR@VEC")
    del payload["data"]["gasContract"]["tariffPeriod"][0]["dailySupplyCharges"]

    with pytest.raises(ParseError, match="cannot infer the plan-detail version"):
        adapter.parse(_saved(tmp_path, payload))


def test_saved_plan_lists_and_broken_files_are_refused_not_dropped(tmp_path):
    plan_list = json.loads((DETAILS.parent / "plan-list" /
                            "ea345a5a-8b10-487f-af91-bfd48b0df577.json").read_text())
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")

    with pytest.raises(ParseError, match="a plan list"):
        adapter.parse(_saved(tmp_path, plan_list))
    with pytest.raises(ParseError, match="not JSON"):
        adapter.parse(next(adapter.read_files([broken])))


def test_v3_time_varying_feed_in_tariffs_keep_their_windows_and_volume_cap():
    payload = as_v3(body("GLO591394MR@VEC"))
    payload["data"]["electricityContract"]["solarFeedInTariff"] = [{
        "displayName": "Time-varying FiT", "scheme": "CURRENT", "payerType": "RETAILER",
        "tariffUType": "timeVaryingTariffs", "timeVaryingTariffs": [
            {"displayName": "Evening", "type": "PEAK", "period": "P1D",
             "rates": [{"unitPrice": "0.084", "volume": 10}, {"unitPrice": "0.041"}],
             "timeVariations": [{"days": ["BUSINESS_DAYS"], "startTime": "16:00",
                                 "endTime": "20:59"}]},
            {"displayName": "Other times", "rates": [{"unitPrice": "0.041"}],
             "timeVariations": [{"days": ["MON"]}]}]}]

    (fit,) = adapter.parse(raw(payload, "3")).terms.feed_in_tariffs
    evening, other = fit.rates

    assert (fit.scheme, fit.closed_to_new_customers) == ("CURRENT", False)
    assert [(b.volume, b.unit_price) for b in evening.blocks] == [
        (Decimal("10"), Decimal("0.084")), (None, Decimal("0.041"))]
    (window,) = evening.windows
    assert (window.days, window.start_minute, window.end_minute) == (
        frozenset(WEEKDAYS[:5]), 960, 1260)
    assert window.excludes_public_holidays
    assert (other.kind, other.windows[0].start_minute, other.windows[0].end_minute) == (
        "ALL_PERIODS", 0, 1440)


def test_a_v3_banded_daily_supply_charge_is_kept_as_blocks():
    payload = as_v3(body("GLO591394MR@VEC"))
    period = payload["data"]["electricityContract"]["tariffPeriod"][0]
    period.update(dailySupplyChargeType="BAND", bandedDailySupplyCharges=[
        {"unitPrice": "0.80", "volume": 10}, {"unitPrice": "1.10"}])
    del period["dailySupplyCharge"]

    (parsed,) = adapter.parse(raw(payload, "3")).terms.periods

    assert parsed.daily_supply_charge is None
    assert [(b.volume, b.unit_price) for b in parsed.banded_daily_supply] == [
        (Decimal("10"), Decimal("0.80")), (None, Decimal("1.10"))]


def test_a_gap_in_the_time_of_use_windows_is_listed_as_unpriceable():
    payload = body("ARC577222MR@VEC")
    off_peak = payload["data"]["electricityContract"]["tariffPeriod"][0]["timeOfUseRates"][1]
    off_peak["timeOfUse"] = off_peak["timeOfUse"][1:]  # drop "00:00"-"15:00"

    (note,) = adapter.parse(raw(payload, "2")).terms.unpriceable

    assert "no usage rate on MON 00:00-15:00, TUE 00:00-15:00, WED 00:00-15:00 and more" in note


def test_a_season_gap_a_kva_demand_charge_and_quota_pricing_are_listed_as_unpriceable():
    payload = body("OR2403501SR@VEC")
    contract = payload["data"]["electricityContract"]
    contract["tariffPeriod"][2]["startDate"] = "05-01"  # April left without a tariff
    contract["tariffPeriod"][1]["demandCharges"][0]["measureUnit"] = "KVA"
    contract["pricingModel"] = "QUOTA"

    notes = adapter.parse(raw(payload, "1")).terms.unpriceable

    assert any("demand measured in KVA" in n for n in notes)
    assert any("no usage tariff on 04-01..04-30" in n for n in notes)
    assert any(n.startswith("pricingModel QUOTA") for n in notes)


def test_a_dual_fuel_plan_becomes_an_electricity_offer_that_lists_its_unpriced_gas_half():
    payload = body("GLO591394MR@VEC")
    payload["data"]["fuelType"] = "DUAL"
    payload["data"]["gasContract"] = body("GLO575367MR@VEC")["data"]["gasContract"]

    offer = adapter.parse(raw(payload, "2"))

    assert offer.category.value == "electricity"
    assert offer.terms.unpriceable == (
        "gasContract: the gas half of this DUAL-fuel plan is not priced in this electricity "
        "offer",)
