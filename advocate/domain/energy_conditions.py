"""The conditions around an energy tariff: discounts, fees, GreenPower, eligibility, contract.

Money amounts are dollars EXCLUSIVE of GST; rates are fractions (0.03 = 3 %). Where the
payload published an amount including GST, the published figure is kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Discount:
    """A discount. `type` is `GUARANTEED`, `CONDITIONAL` or `OTHER`; `category` is
    `PAY_ON_TIME`, `DIRECT_DEBIT`, `GUARANTEED_DISCOUNT`, `OTHER` or None.

    `method` and its parameters:
    - `percentOfBill`: `rate` (fraction) of the whole bill;
    - `percentOfUse`: `rate` (fraction) of the usage charges;
    - `fixedAmount`: `amount` dollars ex GST (`published_amount` as in the payload);
    - `percentOverThreshold`: `rate` (fraction) of the usage charges above `threshold` dollars.
    The standard gives a fixed amount no period; read it as a credit once a year (Energy
    Locals' $100 joining credit; Aurora's direct-debit discount of 5.5 c/day is published as
    20.00). A CONDITIONAL discount must not be assumed earned unless the customer says so.
    """

    name: str
    type: str
    category: str | None
    method: str
    rate: Decimal | None = None
    amount: Decimal | None = None
    published_amount: Decimal | None = None
    threshold: Decimal | None = None
    end_date: str | None = None
    description: str = ""

    @property
    def conditional(self) -> bool:
        """True when the customer must meet a condition to earn it."""
        return self.type == "CONDITIONAL"


@dataclass(frozen=True)
class Fee:
    """A fee. `type` is the CDS fee type (`EXIT`, `MEMBERSHIP`, `CONNECTION`, `PAPER_BILL`, ...);
    `term` is the CDS term as published.

    `kind` says how it is charged: `ONE_OFF` (a fixed amount per occurrence), `RECURRING`
    (`amount` every `frequency`, an ISO 8601 duration: DAILY P1D, WEEKLY P1W, MONTHLY P1M,
    BIANNUAL P6M, ANNUAL P1Y), `PERCENT_OF_BILL` (`rate`, a fraction of the bill) or `VARIABLE`
    (no amount known). `trigger` says when it is incurred: `ALWAYS` (part of every year's bill,
    e.g. membership), `JOINING`, `LEAVING` (exit fees, with `contract_years` for terms
    `1_YEAR`..`5_YEAR`), `PAYMENT_CHOICE` (card, paper bill, counter payments) or `EVENT`
    (late payment, dishonour, reconnection, other).
    `amount` is dollars ex GST; `published_amount` is the payload's figure (GST-inclusive by the
    standard's convention for fees).
    """

    type: str
    term: str
    kind: str
    trigger: str
    amount: Decimal | None = None
    published_amount: Decimal | None = None
    rate: Decimal | None = None
    frequency: str | None = None
    contract_years: int | None = None
    description: str = ""


@dataclass(frozen=True)
class GreenPowerTier:
    """One GreenPower level: `green_fraction` of usage matched (0.25 = 25 %) for `amount`
    dollars ex GST per the option's charge unit, or `rate` (a fraction) for percentage types."""

    green_fraction: Decimal
    amount: Decimal | None = None
    published_amount: Decimal | None = None
    rate: Decimal | None = None


@dataclass(frozen=True)
class GreenPowerOption:
    """An optional GreenPower purchase. `charge_type` is `FIXED_PER_DAY`, `FIXED_PER_WEEK`,
    `FIXED_PER_MONTH` (tier `amount` dollars per that period), `FIXED_PER_UNIT` (dollars per
    kWh), `PERCENT_OF_USE` or `PERCENT_OF_BILL` (tier `rate`). `scheme` is `GREENPOWER`/`OTHER`."""

    name: str
    scheme: str
    charge_type: str
    tiers: tuple[GreenPowerTier, ...]
    description: str = ""


@dataclass(frozen=True)
class Eligibility:
    """An eligibility restriction: CDS `type` (`EXISTING_SOLAR`, `NEW_CUSTOMER`, `OTHER`, ...)
    with its free-text `information` and optional `description`."""

    type: str
    information: str
    description: str = ""


@dataclass(frozen=True)
class Incentive:
    """A non-price incentive (`GIFT`, `ACCOUNT_CREDIT`, `OTHER`); shown, never priced."""

    name: str
    category: str
    description: str
    eligibility: str = ""


@dataclass(frozen=True)
class MeteringCharge:
    """A metering charge: `minimum`..`maximum` dollars ex GST (`maximum` None for a single
    value) each `period` (ISO 8601 duration; None means once)."""

    name: str
    minimum: Decimal
    maximum: Decimal | None = None
    period: str | None = None
    description: str = ""


@dataclass(frozen=True)
class ContractTerms:
    """The contract's flags. `is_fixed`: prices fixed for the benefit period (True) or variable.
    `cooling_off_days`: cooling-off period (None when absent). `term_type`: `1_YEAR`..`5_YEAR`,
    `ONGOING`, `OTHER` or None (no specified term). `bill_frequencies`: ISO durations.
    Exit fees are the `Fee`s with type `EXIT` (see `EnergyTariff.exit_fees`).
    `additional_fee_information` is the payload's free text about other fees (e.g. interest on
    overdue accounts), shown, never priced."""

    is_fixed: bool
    variation: str = ""
    on_expiry: str = ""
    cooling_off_days: int | None = None
    term_type: str | None = None
    benefit_period: str | None = None
    bill_frequencies: tuple[str, ...] = ()
    payment_options: tuple[str, ...] = ()
    meter_types: tuple[str, ...] = ()
    terms: str = ""
    additional_fee_information: str = ""
