"""Normalised terms of an Australian energy plan (electricity or gas): `EnergyTariff`.

Built by `providers.cdr_energy` from Consumer Data Right (CDR) plan-detail payloads of every
supported version, and read by the whole-year bill engine (`advocate.costing.energy`).

Units and GST — one convention for every version
------------------------------------------------
* Every money amount is AUD, a `Decimal`, EXCLUSIVE of GST (`includes_gst` is always False;
  add `GST_RATE` = 10 %, A New Tax System (Goods and Services Tax) Act 1999 s 9-70, to bill a
  customer). Usage prices are dollars per unit (per kWh for electricity, per MJ for gas), supply
  charges dollars per day, demand charges dollars per kW per charge period, fees / discounts /
  metering charges dollars.
* Source units differ by payload version (`source_version`) and are converted at parsing:
  tariff values (unit prices, daily supply, demand, controlled load, feed-in) are CENTS in the
  v1 and v2 payloads the AER and retailers served (every 2022/2024 capture we hold, e.g.
  GloBird "dailySupplyCharges": "92.00" = 92 c/day, "unitPrice": "27.40" = 27.4 c/kWh) and are
  read as DOLLARS in v3. What the standard text says (checked in
  ConsumerDataStandardsAustralia/standards): every version types these fields AmountString
  (dollars) and already described `dailySupplyCharges` as "in dollars per day exclusive of GST"
  in the v1 and v2 pages (slate/source/includes/obsolete/get-generic-plan-detail-v1/-v2), yet
  the v1/v2 payloads were served in cents (every capture; standards-maintenance #549, 2024-07,
  finds a v1 plan mixing dollar and cent scales). #644 (2024-06) says the AER converts
  retailers' cents "into dollars to meet CDR standards", which we take to describe v3 (mandatory
  from 11 November 2024; it renames `dailySupplyCharges` to `dailySupplyCharge`), so v3 is read
  in the standard's dollars. No v3 capture was available; a price 100x off for its version is
  refused at parsing
  (providers/cdr_energy_checks.py) instead of being ranked. GreenPower tier amounts, fees,
  fixed-amount discounts and metering charges are dollars in every version (GreenPower
  "0.014" = 1.4 c/kWh in the 2022 Origin captures; standards-maintenance #571).
* GST as the standard's data holders publish it (DSB table in standards-maintenance #474, after
  Decision Proposal 190): tariff values are exclusive; fees, fixed-amount discounts, GreenPower
  amounts and metering charges are INCLUSIVE and are divided by 1.1 here (`published_amount`
  keeps the payload's figure). Feed-in tariffs are credits to the customer on which a household
  pays no GST: they are stored as published and must NOT be grossed up.
* Rates (discount, fee and GreenPower percentages) are fractions: 0.03 = 3 %.
* Gas usage prices are per MJ: the standard's `measureUnit` default (KWH) does not match how
  gas is sold in Australia, and the published figures (2.3-3.5 c) are c/MJ.

Fields of `EnergyTariff`
------------------------
plan_id, fuel (`ELECTRICITY` | `GAS`), plan_type (`MARKET` | `STANDING` | `REGULATED`),
customer_type (`RESIDENTIAL` | `BUSINESS` | None = any), pricing_model (CDS enum: `SINGLE_RATE`,
`SINGLE_RATE_CONT_LOAD`, `TIME_OF_USE`, `TIME_OF_USE_CONT_LOAD`, `FLEXIBLE`,
`FLEXIBLE_CONT_LOAD`, `QUOTA`), time_zone (`LOCAL` = the supply address's clock with daylight
saving, `AEST` = UTC+10 all year; the standard's default `AEST` applies when absent and
`time_zone_defaulted` says so; NEM12 interval data is AEST without daylight saving, so LOCAL
windows must be shifted by the engine in summer), distributors (names as published),
included_postcodes / excluded_postcodes (`NNNN` or ranges `NNNN-NNNN`; no included postcodes
means every non-excluded postcode), periods (`TariffPeriod`s, one per season: daily supply,
usage blocks or time-of-use rates with `TimeWindow`s, demand charges), controlled_loads,
feed_in_tariffs, discounts, fees, green_power (optional purchases), intrinsic_green_fraction
(share of green power included in the base price), eligibility, incentives (never priced),
contract (`ContractTerms`), metering_charges, unpriceable (see below), source_version.

Time windows are minutes of the day `[start, end)`: "1500", "15:00", "15:00:00" and "700" all
parse; an inclusive end ("1459", "23:59", "21:29:59") is moved to the next minute (900, 1440);
an end of "00:00"/"0000"/"2400" is midnight at the end of the day (1440); a window whose start
is after its end crosses midnight and is kept that way. Day sets are weekday names plus
`PUBLIC_HOLIDAYS`; `BUSINESS_DAYS` is MON-FRI with `excludes_public_holidays`. Seasons are
`MM-DD`..`MM-DD` inclusive and may wrap the year end. Block `volume`s are block sizes per the
`ResetPeriod` (ISO duration plus months/days).

`unpriceable` lists, as "<component>: <reason>", what the payload contains that a bill cannot
be computed from: rates in units other than kWh/MJ (kVA, kVAr, ...), demand measured in kVA,
QUOTA allowances, calendar days not covered by any tariff period, minutes of the week covered by
no usage rate or by two, recurring fees of unknown amount, discounts with no rate or amount,
and the gas half of a DUAL-fuel plan. The engine prices the rest and reports these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from advocate.domain.energy_conditions import (
    ContractTerms,
    Discount,
    Eligibility,
    Fee,
    GreenPowerOption,
    GreenPowerTier,
    Incentive,
    MeteringCharge,
)
from advocate.domain.energy_json import dump, load
from advocate.domain.energy_parts import (
    MINUTES_PER_DAY,
    PUBLIC_HOLIDAYS,
    WEEKDAYS,
    ControlledLoad,
    DemandCharge,
    FeedInTariff,
    RateBlock,
    ResetPeriod,
    Season,
    TariffPeriod,
    TimeWindow,
    UsageRate,
)

GST_RATE = Decimal("0.10")
DEFAULT_TIME_ZONE = "AEST"

__all__ = [
    "DEFAULT_TIME_ZONE", "GST_RATE", "MINUTES_PER_DAY", "PUBLIC_HOLIDAYS", "WEEKDAYS",
    "ContractTerms", "ControlledLoad", "DemandCharge", "Discount", "Eligibility", "EnergyTariff",
    "Fee", "FeedInTariff", "GreenPowerOption", "GreenPowerTier", "Incentive", "MeteringCharge",
    "RateBlock", "ResetPeriod", "Season", "TariffPeriod", "TimeWindow", "UsageRate",
    "distributor_key",
]


def distributor_key(name: str) -> str:
    """A distributor name as a slug for matching: "SA Power Networks" -> "sa-power-networks"."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass(frozen=True)
