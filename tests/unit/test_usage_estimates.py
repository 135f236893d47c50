"""Usage without a meter file: annual kWh, a bill, a household, gas and solar; request errors."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from advocate.domain import InvalidInput
from advocate.usage import usage_from_request
from advocate.usage.benchmarks import Household, household_annual_gas_mj, household_annual_kwh
from advocate.usage.bills import bill_share_of_year
from advocate.usage.profiles import seasonal_shares

MELBOURNE = {"postcode": "3000", "distributor": "citipower"}
HOBART = {"postcode": "7000"}


def seasons(usage) -> dict[str, float]:
    per_day = usage.import_kwh.reshape(usage.days, -1).sum(axis=1)
    months = np.array([usage.first_day.replace(month=1).toordinal() + i for i in range(usage.days)])
    month = np.array([date.fromordinal(int(d)).month for d in months])
    return {
        name: float(per_day[np.isin(month, ms)].sum())
        for name, ms in {
            "summer": (12, 1, 2),
            "autumn": (3, 4, 5),
            "winter": (6, 7, 8),
            "spring": (9, 10, 11),
        }.items()
    }


def test_annual_kwh_is_spread_half_hourly_and_keeps_its_total():
    usage = usage_from_request({"annual_kwh": 4000}, MELBOURNE)
    assert (usage.interval_minutes, usage.n_intervals, usage.source) == (30, 17520, "annual_kwh")
    assert usage.annual_kwh == pytest.approx(4000)
    assert (usage.state, usage.distributor, usage.postcode) == ("VIC", "citipower", "3000")


def test_annual_kwh_follows_the_aer_seasonal_shape_of_the_climate_zone():
    # Zone 6, VIC: summer 0.228108461, winter 0.31151963 of a year's use.
    by_season = seasons(usage_from_request({"annual_kwh": 4000}, MELBOURNE))
    assert by_season["summer"] == pytest.approx(4000 * 0.228108461, rel=1e-6)
    assert by_season["winter"] == pytest.approx(4000 * 0.31151963, rel=1e-6)


def test_the_daily_shape_follows_local_time_so_moves_an_hour_in_daylight_saving():
    usage = usage_from_request({"annual_kwh": 4000}, MELBOURNE)
    grid = usage.import_kwh.reshape(365, 48)
    january, july = grid[14], grid[195]  # a Wednesday in each; the data clock is AEST
    assert int(np.argmax(july)) in (37, 38)  # 18:30-19:30 AEST = local time in winter
    assert int(np.argmax(january)) in (35, 36)  # 17:30-18:30 AEST = 18:30-19:30 AEDT


def test_a_bill_is_scaled_to_a_year_by_its_share_of_the_seasonal_shape():
    # SA zone 5 winter share 0.30157297; a bill of 1,500 kWh covering all 92 winter days
    # is that share of a year: 1500 / 0.30157297 = 4,973.92 kWh.
    usage = usage_from_request(
        {"bill": {"start": "2024-06-01", "end": "2024-08-31", "kwh": 1500}}, {"postcode": "5000"}
    )
    assert usage.annual_kwh == pytest.approx(1500 / 0.30157297, rel=1e-6)
    assert usage.source == "bill"


def test_a_part_season_bill_counts_its_days():
    shares = seasonal_shares("gas", None, "VIC")
    # 1 Jul - 31 Aug is 62 of winter's 92 days: 0.469913712 * 62 / 92
    assert bill_share_of_year(date(2025, 7, 1), date(2025, 8, 31), shares) == pytest.approx(
        0.469913712 * 62 / 92
    )


def test_a_peak_off_peak_bill_keeps_its_split_in_the_bill_period():
    bill = {"start": "2025-01-01", "end": "2025-03-31", "peak_kwh": 400, "off_peak_kwh": 600}
    usage = usage_from_request({"bill": bill}, HOBART)
    grid = usage.import_kwh.reshape(365, 48)[:90]
    peak = grid[:, 30:42].sum()  # 15:00-21:00, the default peak window
    assert peak / grid.sum() == pytest.approx(0.4)


def test_household_benchmark_scales_the_zone_average_by_household_size():
    # Zone 2 average 5,341 kWh; a 4-person household in zone 6 uses 4 x 1,583 kWh against the
    # zone's 4,953 kWh average: 5341 * 4 * 1583 / 4953 = 6,828.0 kWh.
    kwh, notes = household_annual_kwh(Household(people=4), climate_zone=2)
    assert kwh == pytest.approx(5341 * 4 * 1583 / 4953)
    assert "climate zone 2" in notes[0]


def test_a_pool_adds_ten_kwh_a_day():
    # Zone 6, 3 people: 4 x 1,410 = 5,640 kWh; a pool adds 10 x 365 = 3,650 kWh.
    usage = usage_from_request({"household": {"people": 3, "pool": True}}, MELBOURNE)
    assert usage.annual_kwh == pytest.approx(5640 + 3650)
    assert usage.source == "household_benchmark"


def test_households_of_more_than_five_use_the_five_plus_benchmark():
    assert household_annual_kwh(Household(8), 6)[0] == household_annual_kwh(Household(5), 6)[0]


def test_gas_household_sums_the_aer_seasonal_megajoules():
    # VIC Table 33, 2 people: 3,911 + 10,230 + 23,855 + 12,466 = 50,462 MJ
    assert household_annual_gas_mj(Household(2, gas=True), "VIC")[0] == 50462
    usage = usage_from_request({"household": {"people": 2, "gas": True}}, MELBOURNE, fuel="gas")
    assert (usage.unit, usage.interval_minutes, usage.days) == ("MJ", 1440, 365)
    assert usage.annual_import == pytest.approx(50462)


def test_gas_benchmarks_are_missing_outside_nsw_and_victoria():
    with pytest.raises(InvalidInput) as caught:
        usage_from_request({"household": {"people": 2}}, HOBART, fuel="gas")
    assert caught.value.field == "usage.household.gas"


def test_gas_from_a_bill_uses_the_gas_seasonal_shape():
    usage = usage_from_request(
        {"bill": {"start": "2025-07-01", "end": "2025-08-31", "mj": 5000}}, MELBOURNE, fuel="gas"
    )
    assert usage.annual_import == pytest.approx(5000 / (0.469913712 * 62 / 92), rel=1e-6)


def test_solar_export_is_spread_over_daylight_only():
    usage = usage_from_request({"annual_kwh": 4000, "solar_export_kwh": 2000}, HOBART)
    grid = usage.export_kwh.reshape(365, 48)
    assert usage.annual_export_kwh == pytest.approx(2000)
    assert grid[:, :8].sum() == 0 and grid[:, 44:].sum() == 0  # no sun before 04:00 or after 22:00
    assert grid[172].sum() < grid[355].sum()  # less in late June than in late December


def test_controlled_load_runs_overnight():
    usage = usage_from_request({"annual_kwh": 4000, "controlled_load_kwh": 1000}, HOBART)
    grid = usage.controlled_kwh.reshape(365, 48)
    assert grid.sum() == pytest.approx(1000)
    assert grid[100, 14:44].sum() == 0  # 07:00-22:00 AEST in autumn, standard time


@pytest.mark.parametrize(
    ("usage", "location", "field"),
    [
        ({}, MELBOURNE, "usage"),
        ({"annual_kwh": 1, "nem12": "x"}, MELBOURNE, "usage"),
        ({"annual_kwh": -5}, MELBOURNE, "usage.annual_kwh"),
        ({"annual_kwh": "many"}, MELBOURNE, "usage.annual_kwh"),
        ({"annual_kwh": 4000}, {"postcode": "3000"}, "location.distributor"),
        ({"household": {"people": 0}}, MELBOURNE, "usage.household.people"),
        ({"household": {"people": 2, "pool": "yes"}}, MELBOURNE, "usage.household.pool"),
        (
            {"bill": {"start": "2025-13-01", "end": "2025-02-01", "kwh": 5}},
            MELBOURNE,
            "usage.bill.start",
        ),
        (
            {"bill": {"start": "2025-03-01", "end": "2025-02-01", "kwh": 5}},
            MELBOURNE,
            "usage.bill.end",
        ),
        ({"bill": {"start": "2025-01-01", "end": "2025-02-01"}}, MELBOURNE, "usage.bill.kwh"),
        (
            {
                "bill": {
                    "start": "2025-01-01",
                    "end": "2025-02-01",
                    "peak_kwh": 5,
                    "windows": {"peak": [["21:00", "15:00"]]},
                }
            },
            MELBOURNE,
            "usage.bill.windows.peak",
        ),
        ({"annual_kwh": 4000, "year": 1900}, MELBOURNE, "usage.year"),
        ({"annual_mj": 20000}, MELBOURNE, "usage.annual_mj"),
        ({"nem12": "100,NEM12,x,a,b", "solar_export_kwh": 5}, MELBOURNE, "usage.solar_export_kwh"),
    ],
)
def test_unusable_requests_name_the_field(usage, location, field):
    with pytest.raises(InvalidInput) as caught:
        usage_from_request(usage, location)
    assert caught.value.field == field
