"""CDR energy contract conditions -> domain: discounts, fees, GreenPower, eligibility, contract.

GST: the standard's data holders publish fees, fixed-amount discounts, GreenPower amounts and
metering charges INCLUDING GST (DSB table, standards-maintenance #474 / Decision Proposal 190;
Origin's fee descriptions say "(GST Incl)"); they are divided by 1.1 here, unless the item's own
description shows otherwise: "not subject to GST" (Energy Locals' dishonour fee) keeps the
amount, and a quoted "$N" equal to the amount plus GST (Energy Locals' "$100 credit" published
as 90.91) shows the amount is already exclusive.
Money in these objects is dollars in every version.
"""

from __future__ import annotations

import re
from decimal import Decimal

from advocate.domain.energy import (
    GST_RATE,
    ContractTerms,
    Discount,
    Eligibility,
    Fee,
    GreenPowerOption,
    GreenPowerTier,
    Incentive,
    MeteringCharge,
)
from providers.cdr_energy_values import decimal, fraction, optional_decimal

_MICRO = Decimal("0.000001")
_CENT = Decimal("0.01")
_DOLLARS = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)")
_RECURRING = {"DAILY": "P1D", "WEEKLY": "P1W", "MONTHLY": "P1M", "BIANNUAL": "P6M",
              "ANNUAL": "P1Y"}
_CONTRACT_YEARS = {f"{n}_YEAR": n for n in range(1, 6)}
_TRIGGERS = {
    "EXIT": "LEAVING", "DISCONNECT_MOVE_OUT": "LEAVING", "DISCONNECTION": "LEAVING",
    "ESTABLISHMENT": "JOINING", "CONNECTION": "JOINING",
    "MEMBERSHIP": "ALWAYS", "CONTRIBUTION": "ALWAYS",
    "PAYMENT_PROCESSING": "PAYMENT_CHOICE", "CC_PROCESSING": "PAYMENT_CHOICE",
    "PAPER_BILL": "PAYMENT_CHOICE",
}
_NO_GST = re.compile(r"not subject to GST|GST[- ]free|no GST", re.IGNORECASE)


def ex_gst(amount: Decimal) -> Decimal:
    """A GST-inclusive amount without its 10 % GST, to the micro-dollar."""
    return (amount / (1 + GST_RATE)).quantize(_MICRO)


def published_ex_gst(published: Decimal | None, description: str) -> Decimal | None:
    """A published fee/discount amount ex GST, read as the module notes say."""
    if published is None:
        return None
    if _NO_GST.search(description):
        return published
    with_gst = (published * (1 + GST_RATE)).quantize(_CENT)
    quoted = {Decimal(m.replace(",", "")) for m in _DOLLARS.findall(description)}
    if any(abs(q - with_gst) <= _CENT for q in quoted):
        return published
    return ex_gst(published)


def fees(items: list, where: str, unpriceable: list[str]) -> tuple[Fee, ...]:
    """Fees with how and when they are charged."""
    return tuple(_fee(item, f"{where}[{i}]", unpriceable) for i, item in enumerate(items or []))


def _fee(item: dict, where: str, unpriceable: list[str]) -> Fee:
    fee_type, term = str(item.get("type") or "OTHER"), str(item.get("term") or "FIXED")
    text = str(item.get("description") or "")
    published = optional_decimal(item.get("amount"), f"{where}.amount")
    amount = published_ex_gst(published, text)
    kind, frequency = _fee_kind(fee_type, term)
    trigger = "ALWAYS" if kind == "RECURRING" and fee_type not in _TRIGGERS else \
        _TRIGGERS.get(fee_type, "EVENT")
    rate = fraction(item["rate"], f"{where}.rate", description=text) \
        if item.get("rate") not in (None, "") else None
    if trigger == "ALWAYS" and amount is None and rate is None:
        unpriceable.append(f"{where}: {fee_type} fee charged every year has no amount")
    return Fee(type=fee_type, term=term, kind=kind, trigger=trigger, amount=amount,
               published_amount=published, rate=rate, frequency=frequency,
               contract_years=_CONTRACT_YEARS.get(term), description=text)


def _fee_kind(fee_type: str, term: str) -> tuple[str, str | None]:
    if term == "PERCENT_OF_BILL":
        return "PERCENT_OF_BILL", None
    if term == "VARIABLE":
        return "VARIABLE", None
    if term in _RECURRING:
        return "RECURRING", _RECURRING[term]
    if fee_type == "MEMBERSHIP":
        # Membership is an annual fee on the AER's plan documents even when its term says
        # FIXED: Energy Locals' 257.88 is "a $21.49/month membership fee" x 12.
        return "RECURRING", "P1Y"
    return "ONE_OFF", None


