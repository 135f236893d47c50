"""CdrEnergyAdapter.parse on the real recorded plan details (tests/fixtures/cdr_energy)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from advocate.domain import Category, ParseError, RawPayload
from advocate.domain.energy import WEEKDAYS, EnergyTariff
from providers.cdr_energy import CdrEnergyAdapter, distributor_slug

DETAILS = Path(__file__).parents[1] / "fixtures" / "cdr_energy" / "plan-detail"
ERROR_FILE = "FXP651405MRE1@EME"
PLAN_FILES = sorted(p for p in DETAILS.glob("*/*.json") if p.stem != ERROR_FILE)
V1_PLANS = {"OR2403501SR@VEC", "OR2410950MR@VEC"}  # 2022 captures, requested with x-v: 1
EVERY_DAY = frozenset(WEEKDAYS)
WORKDAYS = frozenset(WEEKDAYS[:5])
adapter = CdrEnergyAdapter()


def body(plan_id: str) -> dict:
    return json.loads(next(DETAILS.glob(f"*/{plan_id}.json")).read_text())


def raw(payload: dict, version: str | None = "2") -> RawPayload:
    return RawPayload(source="cdr_energy", body=payload, schema_version=version,
                      fetched_at=datetime(2024, 10, 1, tzinfo=UTC),
                      url=(payload.get("links") or {}).get("self"))


def tariff(plan_id: str) -> EnergyTariff:
    version = "1" if plan_id in V1_PLANS else "2"
    return adapter.parse(raw(body(plan_id), version)).terms


def windows(rate) -> list[tuple[frozenset, int, int]]:
    return [(w.days, w.start_minute, w.end_minute) for w in rate.windows]


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.stem)
def test_every_real_plan_detail_parses_with_nothing_left_unpriced(path):
    offer = next(iter(map(adapter.parse, adapter.read_files([path]))))

    assert offer.id == f"cdr_energy:{path.stem}"
    assert offer.terms.unpriceable == ()
    assert EnergyTariff.from_json(offer.terms.to_json()) == offer.terms


def test_the_real_error_payload_is_refused_with_its_cds_code():
    saved = next(adapter.read_files(DETAILS.glob(f"*/{ERROR_FILE}.json")))

    with pytest.raises(ParseError, match="GeneralError/Unexpected") as caught:
        adapter.parse(saved)
    assert caught.value.details["title"] == "Unexpected Error Encountered"


def test_globird_glosave_normalises_to_dollars_ex_gst_with_its_blocks_and_discount():
    offer = adapter.parse(raw(body("GLO591394MR@VEC")))
    terms = offer.terms
    (period,) = terms.periods
    (rate,) = period.usage

    assert (offer.category, offer.brand, offer.brand_name) == (Category.ELECTRICITY, "globird",
                                                              "GloBird Energy")
    assert period.daily_supply_charge == Decimal("0.92")  # "92.00" c/day
    # "First 760.42 kWh/Month" at 27.40 c, the rest at 28.50 c
    assert [(b.volume, b.unit_price) for b in rate.blocks] == [
        (Decimal("760.42"), Decimal("0.2740")), (None, Decimal("0.2850"))]
    assert (rate.period.iso, rate.period.months, rate.period.days) == ("P1M", 1, 0)
    (discount,) = terms.discounts
    assert (discount.type, discount.category, discount.method, discount.rate) == (
        "CONDITIONAL", "PAY_ON_TIME", "percentOfBill", Decimal("0.03"))
    assert discount.conditional


def test_the_geography_becomes_distributor_and_postcode_keys():
    offer = adapter.parse(raw(body("GLO591394MR@VEC")))

    assert "distributor:citipower" in offer.geography.included
    assert "postcode:3000" in offer.geography.included
    assert offer.geography.covers({"postcode:3000"})
    assert offer.terms.serves("3207", "Citipower") and not offer.terms.serves("3207", "Powercor")


@pytest.mark.parametrize("name, fuel, slug", [
    ("Citipower", "ELECTRICITY", "citipower"),
    ("TasNetworks", "ELECTRICITY", "tasnetworks"),
    ("AusNet", "ELECTRICITY", "ausnet-services"),
    ("AusNet", "GAS", "ausnet-gas"),
    ("Multinet", "GAS", "multinet"),
    ("Gas Networks Victoria", "GAS", "gas-networks-victoria"),  # Tas Gas's list: no alias known
])
def test_distributor_keys_use_the_shipped_network_aliases_for_the_plans_fuel(name, fuel, slug):
    assert distributor_slug(name, fuel) == slug


def test_a_closed_premium_feed_in_tariff_is_kept_and_marked_closed():
    (premium,) = tariff("GLO591394MR@VEC").feed_in_tariffs

    assert (premium.scheme, premium.closed_to_new_customers) == ("PREMIUM", True)
    assert premium.rates[0].blocks[0].unit_price == Decimal("0.60")  # 60.00 c/kWh


def test_energy_locals_daytime_saver_has_its_windows_with_the_midnight_end_made_exclusive():
    peak, off_peak = tariff("ENE591027MR@VEC").periods[0].usage

    assert (peak.kind, peak.blocks[0].unit_price) == ("PEAK", Decimal("0.218182"))
    assert windows(peak) == [(EVERY_DAY, 0, 600), (EVERY_DAY, 900, 1440)]  # "15:00"-"00:00"
    assert (off_peak.kind, windows(off_peak)) == ("OFF_PEAK", [(EVERY_DAY, 600, 900)])


def test_origin_flexible_pricing_has_weekday_and_weekend_windows_from_four_digit_times():
    peak, shoulder, off_peak = tariff("OR2410950MR@VEC").periods[0].usage

    assert windows(peak) == [(WORKDAYS, 900, 1260)]  # "1500"-"2100"
    assert windows(shoulder) == [(WORKDAYS, 420, 900), (WORKDAYS, 1260, 1320),
                                 (frozenset({"SAT", "SUN"}), 420, 1320)]
    assert windows(off_peak) == [(EVERY_DAY, 0, 420), (EVERY_DAY, 1320, 1440)]
    assert [r.blocks[0].unit_price for r in (peak, shoulder, off_peak)] == [
        Decimal("0.24291"), Decimal("0.205364"), Decimal("0.155637")]


@pytest.mark.parametrize("plan_id, peak_price, off_peak_price", [
    ("GLO591414MR@VEC", "0.4000", "0.2080"),
    ("ARC577222MR@VEC", "0.2950", "0.1780"),
    ("FLO564173MR@VEC", "0.2597", "0.2597"),
])
def test_two_rate_plans_price_3pm_to_9pm_every_day_as_peak(plan_id, peak_price, off_peak_price):
    peak, off_peak = sorted(tariff(plan_id).periods[0].usage, key=lambda r: r.kind != "PEAK")

    assert windows(peak) == [(EVERY_DAY, 900, 1260)]
    assert sorted(w[1:] for w in windows(off_peak)) == [(0, 900), (1260, 1440)]
    assert (peak.blocks[0].unit_price, off_peak.blocks[0].unit_price) == (
        Decimal(peak_price), Decimal(off_peak_price))


def test_the_origin_standing_offer_merges_each_seasons_rate_and_demand_charge():
    summer, rest = tariff("OR2403501SR@VEC").periods

    assert (summer.season.start, summer.season.end, rest.season.start, rest.season.end) == (
        "12-01", "03-31", "04-01", "11-30")
    assert summer.daily_supply_charge == rest.daily_supply_charge == Decimal("1.191091")
    assert summer.usage[0].blocks[0].unit_price == Decimal("0.154637")  # "15.4637" c/kWh
    (demand,) = summer.demand_charges
    assert demand.amount == Decimal("0.3070")  # "30.70" c per kW
    assert (demand.unit, demand.measurement_period, demand.charge_period) == ("KW", "MONTH", "DAY")
    assert (demand.window.days, demand.window.start_minute, demand.window.end_minute) == (
        WORKDAYS, 900, 1260)
    (winter,) = rest.demand_charges
    assert (winter.amount, winter.charge_period, winter.window.end_minute) == (
        Decimal("0.1010"), "MONTH", 1290)  # "2130"


def test_the_aurora_regulated_plan_has_its_controlled_load_priced_separately():
    terms = tariff("AUR775682RRE7@EME")
    (load,) = terms.controlled_loads
    (rate,) = load.rates

    assert terms.pricing_model == "SINGLE_RATE_CONT_LOAD"
    assert (load.name, rate.kind, rate.unit) == ("Tariff 41", "SINGLE_RATE", "KWH")
    assert rate.blocks[0].unit_price == Decimal("0.1750")  # "17.50" c/kWh
    assert load.daily_supply_charge == Decimal("0.2060")  # "20.60" c/day
    assert terms.periods[0].daily_supply_charge == Decimal("1.1046")
    assert terms.periods[0].season.wraps_year_end  # "07-01".."06-30"
    assert terms.time_zone == "AEST" and not terms.time_zone_defaulted


def test_gas_blocks_are_priced_per_mj_by_season_and_the_absent_time_zone_takes_the_default():
    offer = adapter.parse(raw(body("GLO575367MR@VEC")))
    peak, off_peak = offer.terms.periods

    assert offer.category is Category.GAS
    assert (peak.season.start, peak.season.end) == ("06-01", "09-30")
    assert off_peak.season.wraps_year_end  # "10-01".."05-31"
    (rate,) = peak.usage
    assert rate.unit == "MJ"
    assert [(b.volume, b.unit_price) for b in rate.blocks] == [
        (Decimal("100"), Decimal("0.0277")), (None, Decimal("0.0230"))]
    assert rate.period.iso == "P1D"
    assert (offer.terms.time_zone, offer.terms.time_zone_defaulted) == ("AEST", True)


def test_fees_say_how_and_when_they_are_charged_in_dollars_ex_gst():
    fees = {fee.type: fee for fee in tariff("ENE577685MR@VEC").fees}

    membership = fees["MEMBERSHIP"]  # 167.88 = "$13.99/month" x 12, GST incl
    assert (membership.kind, membership.frequency, membership.trigger) == ("RECURRING", "P1Y",
                                                                          "ALWAYS")
    assert membership.amount == Decimal("152.618182")  # 167.88 / 1.1
    assert fees["DD_DISHONOUR"].amount == Decimal("10.00")  # "not subject to GST"
    assert (fees["CONNECTION"].kind, fees["CONNECTION"].trigger) == ("ONE_OFF", "JOINING")
    assert fees["CC_PROCESSING"].rate == Decimal("0.0081")


def test_a_card_fee_written_in_percent_is_read_as_a_fraction():
    rates = [fee.rate for fee in tariff("OR2410950MR@VEC").fees if fee.type == "CC_PROCESSING"]

    assert rates == [Decimal("0.0024"), Decimal("0.0056"), Decimal("0.0028"), Decimal("0.0064")]


def test_a_fixed_discount_published_ex_gst_is_recognised_by_its_quoted_amount():
    (credit,) = tariff("ENE577685MR@VEC").discounts  # "$100 credit" published as 90.91
    (direct_debit,) = tariff("AUR775682RRE7@EME").discounts  # 20.00, GST incl by the standard

    assert (credit.method, credit.amount) == ("fixedAmount", Decimal("90.91"))
    assert (direct_debit.category, direct_debit.amount) == ("DIRECT_DEBIT", Decimal("18.181818"))


def test_greenpower_shares_are_fractions_whether_written_as_percent_or_fraction():
    origin = tariff("OR2403501SR@VEC").green_power
    locals_ = tariff("ENE577647MR@VEC").green_power

    assert [o.tiers[0].green_fraction for o in origin] == [Decimal("0.25"), Decimal("0.5"),
                                                           Decimal("1")]
    assert [o.tiers[0].green_fraction for o in locals_] == [Decimal("0.1"), Decimal("0.5"),
                                                            Decimal("1")]
    assert origin[1].tiers[0].published_amount == Decimal("0.014")  # 1.4 c/kWh, in dollars


def test_contract_flags_and_intrinsic_green_power_are_kept():
    flow = tariff("FLO564160MR@VEC")
    standing = tariff("GLO562466SR@VEC")

    assert flow.intrinsic_green_fraction == Decimal("1")
    assert (flow.contract.is_fixed, flow.contract.cooling_off_days) == (False, 10)
    assert standing.contract.is_fixed and standing.plan_type == "STANDING"


def test_effective_dates_are_australian_calendar_dates():
    offer = adapter.parse(raw(body("GLO591394MR@VEC")))  # "2024-09-29T14:00:00Z"

    assert offer.effective_from == date(2024, 9, 30)
