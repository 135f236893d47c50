"""Whole-year energy bills per second: the vectorised engine against the per-interval loop.

Run: `python benchmarks/energy_bills.py [--tariffs 1200] [--reference 40] [--runs 7]`

The tariff set (>= 1,000) is derived from the real CDR electricity fixtures
(tests/fixtures/cdr_energy, 17 plans from 7 retailers) by perturbing, with a seeded RNG:
- prices: every usage, supply, demand, controlled-load and feed-in price x U(0.85, 1.15);
- windows: every time-of-use boundary moved by the same -60, 0 or +60 minutes (networks set
  the windows, so real plans in one zone share a handful of schedules; so do these);
- seasons: the year kept whole, or split into summer (Dec-Mar) and the rest, or (Nov-Mar)
  and the rest, with the second season's prices x U(0.9, 1.1);
- blocks: single-rate plans get no block, a monthly step (500 / 760.42 / 1064.58 kWh) or a
  daily step (15 / 20 / 35 kWh), the second step x 1.04.
The usage is a year of half-hourly data: the constructed NEM12 file
tests/fixtures/nem12/citipower_30min_year.csv (17,520 intervals), on Melbourne time.

numpy is pinned to one thread (OMP/OPENBLAS/MKL env set before numpy loads). Each timed run
prices the whole set once; the figure printed is the median of the warm runs, with the set
moved out of the garbage collector's way (gc.freeze after setup, as a server that preloads
its offers would); the cold first run (compiling every tariff) and a run with the default
collector are printed beside it. The reference loop prices a subset; the two must agree to
the cent on every line or the benchmark fails.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402
import gc  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advocate.costing.energy import estimate_bills, reference_bill  # noqa: E402
from advocate.costing.energy_compile import plan_for  # noqa: E402
from advocate.domain.energy import EnergyTariff, Season  # noqa: E402
from advocate.usage.meter import usage_from_nem12  # noqa: E402
from providers.cdr_energy import CdrEnergyAdapter  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
SEASON_SPLITS = (None, ("12-01", "03-31", "04-01", "11-30"), ("11-01", "03-31", "04-01", "10-31"))


def real_tariffs() -> list[EnergyTariff]:
    """The electricity plans among the real CDR fixtures."""
    adapter = CdrEnergyAdapter()
    paths = sorted((FIXTURES / "cdr_energy" / "plan-detail").glob("*/*.json"))
    out = []
    for raw in adapter.read_files(paths):
        if isinstance(raw.body, dict) and "data" in raw.body:
            terms = adapter.parse(raw).terms
            if terms.fuel == "ELECTRICITY":
                out.append(terms)
    return out


def money(value: Decimal, factor: float) -> Decimal:
    return (value * Decimal(repr(factor))).quantize(Decimal("0.000001"))


def shift(window, minutes: int):
    start = min(max(window.start_minute + minutes, 0), 1439)
    end = min(max(window.end_minute + minutes, 1), 1440) if window.end_minute else 0
    return replace(window, start_minute=start, end_minute=end)


def vary_rate(rate, factor: float, minutes: int, rng: random.Random, allow_blocks: bool):
    blocks = tuple(replace(b, unit_price=money(b.unit_price, factor)) for b in rate.blocks)
    if allow_blocks and len(blocks) == 1 and not rate.windows:
        blocks, rate = _with_block(blocks[0], rate, rng)
    return replace(rate, blocks=blocks, windows=tuple(shift(w, minutes) for w in rate.windows))


def _with_block(block, rate, rng: random.Random):
    from advocate.domain.energy import RateBlock, ResetPeriod

    kind = rng.choice(["none", "monthly", "daily"])
    if kind == "none":
        return (block,), rate
    volume = rng.choice(["500", "760.42", "1064.58"] if kind == "monthly" else ["15", "20", "35"])
    period = ResetPeriod("P1M", 1, 0) if kind == "monthly" else ResetPeriod("P1D", 0, 1)
    second = RateBlock(money(block.unit_price, 1.04))
    return (RateBlock(block.unit_price, Decimal(volume)), second), replace(rate, period=period)


def vary_period(period, factor, minutes, rng, season=None):
    supply = period.daily_supply_charge
    return replace(
        period,
        season=season or period.season,
        daily_supply_charge=money(supply, factor) if supply is not None else None,
        usage=tuple(vary_rate(r, factor, minutes, rng, True) for r in period.usage),
        demand_charges=tuple(
            replace(d, amount=money(d.amount, factor), window=shift(d.window, minutes))
            for d in period.demand_charges
        ),
    )


def variant(tariff: EnergyTariff, rng: random.Random, index: int) -> EnergyTariff:
    factor, minutes = rng.uniform(0.85, 1.15), rng.choice([-60, 0, 60])
    split = rng.choice(SEASON_SPLITS) if len(tariff.periods) == 1 else None
    if split is None:
        periods = tuple(vary_period(p, factor, minutes, rng) for p in tariff.periods)
    else:
        base = tariff.periods[0]
        periods = (
            vary_period(
                replace(base, name="Summer"),
                factor,
                minutes,
                random.Random(index),
                Season(split[0], split[1]),
            ),
            vary_period(
                replace(base, name="Non-summer"),
                factor * rng.uniform(0.9, 1.1),
                minutes,
                random.Random(index),
                Season(split[2], split[3]),
            ),
        )
    return replace(
        tariff,
        plan_id=f"{tariff.plan_id}#{index}",
        periods=periods,
        controlled_loads=tuple(
            replace(c, rates=tuple(vary_rate(r, factor, minutes, rng, False) for r in c.rates))
            for c in tariff.controlled_loads
        ),
        feed_in_tariffs=tuple(
            replace(f, rates=tuple(vary_rate(r, factor, 0, rng, False) for r in f.rates))
            for f in tariff.feed_in_tariffs
        ),
    )


def tariff_set(count: int) -> list[tuple[str, EnergyTariff]]:
    """`count` perturbed copies of the real electricity plans, round robin."""
    rng, bases = random.Random(20241026), real_tariffs()
    return [(f"bench:{i}", variant(bases[i % len(bases)], rng, i)) for i in range(count)]


def timed(offers, usage) -> tuple[float, list]:
    start = time.perf_counter()
    results = estimate_bills(offers, usage)
    return time.perf_counter() - start, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tariffs", type=int, default=1200)
    parser.add_argument("--reference", type=int, default=40)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    usage = usage_from_nem12(
        (FIXTURES / "nem12" / "citipower_30min_year.csv").read_text(), location={"postcode": "3000"}
    )
    offers = tariff_set(args.tariffs)
    schedules = len({plan_for(t).usage.schedule_id for _, t in offers})
    print(
        f"{len(offers)} tariffs ({schedules} distinct usage schedules), "
        f"{usage.n_intervals} half-hourly intervals, numpy threads pinned to 1"
    )
    gc.collect()
    cold, results = timed(offers, usage)
    plain = timed(offers, usage)[0]
    gc.collect()
    gc.freeze()
    warm = [timed(offers, usage)[0] for _ in range(args.runs)]
    rate = len(offers) / statistics.median(warm)
    print(
        f"{rate:,.0f} plan-years/s  (vectorised, median of {args.runs} warm runs; "
        f"cold first run {len(offers) / cold:,.0f}/s, default gc {len(offers) / plain:,.0f}/s)"
    )
    check_reference(offers[: args.reference], results[: args.reference], usage)


def check_reference(offers, fast, usage) -> None:
    start = time.perf_counter()
    slow = [reference_bill(offer_id, tariff, usage) for offer_id, tariff in offers]
    seconds = time.perf_counter() - start
    print(
        f"{len(offers) / seconds:,.1f} plan-years/s  (reference per-interval loop, "
        f"{len(offers)} tariffs)"
    )
    mismatched = [
        a.offer_id
        for a, b in zip(fast, slow, strict=True)
        if (a.expected, a.breakdown) != (b.expected, b.breakdown)
    ]
    assert not mismatched, f"vectorised and reference bills differ: {mismatched}"
    print(f"vectorised == reference to the cent on all {len(offers)} checked tariffs")


if __name__ == "__main__":
    main()
