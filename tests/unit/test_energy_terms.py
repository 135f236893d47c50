"""The EnergyTariff domain: windows, seasons, geography, and the JSON round trip."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from advocate.domain.energy import (
    PUBLIC_HOLIDAYS,
    WEEKDAYS,
    ContractTerms,
    DemandCharge,
    Discount,
    EnergyTariff,
    Fee,
    FeedInTariff,
    RateBlock,
    ResetPeriod,
    Season,
    TariffPeriod,
    TimeWindow,
    UsageRate,
    distributor_key,
)
from advocate.domain.offers import Category
from advocate.domain.terms import terms_from_json

EVERY_DAY = frozenset(WEEKDAYS)


def _tariff(**overrides) -> EnergyTariff:
    rate = UsageRate(name="Peak", kind="SINGLE_RATE",
                     blocks=(RateBlock(Decimal("0.2740"), Decimal("760.42")),
                             RateBlock(Decimal("0.2850"))),
                     period=ResetPeriod("P1M", 1, 0))
    night = TimeWindow(frozenset({"MON", "TUE"}), 1320, 420)
    demand = DemandCharge(name="Demand", amount=Decimal("0.3070"), window=night,
                          measurement_period="MONTH", charge_period="DAY",
                          min_demand_kw=Decimal("0"))
    values = dict(
        plan_id="GLO591394MR@VEC", fuel="ELECTRICITY", plan_type="MARKET",
        customer_type="RESIDENTIAL", pricing_model="SINGLE_RATE",
        contract=ContractTerms(is_fixed=False, cooling_off_days=10, bill_frequencies=("P1M",)),
        periods=(TariffPeriod(name="Period", season=Season("07-01", "06-30"),
                              daily_supply_charge=Decimal("0.92"), usage=(rate,),
                              demand_charges=(demand,)),),
        distributors=("Citipower",), included_postcodes=("3000", "3100-3199"),
        excluded_postcodes=("3150",),
        feed_in_tariffs=(FeedInTariff(name="FiT", scheme="PREMIUM", payer="RETAILER",
                                      rates=(UsageRate("FiT", "ALL_PERIODS",
                                                       (RateBlock(Decimal("0.60")),)),),
                                      closed_to_new_customers=True),),
        discounts=(Discount(name="PPD", type="CONDITIONAL", category="PAY_ON_TIME",
                            method="percentOfBill", rate=Decimal("0.03")),),
        fees=(Fee(type="EXIT", term="1_YEAR", kind="ONE_OFF", trigger="LEAVING",
                  amount=Decimal("50"), contract_years=1),),
        unpriceable=("x: y",), source_version=2)
    values.update(overrides)
    return EnergyTariff(**values)


def test_a_tariff_survives_the_json_round_trip_unchanged():
    tariff = _tariff()

    assert EnergyTariff.from_json(tariff.to_json()) == tariff


def test_the_json_form_writes_decimals_as_strings_and_day_sets_sorted():
    data = _tariff().to_json()

    assert data["periods"][0]["daily_supply_charge"] == "0.92"
    assert data["periods"][0]["demand_charges"][0]["window"]["days"] == ["MON", "TUE"]


def test_stored_energy_terms_come_back_as_an_energy_tariff():
    tariff = _tariff()

    assert terms_from_json(Category.ELECTRICITY, tariff.to_json()) == tariff


def test_json_written_before_a_field_was_added_still_loads_with_its_default():
    data = _tariff().to_json()
    del data["incentives"], data["currency"]

    assert EnergyTariff.from_json(data).incentives == ()


def test_a_plan_serves_an_included_postcode_on_its_distributor_whatever_the_spelling():
    tariff = _tariff()

    assert tariff.serves("3000", "CitiPower")
    assert tariff.serves("3123", "citipower")  # inside the range 3100-3199


def test_an_excluded_postcode_wins_over_an_included_range():
    assert not _tariff().serves("3150", "Citipower")


def test_a_plan_refuses_another_distributor_or_a_postcode_it_does_not_list():
    tariff = _tariff()

    assert not tariff.serves("3000", "Powercor")
    assert not tariff.serves("3001")


def test_a_plan_without_included_postcodes_serves_every_postcode_not_excluded():
    tariff = _tariff(included_postcodes=())

    assert tariff.serves("7000")
    assert not tariff.serves("3150")


def test_distributor_names_become_slugs():
    assert distributor_key("SA Power Networks") == "sa-power-networks"
    assert distributor_key(" Citipower ") == "citipower"


def test_a_window_that_crosses_midnight_runs_into_the_next_day():
    night = TimeWindow(frozenset({"FRI"}), 22 * 60, 7 * 60)  # Friday 22:00 -> Saturday 07:00

    assert night.crosses_midnight
    assert night.applies("FRI", 23 * 60)
    assert night.applies("SAT", 6 * 60 + 59)
    assert not night.applies("SAT", 7 * 60)
    assert not night.applies("FRI", 6 * 60)  # Friday early morning belongs to Thursday's night


def test_the_end_of_a_window_is_exclusive():
    peak = TimeWindow(EVERY_DAY, 15 * 60, 21 * 60)

    assert peak.applies("MON", 15 * 60)
    assert not peak.applies("MON", 21 * 60)


def test_business_days_windows_do_not_apply_on_public_holidays():
    business = TimeWindow(frozenset(WEEKDAYS[:5]), 0, 1440, excludes_public_holidays=True)
    holidays = TimeWindow(frozenset({PUBLIC_HOLIDAYS}), 0, 1440)

    assert business.applies("MON", 600)
    assert not business.applies("MON", 600, public_holiday=True)
    assert holidays.applies("MON", 600, public_holiday=True)
    assert not holidays.applies("MON", 600)


def test_a_season_that_wraps_the_year_end_contains_both_ends():
    winter_off = Season("10-01", "05-31")

    assert winter_off.wraps_year_end
    assert winter_off.contains("12-25") and winter_off.contains("05-31")
    assert not winter_off.contains("06-01")


def test_exit_fees_and_demand_charges_are_gathered_from_the_terms():
    tariff = _tariff()

    assert [fee.contract_years for fee in tariff.exit_fees] == [1]
    assert [charge.amount for charge in tariff.demand_charges] == [Decimal("0.3070")]


@given(start=st.integers(0, 1439), end=st.integers(1, 1440), minute=st.integers(0, 1439))
def test_a_window_on_every_day_covers_a_minute_exactly_when_it_lies_inside(start, end, minute):
    assume(start != end)  # parsing never makes an empty window (an equal start and end is all day)
    window = TimeWindow(EVERY_DAY, start, end)
    inside = start <= minute < end if start < end else (minute >= start or minute < end)

    assert window.applies("WED", minute) == inside
