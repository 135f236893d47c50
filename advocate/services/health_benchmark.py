"""The benchmark (second-lowest-cost silver) plan of a county for one household."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from advocate.costing.benchmark_plan import Benchmark, slcsp_for_household
from advocate.costing.health_premiums import Member
from advocate.domain import Offer
from advocate.domain.health import MetalLevel


def benchmark_for(plans: Sequence[Offer], members: Sequence[Member], year: int,
                  state: str) -> Benchmark:
    """SLCSP among the county's silver plans, priced for this household (26 CFR 1.36B-3(f))."""
    silver = [(o.terms.plan_id, o.terms.premium_age_21) for o in plans
              if o.terms.metal_level is MetalLevel.SILVER and o.terms.premium_age_21]
    return slcsp_for_household(silver, members, plan_year=year, state=state)


def cents(value: Decimal) -> Decimal:
    """Money rounded to cents."""
    return Decimal(value).quantize(Decimal("0.01"))
