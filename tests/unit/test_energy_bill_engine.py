"""The vectorised engine agrees with the per-interval reference, the dominance grid's totals-only
path agrees with both, and the engine reads clocks correctly."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from advocate.costing.energy import estimate_bill, estimate_bills, reference_bill
from advocate.costing.energy_calendar import build_calendar
from advocate.costing.energy_compile import plan_for
from advocate.costing.energy_grid import grid_totals, scaled_usage
from advocate.domain import InvalidInput
from advocate.domain.energy import (
    PUBLIC_HOLIDAYS,
    WEEKDAYS,
    ContractTerms,
    EnergyTariff,
    RateBlock,
    Season,
    TariffPeriod,
    TimeWindow,
    UsageRate,
)
from advocate.domain.usage import IntervalUsage
from advocate.services.ranking_inputs import ENERGY_GRID
from advocate.usage.meter import usage_from_nem12
from providers.cdr_energy import CdrEnergyAdapter

FIXTURES = Path(__file__).parents[1] / "fixtures"
HALF_HOURS = 17520


def real_offers() -> list[tuple[str, EnergyTariff]]:
    adapter = CdrEnergyAdapter()
    paths = sorted((FIXTURES / "cdr_energy" / "plan-detail").glob("*/*.json"))
    offers = []
    for raw in adapter.read_files(paths):
        if "errors" in raw.body:
            continue
        offer = adapter.parse(raw)
        offers.append((offer.id, offer.terms))
    return offers


OFFERS = real_offers()
ELECTRICITY = [o for o in OFFERS if o[1].fuel == "ELECTRICITY"]
GAS = [o for o in OFFERS if o[1].fuel == "GAS"]


def year(general, controlled=None, export=None, state="VIC", source="annual_kwh"):
    zeros = np.zeros(len(general))
    return IntervalUsage(
        datetime(2025, 1, 1),
        30,
        general,
        zeros if controlled is None else controlled,
        zeros if export is None else export,
        source=source,
        state=state,
    )


def usages() -> dict[str, IntervalUsage]:
    rng = np.random.default_rng(7)
    slot = np.arange(HALF_HOURS) % 48
    return {
        "flat": year(np.full(HALF_HOURS, 0.3)),
        "random with controlled load and solar": year(
            rng.gamma(2.0, 0.2, HALF_HOURS),
            np.where(slot < 12, rng.uniform(0, 1, HALF_HOURS), 0),
            np.where((slot > 18) & (slot < 32), rng.uniform(0, 0.8, HALF_HOURS), 0),
        ),
        "nem12 with controlled load and export": usage_from_nem12(
            (FIXTURES / "nem12" / "tasnetworks_controlled_load_solar_4weeks.csv").read_text()
        ),
    }


def flat_tariff(*rates: UsageRate, time_zone: str = "LOCAL") -> EnergyTariff:
    return EnergyTariff(
        "HAND",
        "ELECTRICITY",
        "MARKET",
        "RESIDENTIAL",
        "TIME_OF_USE",
        ContractTerms(is_fixed=False),
        (TariffPeriod("All year", Season(), None, rates),),
        time_zone=time_zone,
    )


def rate(name: str, price: str, *windows: TimeWindow) -> UsageRate:
    return UsageRate(name, name.upper(), (RateBlock(Decimal(price)),), windows)


def every_day(start: int, end: int, days=WEEKDAYS, **kwargs) -> TimeWindow:
    return TimeWindow(frozenset(days), start, end, **kwargs)


@pytest.mark.parametrize("usage_name", list(usages()))
def test_vectorised_bills_equal_the_reference_loop_to_the_cent_on_every_real_plan(usage_name):
    usage = usages()[usage_name]
    for (offer_id, tariff), fast in zip(
        ELECTRICITY, estimate_bills(ELECTRICITY, usage), strict=True
    ):
        slow = reference_bill(offer_id, tariff, usage)
        assert (
            fast.expected,
            fast.with_conditional_discounts,
            fast.without_conditional_discounts,
        ) == (slow.expected, slow.with_conditional_discounts, slow.without_conditional_discounts)
        assert fast.breakdown == slow.breakdown, offer_id


@pytest.mark.parametrize("usage_name", list(usages()))
@pytest.mark.parametrize("conditions", [frozenset(), frozenset({"PAY_ON_TIME", "DIRECT_DEBIT"})])
def test_grid_totals_equal_full_estimates_at_every_scaled_usage_on_every_real_plan(
        usage_name, conditions):
    usage = usages()[usage_name]
    factors = (*ENERGY_GRID, 0.1, 3.7)
    totals = grid_totals([tariff for _, tariff in ELECTRICITY], usage, factors,
                         conditions=conditions)
    for column, factor in enumerate(factors):
        full = estimate_bills(ELECTRICITY, scaled_usage(usage, factor), conditions=conditions)
        assert [Decimal(int(c)).scaleb(-2) for c in totals[:, column]] == [
            e.expected for e in full], factor


def test_grid_totals_scale_consumption_but_not_export():
    usage = usages()["random with controlled load and solar"]
    tariffs = [tariff for _, tariff in ELECTRICITY]
    doubled = usage.with_changes(import_kwh=usage.import_kwh * 2,
                                 controlled_kwh=usage.controlled_kwh * 2)
    assert (grid_totals(tariffs, usage, [2.0]) == grid_totals(tariffs, doubled, [1.0])).all()


def test_grid_factors_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        grid_totals([ELECTRICITY[0][1]], usages()["flat"], [0.0])


def test_usages_sharing_timestamps_price_as_if_each_were_the_first(monkeypatch):
    # The second customer has the first one's timestamps but another state (clock and
    # holidays) and other use: nothing of the first customer's may leak into their bills.
    from advocate.costing import energy_buckets

    rng = np.random.default_rng(11)
    first = year(rng.gamma(2.0, 0.2, HALF_HOURS), state="VIC")
    second = year(rng.gamma(2.0, 0.3, HALF_HOURS), state="QLD",
                  export=rng.uniform(0, 0.2, HALF_HOURS))
    estimate_bills(ELECTRICITY, first)
    shared = estimate_bills(ELECTRICITY, second)
    monkeypatch.setattr(energy_buckets, "_TIMEBASES", type(energy_buckets._TIMEBASES)())
    fresh = estimate_bills(ELECTRICITY, second)
    assert [(e.expected, e.breakdown) for e in shared] == [
        (e.expected, e.breakdown) for e in fresh]


def test_shared_stagings_and_contexts_price_as_if_each_customer_were_the_first(monkeypatch):
    # A market's customers share the plans' staging (energy_vector.stage) and the grid's fixed
    # parts kept with it; one usage's estimates and grid share its PricingContext. A customer
    # in another state, with export and other conditions, gets what a fresh worker gives them.
    from advocate.costing import energy_buckets, energy_vector

    rng = np.random.default_rng(12)
    first = year(rng.gamma(2.0, 0.2, HALF_HOURS), state="VIC")
    second = year(rng.gamma(2.0, 0.3, HALF_HOURS), state="QLD",
                  export=rng.uniform(0, 0.2, HALF_HOURS))
    tariffs = [tariff for _, tariff in ELECTRICITY]
    plans = [plan_for(tariff) for tariff in tariffs]

    def answers(usage, conditions):
        bills = estimate_bills(ELECTRICITY, usage, conditions=conditions)
        return ([(e.expected, e.breakdown, e.assumptions) for e in bills],
                grid_totals(tariffs, usage, ENERGY_GRID, conditions=conditions).tolist())

    answers(first, frozenset())
    assert energy_vector.stage(plans, first) is energy_vector.stage(
        plans, first.with_changes(import_kwh=first.import_kwh * 2))
    assert energy_buckets.pricing_context(second) is energy_buckets.pricing_context(second)
    shared = answers(second, frozenset({"PAY_ON_TIME"}))
    for module, name in ((energy_vector, "_STAGINGS"), (energy_buckets, "_CONTEXTS"),
                         (energy_buckets, "_TIMEBASES")):
        monkeypatch.setattr(module, name, type(getattr(module, name))())
    assert shared == answers(second, frozenset({"PAY_ON_TIME"}))


def test_vectorised_gas_bills_equal_the_reference_loop():
    rng = np.random.default_rng(3)
    gas = IntervalUsage(
        datetime(2025, 1, 1),
        1440,
        rng.gamma(3, 40, 365),
        np.zeros(365),
        np.zeros(365),
        source="annual_mj",
        unit="MJ",
        state="VIC",
    )
    for (offer_id, tariff), fast in zip(GAS, estimate_bills(GAS, gas), strict=True):
        assert fast.breakdown == reference_bill(offer_id, tariff, gas).breakdown


def test_local_time_of_use_follows_melbourne_daylight_saving():
    # 1 kWh at 14:30-15:00 AEST every day; peak is 15:00-21:00 local. In daylight saving
    # (1 Jan - 5 Apr = 95 days, 5 Oct - 31 Dec = 88 days) that half hour is 15:30 AEDT: peak.
    #   183 days x 1 kWh x $0.40 = 73.20; 182 days x $0.20 = 36.40; 109.60 x 1.1 = 120.56
    # The same tariff on AEST never reaches peak: 365 x 0.20 x 1.1 = 80.30
    general = np.where(np.arange(HALF_HOURS) % 48 == 29, 1.0, 0.0)
    rates = (
        rate("Peak", "0.40", every_day(900, 1260)),
        rate("Off peak", "0.20", every_day(0, 900), every_day(1260, 1440)),
    )
    local = estimate_bill("L", flat_tariff(*rates), year(general))
    assert {i.item: i.quantity for i in local.breakdown} == {
        "Peak": Decimal("183.000"),
        "Off peak": Decimal("182.000"),
    }
    assert local.expected == Decimal("120.56")
    assert estimate_bill(
        "A", flat_tariff(*rates, time_zone="AEST"), year(general)
    ).expected == Decimal("80.30")


def test_the_local_calendar_has_a_25_hour_day_in_april_and_a_23_hour_day_in_october():
    calendar = build_calendar(year(np.zeros(HALF_HOURS)), "Australia/Melbourne", None)
    intervals = dict(zip(calendar.dates, np.bincount(calendar.date_id), strict=True))
    assert intervals[date(2025, 4, 6)] == 50 and intervals[date(2025, 10, 5)] == 46
    assert intervals[date(2025, 1, 1)] == 46  # the data starts at 01:00 AEDT
    assert intervals[date(2026, 1, 1)] == 2  # and ends at 00:59 AEDT on 1 January
    assert calendar.day_weight.sum() == pytest.approx(365)


def test_public_holidays_count_only_when_the_tariff_names_them():
    # 1 kWh at noon each day. Peak MON-FRI 07:00-23:00 except public holidays at $0.30;
    # weekends and public holidays off peak at $0.15. 2025 has 261 weekdays; 11 Victorian
    # holidays fall on them (1 Jan, 27 Jan, 10 Mar, 18 Apr, 21 Apr, 25 Apr, 9 Jun, 26 Sep,
    # 4 Nov, 25 Dec, 26 Dec): 250 peak days and 115 off-peak days.
    #   250 x 0.30 + 115 x 0.15 = 92.25 ex GST x 1.1 = 101.475 -> 101.48
    general = np.where(np.arange(HALF_HOURS) % 48 == 24, 1.0, 0.0)
    weekdays, weekend = WEEKDAYS[:5], WEEKDAYS[5:]
    tariff = flat_tariff(
        rate("Peak", "0.30", every_day(420, 1380, weekdays, excludes_public_holidays=True)),
        rate(
            "Off peak",
            "0.15",
            every_day(0, 1440, (*weekend, PUBLIC_HOLIDAYS)),
            every_day(0, 420, weekdays),
            every_day(1380, 1440, weekdays),
        ),
        time_zone="AEST",
    )
    bill = estimate_bill("H", tariff, year(general))
    assert {i.item: i.quantity for i in bill.breakdown} == {
        "Peak": Decimal("250.000"),
        "Off peak": Decimal("115.000"),
    }
    assert bill.expected == Decimal("101.48")
    assert reference_bill("H", tariff, year(general)).expected == Decimal("101.48")


def test_a_window_crossing_midnight_counts_its_early_hours_on_the_next_day():
    # 22:00-07:00 on Saturdays only: Saturday 22:00-24:00 and Sunday 00:00-07:00 are off peak.
    general = np.full(HALF_HOURS, 1.0)
    tariff = flat_tariff(
        rate("Night", "0.10", every_day(1320, 420, ("SAT",))), rate("Day", "0.20"), time_zone="AEST"
    )
    night = {i.item: i.quantity for i in estimate_bill("X", tariff, year(general)).breakdown}
    assert night["Night"] == Decimal(52 * 18)  # 52 Saturdays (2025) x 9 hours x 2 half hours


def test_feed_in_credits_are_not_grossed_up_for_gst():
    export = np.where(np.arange(HALF_HOURS) % 48 == 24, 1.0, 0.0)
    bill = estimate_bill(
        "AUR",
        dict(ELECTRICITY)["cdr_energy:AUR775682RRE7@EME"],
        year(np.full(HALF_HOURS, 0.1), export=export, state="TAS"),
    )
    credit = next(i for i in bill.breakdown if i.item.startswith("Feed-in"))
    assert credit.amount == Decimal("-32.61")  # 365 kWh x 8.935 c, no GST
    assert credit.unit_price == Decimal("0.089350")


def test_closed_premium_feed_in_schemes_are_not_assumed():
    bill = estimate_bill(
        "FLO",
        dict(ELECTRICITY)["cdr_energy:FLO564173MR@VEC"],
        year(np.full(HALF_HOURS, 0.1), export=np.full(HALF_HOURS, 0.1)),
    )
    assert any("Premium FIT [closed]" in note for note in bill.assumptions)
    credit = next(i for i in bill.breakdown if i.item.startswith("Feed-in"))
    assert credit.unit_price == Decimal("0.033000")


def test_a_gas_plan_with_electricity_usage_is_refused():
    with pytest.raises(InvalidInput, match="gas plan"):
        estimate_bills(GAS, year(np.full(HALF_HOURS, 0.1)))


def test_use_outside_every_rate_is_reported_unpriced_and_material():
    tariff = flat_tariff(rate("Evening", "0.30", every_day(1020, 1260)), time_zone="AEST")
    bill = estimate_bill("GAP", tariff, year(np.full(HALF_HOURS, 0.5)))
    assert bill.details["unpriced_material"] is True
    assert any("fall in no rate" in note and "MATERIAL" in note for note in bill.unpriced)


def test_local_tariffs_without_a_known_state_fall_back_to_aest_and_say_so():
    usage = year(np.full(HALF_HOURS, 0.2)).with_changes(state=None)
    bill = estimate_bill("ENE", dict(ELECTRICITY)["cdr_energy:ENE591027MR@VEC"], usage)
    assert any("state is unknown: AEST used" in note for note in bill.assumptions)


def test_a_short_period_is_scaled_to_a_year():
    usage = IntervalUsage(
        datetime(2025, 1, 1),
        30,
        np.full(48 * 73, 0.25),
        np.zeros(48 * 73),
        np.zeros(48 * 73),
        source="nem12",
        state="VIC",
    )
    bill = estimate_bill("ENE577618SR", dict(ELECTRICITY)["cdr_energy:ENE577618SR@VEC"], usage)
    assert bill.expected == Decimal("1553.91")  # as for the full year of the same use
    assert any("scaled by 365/73" in note for note in bill.assumptions)


def test_results_come_back_in_the_order_of_the_offers():
    results = estimate_bills(list(reversed(ELECTRICITY)), year(np.full(HALF_HOURS, 0.2)))
    assert [r.offer_id for r in results] == [o for o, _ in reversed(ELECTRICITY)]
