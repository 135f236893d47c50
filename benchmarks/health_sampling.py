"""How accurate the sampled years of `advocate.costing.health_sampling` are.

Run: `.venv/bin/python benchmarks/health_sampling.py [--samples 256,512,1024]
      [--reference 32768]`

For every plan variant of the bundled CMS 2014 landscape rows (382: standard and CSR variants
of 190 plans) and a set of household shapes, computes the expected (mean), 95th-percentile and
median out-of-pocket with
- the previous design: 2,000 Latin-hypercube years (member 1's strata in order, the others'
  randomly paired with fixed seeds), numpy's default linear quantiles;
- the current design at each `--samples` count (Sobol' points, Hazen quantiles);
- a reference: the current design with `--reference` points (its own error is far smaller).
Prints, per household and overall, the largest absolute difference in USD a year (and the
99th percentile of the differences over the plans) of each design against the reference,
and of the current design against the previous one. Out-of-pocket comes from the batched
engine, which equals the reference engine to the bit (tests/unit/test_health_batch.py).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advocate.costing.health_batch_ladder import oop_batch_at_spending  # noqa: E402
from advocate.costing.health_sampling import SAMPLES, sample_years, summary  # noqa: E402
from advocate.costing.health_spending import quantile  # noqa: E402
from advocate.costing.health_tables import band_for  # noqa: E402
from advocate.domain import UnpriceableTerms  # noqa: E402
from providers.cms_rows import terms_from_row  # noqa: E402

LANDSCAPE = (ROOT / "tests" / "fixtures" / "cms_landscape"
             / "qhp_landscape_individual_medical_2014_4counties.csv")
HOUSEHOLDS = ([40], [25], [60], [8], [3], [40, 38], [62, 60], [30, 2], [40, 38, 8],
              [45, 44, 15, 12, 3])
FIGURES = ("mean", "p95", "median")


def variants() -> list:
    with open(LANDSCAPE, encoding="utf-8", newline="") as handle:
        plans = [terms_from_row(row) for row in csv.DictReader(handle)]
    return [v for terms in plans for v in terms.variants.values()]


def previous_years(ages, samples: int = 2_000, seed: int = 20_140_101) -> np.ndarray:
    """The design used before: stratified, member 1 in order, the others shuffled."""
    strata = (np.arange(samples) + 0.5) / samples
    return np.vstack([quantile(band_for(age), strata if i == 0 else
                               np.random.default_rng(seed + i).permutation(strata))
                      for i, age in enumerate(ages)])


def figures(plans, spending, previous: bool = False) -> np.ndarray:
    """(plans, 3): mean, p95, median of out-of-pocket; NaN where a plan is refused."""
    out = np.full((len(plans), 3), np.nan)
    for p, result in enumerate(oop_batch_at_spending(plans, spending)[0]):
        if not isinstance(result, UnpriceableTerms):
            total = result.total
            if previous:
                out[p] = (total.mean(), np.quantile(total, 0.95), np.median(total))
            else:
                found = summary(total)
                out[p] = (found.mean, found.p95, found.median)
    return out


def worst(a: np.ndarray, b: np.ndarray) -> str:
    gap = np.abs(a - b)
    gap = gap[~np.isnan(gap).any(axis=1)]
    return " ".join(f"{m:5.0f}/{q:4.0f}" for m, q in
                    zip(gap.max(axis=0), np.quantile(gap, 0.99, axis=0), strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", default=f"{SAMPLES // 2},{SAMPLES},{SAMPLES * 2}")
    parser.add_argument("--reference", type=int, default=32_768)
    args = parser.parse_args()
    counts = [int(n) for n in args.samples.split(",")]
    plans = variants()
    print(f"{len(plans)} plan variants; max/p99 of |difference| in USD a year, "
          f"figures {' '.join(FIGURES)}")
    totals: dict[str, list] = {}
    for ages in HOUSEHOLDS:
        reference = figures(plans, sample_years(ages, args.reference))
        before = figures(plans, previous_years(ages), previous=True)
        rows = {"previous 2000 vs reference": (before, reference)}
        for n in counts:
            now = figures(plans, sample_years(ages, n))
            rows[f"sobol {n} vs reference"] = (now, reference)
            rows[f"sobol {n} vs previous"] = (now, before)
        print(f"household {ages}")
        for label, (a, b) in rows.items():
            print(f"  {label:28} {worst(a, b)}")
            totals.setdefault(label, []).append((a, b))
    print("all households")
    for label, pairs in totals.items():
        print(f"  {label:28} "
              f"{worst(np.vstack([a for a, _ in pairs]), np.vstack([b for _, b in pairs]))}")


if __name__ == "__main__":
    main()
