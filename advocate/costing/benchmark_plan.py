"""The benchmark plan of the premium tax credit: the household's second-lowest-cost silver plan.

Rule (26 USC 36B(b)(3)(B); 26 CFR 1.36B-3(f)): the second lowest cost silver plan offered through
the Exchange where the household lives, priced for this household's members (so each silver plan
is priced with advocate.costing.health_premiums first). As implemented:

- Plans are ranked by the household's monthly premium, lowest first. Each distinct plan counts
  once, whoever issues it: the statute ranks plans, not issuers, so two silver plans of one issuer
  can be the lowest and the second lowest (Dallas County 2014: Blue Cross Blue Shield of Texas
  holds both). The same plan listed twice (same plan id, same premium) counts once.
- Ties count as separate plans: when two plans share the lowest premium, the benchmark premium is
  that same premium. The DC Health Link exchange code (ideacrew/enroll, FetchSlcsp) takes the
  second entry of the sorted premium list the same way.
- A single silver plan is its own benchmark (26 CFR 1.36B-3(f): when the Exchange offers only one
  silver plan, that plan is the applicable benchmark plan). No silver plan: no benchmark, refused.

Premiums are USD per month, before any credit and without any tobacco surcharge
(26 CFR 1.36B-3(e): the benchmark premium is adjusted only for the age of each member).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from advocate.costing.health_premiums import Member, household_premium
from advocate.domain.errors import UnpriceableTerms

RULE = "second-lowest household premium among distinct silver plans (26 CFR 1.36B-3(f))"


@dataclass(frozen=True)
class SilverPlanPremium:
    """One silver plan's monthly premium for this household (USD, no credit, no tobacco)."""

    plan_id: str
    monthly_premium: Decimal


@dataclass(frozen=True)
class Benchmark:
    """The benchmark plan: which plan, its monthly premium, and how many plans were ranked."""

    plan_id: str
    monthly_premium: Decimal
    plans_ranked: int
    rule: str = RULE


def slcsp(silver_plans: Sequence[SilverPlanPremium]) -> Benchmark:
    """The second-lowest-cost silver plan among `silver_plans` (the household's premiums)."""
    distinct = _distinct(silver_plans)
    if not distinct:
        raise UnpriceableTerms("no silver plan in the area: no benchmark, so no tax credit")
    ranked = sorted(distinct, key=lambda plan: (plan.monthly_premium, plan.plan_id))
    chosen = ranked[1] if len(ranked) > 1 else ranked[0]
    return Benchmark(chosen.plan_id, chosen.monthly_premium, len(ranked))


def slcsp_for_household(silver_rates: Sequence[tuple[str, Decimal]], members: Sequence[Member],
                        *, plan_year: int, state: str | None = None) -> Benchmark:
    """The benchmark for `members`, from (plan id, age-21 monthly rate) of every silver plan."""
    priced = [SilverPlanPremium(plan_id, household_premium(rate, members, plan_year=plan_year,
                                                           state=state).monthly)
              for plan_id, rate in silver_rates]
    return slcsp(priced)


def _distinct(silver_plans: Sequence[SilverPlanPremium]) -> list[SilverPlanPremium]:
    seen: dict[str, SilverPlanPremium] = {}
    for plan in silver_plans:
        earlier = seen.setdefault(plan.plan_id, plan)
        if earlier.monthly_premium != plan.monthly_premium:
            raise UnpriceableTerms(
                f"silver plan {plan.plan_id} is listed twice with different premiums",
                details={"plan_id": plan.plan_id,
                         "premiums": [str(earlier.monthly_premium), str(plan.monthly_premium)]})
    return list(seen.values())
