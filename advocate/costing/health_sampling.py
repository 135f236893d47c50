"""The sampled years behind the expected and 95th-percentile out-of-pocket of a household.

Each member's annual spending is drawn from their age band's distribution
(`health_spending.quantile`), members independent, at the points of a Sobol' sequence: the
first SAMPLES points in as many dimensions as members, each coordinate moved to the middle of
its 1/SAMPLES stratum. Every member's spending is then exactly stratified (one point in each
1/SAMPLES slice of their distribution, as a Latin hypercube has), and pairs, triples... of
members are spread evenly too, which random pairing does not do. The points are fixed, so
figures reproduce. Sobol' direction numbers: S. Joe and F. Y. Kuo, "Constructing Sobol
sequences with better two-dimensional projections", SIAM J. Sci. Comput. 30 (2008) 2635-2654,
file new-joe-kuo-6.21201 (copyright (c) 2008 Frances Y. Kuo and Stephen Joe, BSD licence).

The 95th percentile and the median are read at those probabilities from the sorted years with
Hazen's plotting positions ((i + 0.5) / n, numpy's method="hazen"), which are exactly the
strata's middles: for one person the 95th percentile is then read between the two years on
either side of the 95th percentile of spending (out-of-pocket is non-decreasing in spending),
where the linear positions numpy uses by default would read it below.

Why SAMPLES = 512 (it was 2,000 Latin-hypercube years, members paired at random): measured
by benchmarks/health_sampling.py on all 382 plan variants of the bundled 2014 landscape rows
and ten households ([40], [25], [60], [8], [3], [40, 38], [62, 60], [30, 2], [40, 38, 8],
[45, 44, 15, 12, 3]), against the same design with 32,768 points (the converged figure).
Largest error over every plan, in USD a year (expected / 95th percentile / median
out-of-pocket):

    household          512 Sobol' years    2,000 random-paired years (before)
    one person           1 /  18 /   2          0 /  38 /   0
    two people           1 / 277 /  99          2 / 276 / 169
    three people         5 / 493 /  76         18 / 249 / 108
    five people         21 / 410 / 133         44 / 192 /  87

So the expected cost (what the ranking uses as cost) and the median are closer to the
converged figures than before, and a single person's 95th percentile too; a family's 95th
percentile moves by up to about $500 (its 99th percentile over plans: $350), where its
distribution is steep or has a step at the family's out-of-pocket maximum. Against the
figures the 2,000-year design gave, the largest change is $50 expected, $733 95th percentile,
$193 median (99th percentile over plans: $17, $498, $165). With 256 points: 36 / 603 / 230 from
the converged figures; with 1,024: 5 / 231 / 96, at twice the time of 512 for families.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from advocate.costing.health_spending import quantile
from advocate.costing.health_tables import band_for

SAMPLES = 512
SAMPLING = (f"{SAMPLES} sampled years (a Sobol' sequence over the members' spending "
            f"distributions)")
# (degree s, coefficients a, initial m_1..m_s) of dimensions 2-12 of new-joe-kuo-6.21201;
# the first dimension is van der Corput's sequence. Households have at most 12 members.
DIRECTIONS = ((1, 0, (1,)), (2, 1, (1, 3)), (3, 1, (1, 3, 1)), (3, 2, (1, 1, 1)),
              (4, 1, (1, 1, 3, 3)), (4, 4, (1, 3, 5, 13)), (5, 2, (1, 1, 5, 5, 17)),
              (5, 4, (1, 1, 5, 5, 5)), (5, 7, (1, 1, 7, 11, 19)), (5, 11, (1, 1, 5, 1, 1)),
              (5, 13, (1, 1, 1, 3, 11)))


@dataclass(frozen=True)
class Summary:
    """Mean, median and 95th percentile of out-of-pocket over the sampled years (USD)."""

    mean: float
    median: float
    p95: float


def summary(total: np.ndarray) -> Summary:
    """The figures an estimate reports from the out-of-pocket of each sampled year."""
    return Summary(mean=float(total.mean()),
                   median=float(np.quantile(total, 0.5, method="hazen")),
                   p95=float(np.quantile(total, 0.95, method="hazen")))


def sample_years(ages: Sequence[int], samples: int = SAMPLES) -> np.ndarray:
    """Spending per member (rows) in the sampled years (columns)."""
    return _years(tuple(band_for(age) for age in ages), samples)


@cache
def _years(bands: tuple, samples: int) -> np.ndarray:
    points = sobol_points(len(bands), samples)
    years = np.vstack([quantile(band, points[i]) for i, band in enumerate(bands)])
    years.setflags(write=False)
    return years


def sobol_points(dimensions: int, count: int) -> np.ndarray:
    """The first `count` (a power of two) Sobol' points in `dimensions` dimensions, each
    coordinate at the middle of its 1/count stratum: (dimensions, count), values in (0, 1)."""
    if count < 1 or count & (count - 1) or not 1 <= dimensions <= len(DIRECTIONS) + 1:
        raise ValueError(f"Sobol' points need a power of two and 1 to "
                         f"{len(DIRECTIONS) + 1} dimensions")
    bits, index = count.bit_length() - 1, np.arange(count)
    points = np.zeros((dimensions, count), dtype=np.int64)
    for dimension in range(dimensions):
        for k, number in enumerate(_direction_numbers(dimension, bits)):
            points[dimension] ^= np.where((index >> k) & 1, number, 0)
    return (points + 0.5) / count


def _direction_numbers(dimension: int, bits: int) -> list[int]:
    """v_k as integers of `bits` bits (Bratley and Fox, ACM TOMS Algorithm 659, 1988: the
    recurrence m_k = 2 a_1 m_(k-1) ^ ... ^ 2^(s-1) a_(s-1) m_(k-s+1) ^ 2^s m_(k-s) ^ m_(k-s))."""
    if dimension == 0:
        m = [1] * bits
    else:
        degree, coefficients, initial = DIRECTIONS[dimension - 1]
        m = list(initial)
        for k in range(degree, bits):
            new = m[k - degree] ^ (m[k - degree] << degree)
            for j in range(1, degree):
                if (coefficients >> (degree - 1 - j)) & 1:
                    new ^= m[k - j] << j
            m.append(new)
    return [m[k] << (bits - 1 - k) for k in range(bits)]