class EnergyTariff:
    """One energy plan's normalised terms; the module docstring documents every field."""

    plan_id: str
    fuel: str
    plan_type: str
    customer_type: str | None
    pricing_model: str
    contract: ContractTerms
    periods: tuple[TariffPeriod, ...]
    time_zone: str = DEFAULT_TIME_ZONE
    time_zone_defaulted: bool = False
    distributors: tuple[str, ...] = ()
    included_postcodes: tuple[str, ...] = ()
    excluded_postcodes: tuple[str, ...] = ()
    controlled_loads: tuple[ControlledLoad, ...] = ()
    feed_in_tariffs: tuple[FeedInTariff, ...] = ()
    discounts: tuple[Discount, ...] = ()
    fees: tuple[Fee, ...] = ()
    green_power: tuple[GreenPowerOption, ...] = ()
    intrinsic_green_fraction: Decimal | None = None
    eligibility: tuple[Eligibility, ...] = ()
    incentives: tuple[Incentive, ...] = ()
    metering_charges: tuple[MeteringCharge, ...] = ()
    unpriceable: tuple[str, ...] = ()
    source_version: int | None = None
    currency: str = "AUD"
    includes_gst: bool = False

    @property
    def exit_fees(self) -> tuple[Fee, ...]:
        """The fees charged for leaving the contract."""
        return tuple(fee for fee in self.fees if fee.type == "EXIT")

    @property
    def demand_charges(self) -> tuple[DemandCharge, ...]:
        """Every demand charge of every season."""
        return tuple(charge for period in self.periods for charge in period.demand_charges)

    def serves(self, postcode: str | None = None, distributor: str | None = None) -> bool:
        """Whether a customer at `postcode` on `distributor`'s network can take this plan.

        An excluded postcode always refuses; an empty included list accepts every postcode (the
        standard's default); an unknown argument (None) is not checked.
        """
        if postcode is not None and not self._postcode_allowed(postcode):
            return False
        if distributor is None or not self.distributors:
            return True
        return distributor_key(distributor) in {distributor_key(d) for d in self.distributors}

    def _postcode_allowed(self, postcode: str) -> bool:
        if any(_postcode_matches(postcode, item) for item in self.excluded_postcodes):
            return False
        if not self.included_postcodes:
            return True
        return any(_postcode_matches(postcode, item) for item in self.included_postcodes)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (Decimals as strings); `from_json` rebuilds an equal tariff."""
        return dump(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EnergyTariff:
        """Rebuild a tariff from its `to_json()` form."""
        return load(cls, data)


def _postcode_matches(postcode: str, item: str) -> bool:
    low, _, high = item.partition("-")
    if not high:
        return postcode.strip() == low.strip()
    code = postcode.strip()
    return code.isdigit() and int(low) <= int(code) <= int(high)
