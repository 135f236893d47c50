"""Hand-worked whole-year bills, one per pricing model in the real CDR fixtures.

Every usage here is constant so the arithmetic can be done by hand: amounts are ex GST in
the tariffs, each line is x 1.1 for GST and rounded to cents, and the total is the sum of
the rounded lines. The year is 2025 (365 days) on the AEST clock, starting 1 January.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from advocate.costing.energy import estimate_bill
from advocate.domain.usage import IntervalUsage
from providers.cdr_energy import CdrEnergyAdapter

PLANS = Path(__file__).parents[1] / "fixtures" / "cdr_energy" / "plan-detail"
HALF_HOURS = 17520
SLOT = np.arange(HALF_HOURS) % 48  # half-hour of the AEST day


def tariff(plan_id: str):
    adapter = CdrEnergyAdapter()
    path = next(PLANS.glob(f"*/{plan_id}@*.json"))
    return adapter.parse(next(adapter.read_files([path]))).terms


def usage(general, controlled=None, export=None, *, state="VIC", interval=30, unit="kWh"):
    zeros = np.zeros(len(general))
    return IntervalUsage(
        datetime(2025, 1, 1),
        interval,
        general,
        zeros if controlled is None else controlled,
        zeros if export is None else export,
        source="annual_kwh" if unit == "kWh" else "annual_mj",
        unit=unit,
        state=state,
    )


def lines(estimate) -> dict[str, Decimal]:
    return {item.item: item.amount for item in estimate.breakdown}


def test_single_rate_energy_locals_standing_offer():
    # 0.25 kWh every half hour = 4,380 kWh. Rate 23.4091 c/kWh ex GST, supply 106.1182 c/day.
    #   usage  4380 x 0.234091 = 1025.318580 x 1.1 = 1127.85
    #   supply  365 x 1.061182 =  387.331430 x 1.1 =  426.06
    #   total                                        1553.91
    bill = estimate_bill("ENE577618SR", tariff("ENE577618SR"), usage(np.full(HALF_HOURS, 0.25)))
    assert lines(bill) == {"Rate": Decimal("1127.85"), "Daily supply charge": Decimal("426.06")}
    assert bill.expected == Decimal("1553.91")
    assert bill.includes_tax and bill.currency == "AUD"


def test_monthly_blocks_and_a_pay_on_time_discount_globird():
    # 1 kWh every half hour = 48 kWh a day, above the 760.42 kWh/month first step (25.0 a day),
    # so each month's step is used up: 760.42 x 12 = 9,125.04 kWh at 27.4 c, the rest
    # 17,520 - 9,125.04 = 8,394.96 kWh at 28.5 c.
    #   block 1  9125.04 x 0.274 = 2500.26096 x 1.1 = 2750.29
    #   block 2  8394.96 x 0.285 = 2392.56360 x 1.1 = 2631.82
    #   supply       365 x 0.92  =  335.80000 x 1.1 =  369.38    -> without discount 5751.49
    #   3% pay-on-time off the bill ex GST: 0.03 x 5228.62456 = 156.858737 x 1.1 = -172.54
    #   with the discount                                                          5578.95
    plan = tariff("GLO591394MR")
    year = usage(np.full(HALF_HOURS, 1.0))
    paid_on_time = estimate_bill("GLO591394MR", plan, year, conditions=frozenset({"PAY_ON_TIME"}))
    late = estimate_bill("GLO591394MR", plan, year)
    assert lines(paid_on_time)["Peak, 0 to 760.42 kWh per P1M"] == Decimal("2750.29")
    assert lines(paid_on_time)["Peak, 760.42 and above kWh per P1M"] == Decimal("2631.82")
    assert lines(paid_on_time)["Discount: PPD"] == Decimal("-172.54")
    assert paid_on_time.expected == Decimal("5578.95")
    assert late.expected == late.without_conditional_discounts == Decimal("5751.49")
    assert late.with_conditional_discounts == Decimal("5578.95")


def test_time_of_use_with_a_membership_fee_energy_locals():
    # 0.25 kWh every half hour. The 10:00-15:00 saver window holds 10 half hours on each of
    # the 365 local days: 3,650 x 0.25 = 912.5 kWh; the rest 4,380 - 912.5 = 3,467.5 kWh.
    #   flat   3467.5 x 0.218182 = 756.546085 x 1.1 = 832.20
    #   saver   912.5 x 0.077273 =  70.511613 x 1.1 =  77.56
    #   supply    365 x 0.663636 = 242.227140 x 1.1 = 266.45
    #   membership $167.88 a year (published inc GST)  167.88
    #   total                                          1344.09
    bill = estimate_bill("ENE591027MR", tariff("ENE591027MR"), usage(np.full(HALF_HOURS, 0.25)))
    assert lines(bill) == {
        "Flat (all other times)": Decimal("832.20"),
        "Daytime Saver (10am - 3pm)": Decimal("77.56"),
        "Daily supply charge": Decimal("266.45"),
        "Membership fee": Decimal("167.88"),
    }
    assert bill.expected == Decimal("1344.09")


def test_seasonal_demand_charges_origin():
    # 0.25 kWh every half hour (0.5 kW) plus 2 kWh more at 17:00 on Wed 15 January:
    # 2.25 kWh in that half hour = 4.5 kW, January's peak in the 15:00-21:00 weekday window.
    # Summer (Dec-Mar, 121 days): 30.70 c/kW/day on the month's peak:
    #   31 Jan days x 4.5 kW + 90 other summer days x 0.5 kW = 184.5 kW-days
    #   184.5 x 0.307 = 56.6415 x 1.1 = 62.31
    # Non-summer (Apr-Nov, 244 days): 10.10 c/kW per month, 0.5 kW every month:
    #   0.5 x 244 / (365/12) = 4.010959 kW-months x 0.101 = 0.405107 x 1.1 = 0.45
    # Usage 15.4637 c/kWh: summer 121 x 12 + 2 = 1,454 kWh   x 0.154637 x 1.1 = 247.33
    #                      other  244 x 12     = 2,928 kWh   x 0.154637 x 1.1 = 498.05
    # Supply 119.1091 c/day: 121 days x 1.191091 x 1.1 = 158.53; 244 days = 319.69
    # Total 247.33 + 498.05 + 158.53 + 319.69 + 62.31 + 0.45 = 1286.36
    general = np.full(HALF_HOURS, 0.25)
    general[14 * 48 + 34] += 2.0
    bill = estimate_bill("OR2403501SR", tariff("OR2403501SR"), usage(general))
    assert lines(bill)["Demand (Summer Demand)"] == Decimal("62.31")
    assert lines(bill)["Demand (Non- Summer Demand)"] == Decimal("0.45")
    assert lines(bill)["Summer Demand Rate"] == Decimal("247.33")
    assert bill.expected == Decimal("1286.36")


def test_controlled_load_feed_in_and_direct_debit_aurora():
    # General 0.25 kWh/half hour = 4,380 kWh; controlled load 0.5 kWh in each half hour
    # 00:00-07:00 = 7 kWh/day = 2,555 kWh; export 0.2 kWh each half hour 11:00-14:00 =
    # 1.2 kWh/day = 438 kWh.
    #   general    4380 x 0.26952 = 1180.4976 x 1.1 = 1298.55
    #   supply      365 x 1.1046  =  403.179  x 1.1 =  443.50
    #   controlled 2555 x 0.175   =  447.125  x 1.1 =  491.84
    #   CL supply   365 x 0.206   =   75.19   x 1.1 =   82.71
    #   feed-in     438 x 0.08935 = -39.1353 (no GST)   -39.14   -> 2277.46
    #   direct debit $20 a year (18.181818 ex GST x 1.1)  -20.00  -> 2257.46
    cl = np.where(SLOT < 14, 0.5, 0.0)
    export = np.where((SLOT >= 22) & (SLOT < 28), 0.2, 0.0)
    year = usage(np.full(HALF_HOURS, 0.25), cl, export, state="TAS")
    plan = tariff("AUR775682RRE7")
    debit = estimate_bill("AUR", plan, year, conditions=frozenset({"DIRECT_DEBIT"}))
    assert lines(debit)["Controlled load Tariff 41"] == Decimal("491.84")
    assert lines(debit)["Tariff 41 supply"] == Decimal("82.71")
    assert lines(debit)["Feed-in credit Solar Feed-In Tariff"] == Decimal("-39.14")
    assert debit.expected == Decimal("2257.46")
    assert estimate_bill("AUR", plan, year).expected == Decimal("2277.46")


def test_daily_gas_blocks_energy_locals():
    # 120 MJ every day. Daily steps: 50 MJ at 3.5032 c, 50 at 3.4412 c, then 3.0318 c.
    #   step 1  50 x 365 = 18,250 MJ x 0.035032 = 639.3340 x 1.1 = 703.27
    #   step 2  50 x 365 = 18,250 MJ x 0.034412 = 628.0190 x 1.1 = 690.82
    #   step 3  20 x 365 =  7,300 MJ x 0.030318 = 221.3214 x 1.1 = 243.45
    #   supply       365 days x 0.766819 = 279.888935 x 1.1 = 307.88  -> 1945.42
    #   "$50 Credit" (a CONDITIONAL discount, category OTHER): 45.45 x 1.1 = -50.00 -> 1895.42
    year = usage(np.full(365, 120.0), interval=1440, unit="MJ")
    plan = tariff("ENE588289MR")
    credited = estimate_bill("ENE588289MR", plan, year, conditions=frozenset({"OTHER"}))
    assert lines(credited)["General Usage Rate, 0 to 50 MJ per P1D"] == Decimal("703.27")
    assert lines(credited)["General Usage Rate, 100 to 150 MJ per P1D"] == Decimal("243.45")
    assert credited.expected == Decimal("1895.42")
    assert estimate_bill("ENE588289MR", plan, year).expected == Decimal("1945.42")


@pytest.mark.parametrize("plan_id", ["ENE577618SR", "GLO591394MR", "AUR775682RRE7"])
def test_one_off_fees_are_listed_apart_at_their_published_amount(plan_id):
    bill = estimate_bill(plan_id, tariff(plan_id), usage(np.full(HALF_HOURS, 0.25), state="TAS"))
    assert bill.one_off_fees
    assert all(item.item not in lines(bill) for item in bill.one_off_fees)
    assert "Connection fee" in {item.item for item in bill.one_off_fees}
