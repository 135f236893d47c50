"""Fees, metering charges and the notes every energy estimate carries."""

from __future__ import annotations

import re
from decimal import Decimal

from advocate.costing.energy_lines import Line, Priced
from advocate.costing.energy_plan import TariffPlan
from advocate.domain.costs import LineItem
from advocate.domain.energy import EnergyTariff

STATIC_NOTES = (
    "all amounts include GST at 10% (GST Act s 9-70); feed-in credits carry no GST for a "
    "household not registered for GST (ATO private ruling 1011480509269)",
    "block steps are pro-rated by the days in each billing period (daily allowance x days), "
    "billing periods are calendar months/quarters, or the whole year for yearly blocks",
    "conditional discounts are included only for the conditions the customer said they meet",
)
PERIOD_DAYS = {"D": 1.0, "W": 7.0, "M": 365 / 12, "Y": 365.0}
MATERIAL_SHARE = 0.01


def per_year(iso: str | None) -> float | None:
    """How many times a year an ISO 8601 period (P1M, P2W, P1Y...) recurs; None if unknown."""
    match = re.fullmatch(r"P(\d+)([DWMY])", iso or "")
    if not match:
        return None
    return 365.0 / (int(match[1]) * PERIOD_DAYS[match[2]])


def fee_lines(plan: TariffPlan, bill: float) -> tuple[list[Line], tuple[LineItem, ...], list[str]]:
    """Recurring fees as lines, one-off fees as items (inc GST), and what was left out.

    Everything but percent-of-bill fees is the same for every customer: cached on the plan.
    """
    static = plan.derived.get("fees")
    if static is None:
        static = plan.derived["fees"] = _static_fees(plan.tariff)
    lines, one_off, notes, percents = static
    if not percents:
        return lines, one_off, notes
    extra = [Line(name, 1.0, None, None, rate * bill, "fee") for name, rate in percents]
    return lines + extra, one_off, notes


def has_percent_of_bill_fees(plan: TariffPlan) -> bool:
    """Whether a plan charges a fee that always applies as a share of the bill."""
    fee_lines(plan, 0.0)
    return bool(plan.derived["fees"][3])


def _static_fees(tariff: EnergyTariff):
    lines, one_off, notes, percents = [], [], [], []
    for fee in tariff.fees:
        name = fee_name(fee.type)
        if fee.kind == "PERCENT_OF_BILL" and fee.trigger != "ALWAYS":
            rate = f"{float(fee.rate):.2%} " if fee.rate is not None else ""
            notes.append(f"{name} ({rate}of the bill) not included: it depends on how you pay")
        elif fee.kind == "ONE_OFF" or fee.trigger in ("JOINING", "LEAVING", "EVENT"):
            one_off.append(_one_off(name, fee))
        elif fee.trigger != "ALWAYS":
            notes.append(f"{name} not included: it depends on how you pay or are billed")
        elif fee.kind == "RECURRING" and fee.amount is not None and per_year(fee.frequency):
            times = per_year(fee.frequency)
            lines.append(
                Line(
                    name,
                    times,
                    f"x {fee.frequency}",
                    float(fee.amount),
                    times * float(fee.amount),
                    "fee",
                )
            )
        elif fee.kind == "PERCENT_OF_BILL" and fee.rate is not None:
            percents.append((name, float(fee.rate)))
        else:
            notes.append(f"{name} has no amount that can be priced")
    lines += _metering(tariff, one_off)
    return lines, tuple(one_off), notes, percents


def fee_name(fee_type: str) -> str:
    """A readable name for a CDS fee type (DD_DISHONOUR -> "Direct debit dishonour fee")."""
    words = fee_type.replace("DD_", "DIRECT_DEBIT_").replace("CC_", "CARD_").replace("_", " ")
    return f"{words.lower().capitalize()} fee"


def _one_off(name: str, fee) -> LineItem:
    published = fee.published_amount
    if published is None and fee.amount is not None:
        published = (fee.amount * Decimal("1.1")).quantize(Decimal("0.01"))
    return LineItem(
        item=name,
        amount=published if published is not None else Decimal("0"),
        unit="each" if published is not None else "amount unknown",
    )


def _metering(tariff: EnergyTariff, one_off: list[LineItem]) -> list[Line]:
    lines = []
    for charge in tariff.metering_charges:
        times = per_year(charge.period)
        if times is None:
            amount = (charge.minimum * Decimal("1.1")).quantize(Decimal("0.01"))
            one_off.append(LineItem(item=f"Metering: {charge.name}", amount=amount))
            continue
        lines.append(
            Line(
                f"Metering: {charge.name}",
                times,
                f"x {charge.period}",
                float(charge.minimum),
                times * float(charge.minimum),
                "metering",
            )
        )
    return lines


def unpriced_notes(priced: Priced, total: float) -> tuple[list[str], bool]:
    """What could not be priced, with an estimate of its size where one is possible."""
    notes = list(priced.plan.unpriced)
    material = bool(notes)
    if not any(amount > 1e-9 for amount in priced.uncovered.values()):
        return _closing(notes, priced), material
    usage_lines = [line for line in priced.lines if line.kind in ("usage", "controlled_usage")]
    quantity = sum(line.quantity for line in usage_lines)
    average = sum(line.amount for line in usage_lines) / quantity if quantity else 0.0
    for role, amount in priced.uncovered.items():
        if amount <= 1e-9:
            continue
        size = amount * average * 1.1
        flag = size > max(10.0, MATERIAL_SHARE * abs(total))
        material |= flag
        notes.append(
            f"{amount:,.1f} {role.replace('+', ' and ')} units fall in no rate of this "
            f"plan and are not priced (about ${size:,.0f} a year at its average rate)"
            + (": MATERIAL, the real bill is higher" if flag else "")
        )
    return _closing(notes, priced), material


def _closing(notes: list[str], priced: Priced) -> list[str]:
    if priced.plan.unpriced:
        notes.append(
            "the plan has parts that cannot be priced (listed above); the total leaves "
            "them out and may be too low"
        )
    return notes
