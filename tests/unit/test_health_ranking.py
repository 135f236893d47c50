"""Health candidates: the whole-year cost on the grid, in cents, as the ranking reads it."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from advocate.services.health_ranking import _cents


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False)
       | st.integers(0, 10**11).map(lambda c: c / 100 + 0.005))
def test_a_grid_cost_in_cents_is_round_to_two_places_half_even_on_the_exact_value(value):
    assert _cents(np.float64(value)) == Decimal(str(round(value, 2)))
