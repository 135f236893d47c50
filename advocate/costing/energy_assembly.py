"""From priced lines to a CostEstimate: fees, discounts, GST, rounding, notes.

Rules and where they come from:
- GST is 10 % of the value of a taxable supply (A New Tax System (Goods and Services Tax)
  Act 1999, s 9-70); it is charged on the gross charges, not on the bill net of solar
  credits (ATO, quoted in SolarQuotes "GST and the Ergon feed-in tariff": retailers remit GST
  on "the full value of the electricity they supply to the solar owner").
- Feed-in credits carry no GST for a household: a customer not registered for GST and not
  carrying on an enterprise makes no taxable supply (s 9-5; ATO edited private ruling
  1011480509269, "GST and feeding solar panel generated electricity into the electricity
  grid": "Is GST payable...? No.").
- Discounts reduce the charges before GST. GUARANTEED discounts always apply; CONDITIONAL (and
  OTHER-type) ones only when the customer says they meet the category (PAY_ON_TIME,
  DIRECT_DEBIT, ...). percentOfBill applies to all charges (usage, supply, demand, recurring
  fees, metering), not to feed-in credits; percentOfUse to usage charges; a fixedAmount is
  counted once in the year; percentOverThreshold to usage charges above the threshold.
- Recurring fees that always apply (membership) are in the year's total; fees that depend on a
  payment choice (card surcharges, paper bills) are left out and named; one-off fees
  (connection, exit, reconnection...) are listed apart in `one_off_fees`.
- Breakdown amounts INCLUDE GST and are rounded to cents (half up, after rounding to 1e-6
  to drop floating-point noise); the totals are the sums of the rounded lines, so the
  breakdown always adds up to the total.
"""

from __future__ import annotations

import math
from decimal import Decimal

from advocate.costing.energy_lines import Line, Priced
from advocate.costing.energy_notes import STATIC_NOTES, fee_lines, unpriced_notes
from advocate.domain.costs import CostEstimate, LineItem
from advocate.domain.usage import IntervalUsage

GST = 0.10
GROSS = 1 + GST  # a taxed amount's multiplier (the same double as 1.1)
TAXABLE = {"usage", "controlled_usage", "supply", "controlled_supply", "demand", "fee", "metering"}
USE = {"usage", "controlled_usage"}
TAXED = TAXABLE | {"discount"}


def cents(value: float) -> int:
    """Whole cents, half away from zero; noise below 1e-9 dollars cannot move a half cent."""
    scaled = math.floor(abs(value) * 100 + 0.5000001)
    return scaled if value >= 0 else -scaled


def money(cents_value: int) -> Decimal:
    """A Decimal dollar amount with two places from whole cents."""
    return Decimal(cents_value).scaleb(-2)


def assemble(
    offer_id: str, priced: Priced, usage: IntervalUsage, conditions: frozenset[str]
) -> CostEstimate:
    """The CostEstimate of one priced plan for a customer meeting `conditions`."""
    plan = priced.plan
    lines, notes = _metered(priced, usage)
    bill = sum(line.amount for line in lines if line.kind in TAXABLE)
    fees, one_off, fee_notes = fee_lines(plan, bill)
    lines, notes = lines + fees, notes + fee_notes
    bill += sum(line.amount for line in fees)
    use = sum(line.amount for line in lines if line.kind in USE)
    line_cents = [cents(inc_gst(line)) for line in lines]
    charged = sum(line_cents)
    if plan.tariff.discounts:
        variants = {
            name: earned_discounts(plan.tariff.discounts, bill, use, applies)
            for name, applies in discount_variants(conditions).items()
        }
    else:  # most plans: the three totals are the charges
        variants = dict.fromkeys(("expected", "with", "without"), ([], []))
    totals = {
        name: charged + sum(cents(inc_gst(d)) for d in found)
        for name, (found, _) in variants.items()
    }
    discounts, applied = variants["expected"]
    unpriced, material = unpriced_notes(priced, totals["expected"] / 100)
    items = [_item(line, amount) for line, amount in zip(lines, line_cents, strict=True)]
    items += [_item(d, cents(inc_gst(d))) for d in discounts]
    taxable = bill + sum(d.amount for d in discounts)
    return CostEstimate(
        offer_id,
        "AUD",
        True,
        money(totals["expected"]),
        money(totals["with"]),
        money(totals["without"]),
        tuple(items),
        one_off,
        assumptions=(*STATIC_NOTES, *plan.notes, *notes, *usage.assumptions),
        unpriced=tuple(unpriced),
        details=_details(taxable, material, applied, variants["with"][1]),
    )


