"""Invariants of the bill engine, checked with Hypothesis.

- more consumption never lowers the bill (without feed-in);
- the order of a NEM12 file's interval rows (its 300 day rows) does not change anything;
- the breakdown adds up to the total;
- on random tariffs (seasons, windows across midnight, blocks with every reset, demand,
  controlled load, feed-in, both clocks) the vectorised engine equals the per-interval loop,
  and the dominance grid's totals equal full estimates at the scaled usage.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocate.costing.energy import estimate_bill, estimate_bills, reference_bill
from advocate.costing.energy_grid import grid_totals, scaled_usage
from advocate.domain.energy import (
    WEEKDAYS,
    ContractTerms,
    ControlledLoad,
    DemandCharge,
    Discount,
    EnergyTariff,
    FeedInTariff,
    RateBlock,
    ResetPeriod,
    Season,
    TariffPeriod,
    TimeWindow,
    UsageRate,
)
from advocate.domain.usage import IntervalUsage
from advocate.usage.meter import usage_from_nem12
from providers.cdr_energy import CdrEnergyAdapter

PLANS = Path(__file__).parents[1] / "fixtures" / "cdr_energy" / "plan-detail"
DAYS = 28
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _offers() -> list[tuple[str, EnergyTariff]]:
    adapter = CdrEnergyAdapter()
    offers = []
    for raw in adapter.read_files(sorted(PLANS.glob("*/*.json"))):
        if "errors" not in raw.body:
            offer = adapter.parse(raw)
            if offer.terms.fuel == "ELECTRICITY":
                offers.append((offer.id, offer.terms))
    return offers


OFFERS = _offers()


def usage_from(
    values: np.ndarray, *, controlled=None, export=None, state="VIC", start=datetime(2025, 3, 20)
) -> IntervalUsage:
    zeros = np.zeros(len(values))
    return IntervalUsage(
        start,
        30,
        values,
        zeros if controlled is None else controlled,
        zeros if export is None else export,
        source="nem12",
        state=state,
    )


def random_use(seed: int, scale: float) -> np.ndarray:
    return np.random.default_rng(seed).gamma(1.5, scale, DAYS * 48)


@SETTINGS
@given(
    offer=st.sampled_from(OFFERS),
    seed=st.integers(0, 2**32 - 1),
    scale=st.floats(0.0, 2.0),
    extra=st.floats(0.0, 3.0),
    conditions=st.sets(st.sampled_from(["PAY_ON_TIME", "DIRECT_DEBIT", "OTHER"])),
)
def test_more_consumption_never_lowers_the_bill(offer, seed, scale, extra, conditions):
    base = random_use(seed, scale)
    more = base + np.random.default_rng(seed + 1).uniform(0, extra, len(base))
    before = estimate_bill(*offer, usage_from(base), conditions=frozenset(conditions))
    after = estimate_bill(*offer, usage_from(more), conditions=frozenset(conditions))
    # Each line only grows; a growing discount line can round one cent further down.
    discounts = sum(1 for item in after.breakdown if item.item.startswith("Discount"))
    assert after.expected >= before.expected - Decimal("0.01") * discounts


@SETTINGS
@given(
    offer=st.sampled_from(OFFERS),
    seed=st.integers(0, 2**32 - 1),
    scale=st.floats(0.0, 2.0),
    conditions=st.sets(st.sampled_from(["PAY_ON_TIME", "DIRECT_DEBIT", "OTHER"])),
)
def test_the_breakdown_adds_up_to_the_total(offer, seed, scale, conditions):
    rng = np.random.default_rng(seed)
    use = usage_from(
        random_use(seed, scale),
        controlled=rng.uniform(0, 0.3, DAYS * 48),
        export=rng.uniform(0, 0.3, DAYS * 48),
    )
    bill = estimate_bill(*offer, use, conditions=frozenset(conditions))
    assert sum(item.amount for item in bill.breakdown) == bill.expected
    assert bill.with_conditional_discounts <= bill.expected <= bill.without_conditional_discounts


def nem12_text(rows: list[str]) -> str:
    return "\n".join(
        ["100,NEM12,202501010000,MDP,RET", "200,VAAAZZZZ00,E1B1,1,E1,N1,M1,kWh,30,", *rows, "900"]
    )


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), days=st.integers(2, 12), data=st.data())
def test_the_order_of_nem12_interval_rows_changes_nothing(seed, days, data):
    rng = random.Random(seed)
    first = date(2025, 2, 1)
    rows = [
        f"300,{first + timedelta(days=d):%Y%m%d},"
        + ",".join(f"{rng.uniform(0, 2):.3f}" for _ in range(48))
        + ",A,,,20250301000000,"
        for d in range(days)
    ]
    shuffled = data.draw(st.permutations(rows))
    ordered, mixed = usage_from_nem12(nem12_text(rows)), usage_from_nem12(nem12_text(shuffled))
    assert np.array_equal(ordered.import_kwh, mixed.import_kwh)
    offer = data.draw(st.sampled_from(OFFERS))
    assert estimate_bill(*offer, ordered) == estimate_bill(*offer, mixed)


# --- random tariffs: vectorised == reference ------------------------------------------------

MINUTES = st.integers(0, 47).map(lambda half_hours: half_hours * 30)
DAY_SETS = st.sets(st.sampled_from(WEEKDAYS), min_size=1).map(frozenset)
RESETS = st.sampled_from(
    [
        ResetPeriod("P1D", 0, 1),
        ResetPeriod("P1W", 0, 7),
        ResetPeriod("P1M", 1, 0),
        ResetPeriod("P3M", 3, 0),
        ResetPeriod("P1Y", 12, 0),
        ResetPeriod("P1M15D", 1, 15),
    ]
)
PRICES = st.integers(1, 60).map(lambda cents: Decimal(cents) / 100)


@st.composite
def windows(draw) -> tuple[TimeWindow, ...]:
    count = draw(st.integers(0, 2))
    return tuple(
        TimeWindow(draw(DAY_SETS), draw(MINUTES), draw(MINUTES) or 1440) for _ in range(count)
    )


@st.composite
def rates(draw, name: str) -> UsageRate:
    volumes = draw(st.lists(st.integers(1, 40).map(Decimal), max_size=2))
    blocks = (*(RateBlock(draw(PRICES), v) for v in volumes), RateBlock(draw(PRICES)))
    return UsageRate(
        name, "PEAK", blocks, draw(windows()), period=draw(RESETS) if volumes else None
    )


@st.composite
def seasons(draw) -> list[Season]:
    cuts = sorted(draw(st.sets(st.integers(1, 11), max_size=2)))
    if not cuts:
        return [Season()]
    bounds = [1, *[c + 1 for c in cuts]]
    out = []
    for index, month in enumerate(bounds):
        end = bounds[index + 1] - 1 if index + 1 < len(bounds) else 12
        last = (date(2025, end % 12 + 1, 1) - timedelta(days=1)).day if end < 12 else 31
        out.append(Season(f"{month:02d}-01", f"{end:02d}-{last:02d}"))
    return out


@st.composite
def periods(draw) -> tuple[TariffPeriod, ...]:
    out = []
    for index, season in enumerate(draw(seasons())):
        usage = tuple(draw(rates(f"rate {k}")) for k in range(draw(st.integers(1, 3))))
        demand = tuple(
            DemandCharge(
                f"demand {index}",
                draw(PRICES),
                TimeWindow(draw(DAY_SETS), draw(MINUTES), draw(MINUTES) or 1440),
                draw(st.sampled_from(["DAY", "MONTH", "TARIFF_PERIOD"])),
                draw(st.sampled_from(["DAY", "MONTH", "TARIFF_PERIOD"])),
                min_demand_kw=draw(st.sampled_from([None, Decimal("0.5")])),
            )
            for _ in range(draw(st.integers(0, 1)))
        )
        out.append(TariffPeriod(f"season {index}", season, draw(PRICES), usage, demand))
    return tuple(out)


@st.composite
def tariffs(draw) -> EnergyTariff:
    controlled = (
        (ControlledLoad("CL", (draw(rates("controlled")),), draw(PRICES)),)
        if draw(st.booleans())
        else ()
    )
    feed_in = (
        (FeedInTariff("FiT", "OTHER", "RETAILER", (draw(rates("feed-in")),)),)
        if draw(st.booleans())
        else ()
    )
    discounts = (
        (Discount("PPD", "CONDITIONAL", "PAY_ON_TIME", "percentOfBill", rate=Decimal("0.05")),)
        if draw(st.booleans())
        else ()
    )
    return EnergyTariff(
        "RANDOM",
        "ELECTRICITY",
        "MARKET",
        "RESIDENTIAL",
        "TIME_OF_USE",
        ContractTerms(is_fixed=False),
        draw(periods()),
        time_zone=draw(st.sampled_from(["LOCAL", "AEST"])),
        controlled_loads=controlled,
        feed_in_tariffs=feed_in,
        discounts=discounts,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tariff=tariffs(),
    seed=st.integers(0, 2**32 - 1),
    state=st.sampled_from(["VIC", "NSW", "QLD", "SA", "WA", "TAS", "NT", "ACT"]),
    start=st.sampled_from([datetime(2025, 1, 1), datetime(2025, 3, 20), datetime(2024, 9, 25)]),
)
def test_random_tariffs_bill_the_same_by_vector_and_by_loop(tariff, seed, state, start):
    rng = np.random.default_rng(seed)
    use = usage_from(
        rng.gamma(1.5, 0.4, DAYS * 48),
        controlled=rng.uniform(0, 0.5, DAYS * 48),
        export=rng.uniform(0, 0.5, DAYS * 48),
        state=state,
        start=start,
    )
    conditions = frozenset({"PAY_ON_TIME"})
    fast = estimate_bill("RANDOM", tariff, use, conditions=conditions)
    slow = reference_bill("RANDOM", tariff, use, conditions=conditions)
    assert fast.breakdown == slow.breakdown
    assert fast.expected == slow.expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tariff_list=st.lists(tariffs(), min_size=1, max_size=4),
    seed=st.integers(0, 2**32 - 1),
    factor=st.floats(0.05, 5.0),
    conditions=st.sampled_from([frozenset(), frozenset({"PAY_ON_TIME"})]),
)
def test_grid_totals_equal_full_estimates_at_the_scaled_usage(tariff_list, seed, factor,
                                                              conditions):
    rng = np.random.default_rng(seed)
    use = usage_from(
        rng.gamma(1.5, 0.4, DAYS * 48),
        controlled=rng.uniform(0, 0.5, DAYS * 48),
        export=rng.uniform(0, 0.5, DAYS * 48),
    )
    offers = [(f"plan {i}", tariff) for i, tariff in enumerate(tariff_list)]
    (totals,) = grid_totals(tariff_list, use, [factor], conditions=conditions).T
    full = estimate_bills(offers, scaled_usage(use, factor), conditions=conditions)
    assert [Decimal(int(c)).scaleb(-2) for c in totals] == [e.expected for e in full]