def discounts(items: list, where: str, unpriceable: list[str]) -> tuple[Discount, ...]:
    """Discounts with their method and parameters."""
    return tuple(_discount(d, f"{where}[{i}]", unpriceable) for i, d in enumerate(items or []))


def _discount(item: dict, where: str, unpriceable: list[str]) -> Discount:
    method = str(item.get("methodUType") or "")
    params = item.get(method) or {}
    text = str(item.get("description") or "")
    rate = fraction(params["rate"], f"{where}.{method}.rate", description=text) \
        if params.get("rate") not in (None, "") else None
    published = optional_decimal(params.get("amount"), f"{where}.{method}.amount")
    threshold = optional_decimal(params.get("usageAmount"), f"{where}.{method}.usageAmount")
    if rate is None and published is None:
        unpriceable.append(f"{where}: discount {method or '(no method)'} has no rate or amount")
    return Discount(
        name=str(item.get("displayName") or ""), type=str(item.get("type") or "OTHER"),
        category=item.get("category"), method=method, rate=rate,
        amount=published_ex_gst(published, text), published_amount=published,
        threshold=None if threshold is None else ex_gst(threshold),
        end_date=item.get("endDate"), description=text)


def green_power(items: list, where: str) -> tuple[GreenPowerOption, ...]:
    """Optional GreenPower purchases, tier by tier."""
    return tuple(GreenPowerOption(
        name=str(g.get("displayName") or ""), scheme=str(g.get("scheme") or "OTHER"),
        charge_type=str(g.get("type") or ""), description=str(g.get("description") or ""),
        tiers=tuple(_tier(t, f"{where}[{i}].tiers[{j}]")
                    for j, t in enumerate(g.get("tiers") or [])))
        for i, g in enumerate(items or []))


def _tier(item: dict, where: str) -> GreenPowerTier:
    published = optional_decimal(item.get("amount"), f"{where}.amount")
    return GreenPowerTier(
        green_fraction=fraction(item.get("percentGreen"), f"{where}.percentGreen"),
        amount=None if published is None else ex_gst(published), published_amount=published,
        rate=fraction(item["rate"], f"{where}.rate") if item.get("rate") else None)


def eligibility(items: list) -> tuple[Eligibility, ...]:
    """Eligibility restrictions as published."""
    return tuple(Eligibility(type=str(e.get("type") or "OTHER"),
                             information=str(e.get("information") or ""),
                             description=str(e.get("description") or "")) for e in items or [])


def incentives(items: list) -> tuple[Incentive, ...]:
    """Incentives as published (never priced)."""
    return tuple(Incentive(name=str(i.get("displayName") or ""),
                           category=str(i.get("category") or "OTHER"),
                           description=str(i.get("description") or ""),
                           eligibility=str(i.get("eligibility") or "")) for i in items or [])


def metering_charges(items: list, where: str) -> tuple[MeteringCharge, ...]:
    """Metering charges in dollars ex GST."""
    charges = []
    for i, item in enumerate(items or []):
        high = optional_decimal(item.get("maximumValue"), f"{where}[{i}].maximumValue")
        charges.append(MeteringCharge(
            name=str(item.get("displayName") or ""),
            minimum=ex_gst(decimal(item.get("minimumValue"), f"{where}[{i}].minimumValue")),
            maximum=None if high is None else ex_gst(high), period=item.get("period"),
            description=str(item.get("description") or "")))
    return tuple(charges)


def contract_terms(contract: dict) -> ContractTerms:
    """The contract's flags."""
    cooling = contract.get("coolingOffDays")
    return ContractTerms(
        is_fixed=bool(contract.get("isFixed")), variation=str(contract.get("variation") or ""),
        on_expiry=str(contract.get("onExpiryDescription") or ""),
        cooling_off_days=int(cooling) if cooling is not None else None,
        term_type=contract.get("termType"), benefit_period=contract.get("benefitPeriod"),
        bill_frequencies=tuple(contract.get("billFrequency") or ()),
        payment_options=tuple(contract.get("paymentOption") or ()),
        meter_types=tuple(contract.get("meterTypes") or ()),
        terms=str(contract.get("terms") or ""),
        additional_fee_information=str(contract.get("additionalFeeInformation") or ""))