def _metered(priced: Priced, usage: IntervalUsage) -> tuple[list[Line], list[str]]:
    """The priced lines scaled to 365 days when the data covers another length."""
    scale = usage.annualisation
    if scale == 1.0:
        return list(priced.lines), list(priced.notes)
    note = f"the data covers {usage.days} days; metered charges scaled by 365/{usage.days}"
    return [_scaled(line, scale) for line in priced.lines], [*priced.notes, note]


def _details(taxable: float, material: bool, applied: list[str], available: list[str]) -> dict:
    return {
        "gst": money(cents(taxable * GST)),
        "unpriced_material": material,
        "conditional_discounts_applied": applied,
        "conditional_discounts_not_applied": sorted(set(available) - set(applied)),
    }


def _scaled(line: Line, scale: float) -> Line:
    return line._replace(quantity=line.quantity * scale, amount=line.amount * scale)


def discount_variants(conditions: frozenset[str]) -> dict:
    """Which discounts each total counts: `expected` (guaranteed ones and those whose
    condition the customer meets), `with` (all) and `without` (guaranteed ones only)."""
    return {
        "expected": lambda d: d.type == "GUARANTEED" or (d.category or "OTHER") in conditions,
        "with": lambda d: True,
        "without": lambda d: d.type == "GUARANTEED",
    }


def earned_discounts(discounts, bill: float, use: float, applies) -> tuple[list[Line], list[str]]:
    """The discount lines `applies` admits, in the plan's order, each capped by what is left of
    the bill; and the names of the conditional ones among them."""
    out, names, left = [], [], bill
    for discount in discounts:
        if not applies(discount):
            continue
        value = min(_discount_value(discount, bill, use), left)
        if value > 0:
            left -= value
            out.append(Line(f"Discount: {discount.name}", 1.0, None, None, -value, "discount"))
            if discount.type != "GUARANTEED":
                names.append(discount.name)
    return out, names


def _discount_value(discount, bill: float, use: float) -> float:
    rate = float(discount.rate) if discount.rate is not None else 0.0
    if discount.method == "percentOfBill":
        return rate * bill
    if discount.method == "percentOfUse":
        return rate * use
    if discount.method == "fixedAmount" and discount.amount is not None:
        return float(discount.amount)
    if discount.method == "percentOverThreshold" and discount.threshold is not None:
        return rate * max(0.0, use - float(discount.threshold))
    return 0.0


def inc_gst(line: Line) -> float:
    """A line's amount with GST when its kind is taxed (module docstring)."""
    return line.amount * GROSS if line.kind in TAXED else line.amount


def _item(line: Line, amount_cents: int) -> LineItem:
    """A breakdown line: amount in cents, unit price with GST where taxed (to 1e-6 dollars),
    quantity to 1e-3 units."""
    item, quantity, unit, unit_price, _, kind = line
    price = count = None
    if unit_price is not None:
        gross = unit_price * (GROSS if kind in TAXED else 1.0)
        price = Decimal(round(gross * 1_000_000)).scaleb(-6)
    if unit is not None:
        count = Decimal(round(quantity * 1000)).scaleb(-3)
    return LineItem(item, Decimal(amount_cents).scaleb(-2), count, unit, price)
