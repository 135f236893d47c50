"""Whole-year energy bills: every offer's annual cost at one customer's interval usage.

What a bill is made of (rules cited where they are applied):
- supply: the season's daily supply charge x the days of the data in that season;
- usage: each interval's consumption falls in the first tariff period whose season holds its
  date and the first rate whose time window holds its time (energy_buckets); block steps
  reset per billing period and are pro-rated by days (energy_calendar);
- time of use is read on the tariff's clock: AEST tariffs on the market clock, LOCAL tariffs
  on the customer's state clock with daylight saving (IANA zone via zoneinfo); public
  holidays (the `holidays` library, by state) only matter when a tariff names them;
- demand: peak kW in a window per measurement period, charged per charge period
  (energy_demand); controlled load: the controlled-load channel at the plan's
  controlled-load rates and supply charge; feed-in: export at the plan's first open scheme;
- fees, discounts, GST, rounding and notes: energy_assembly.
Amounts are computed in floats and returned as Decimal cents including GST.

`estimate_bills` is the vectorised path (intervals bucketed once per shared schedule);
`reference_bill` (energy_reference) is a per-interval loop that must agree to the cent.
"""

from __future__ import annotations

from collections.abc import Sequence

from advocate.costing.energy_assembly import assemble
from advocate.costing.energy_compile import plan_for
from advocate.costing.energy_reference import reference_bill
from advocate.costing.energy_vector import price_plans
from advocate.domain.costs import CostEstimate
from advocate.domain.energy import EnergyTariff
from advocate.domain.errors import InvalidInput
from advocate.domain.usage import IntervalUsage

CONDITIONS = frozenset(
    {"PAY_ON_TIME", "DIRECT_DEBIT", "E_BILLING", "GUARANTEED_DISCOUNT", "OTHER", "ONLINE", "BUNDLE"}
)
FUEL_UNITS = {"ELECTRICITY": "kWh", "GAS": "MJ"}

__all__ = ["CONDITIONS", "estimate_bill", "estimate_bills", "reference_bill"]


def estimate_bills(
    offers: Sequence[tuple[str, EnergyTariff]],
    usage: IntervalUsage,
    *,
    conditions: frozenset[str] = frozenset(),
) -> list[CostEstimate]:
    """The whole-year CostEstimate of each (offer id, tariff) at `usage`, in input order.

    `conditions` are the discount categories the customer says they will meet; conditional
    discounts outside them are left out of `expected` (both other totals are given).
    """
    for offer_id, tariff in offers:
        _check_fuel(offer_id, tariff, usage)
    plans = [plan_for(tariff) for _, tariff in offers]
    priced = price_plans(plans, usage)
    return [
        assemble(offer_id, result, usage, conditions)
        for (offer_id, _), result in zip(offers, priced, strict=True)
    ]


def estimate_bill(
    offer_id: str,
    tariff: EnergyTariff,
    usage: IntervalUsage,
    *,
    conditions: frozenset[str] = frozenset(),
) -> CostEstimate:
    """The whole-year CostEstimate of one offer (the vectorised path with one tariff)."""
    return estimate_bills([(offer_id, tariff)], usage, conditions=conditions)[0]


def _check_fuel(offer_id: str, tariff: EnergyTariff, usage: IntervalUsage) -> None:
    wanted = FUEL_UNITS.get(tariff.fuel)
    if wanted is None:
        raise InvalidInput(
            f"offer {offer_id} is a {tariff.fuel} plan, which is not priced per kWh or MJ",
            field="offers",
        )
    if wanted != usage.unit:
        raise InvalidInput(
            f"offer {offer_id} is a {tariff.fuel.lower()} plan but the usage is in {usage.unit}",
            field="usage",
        )
