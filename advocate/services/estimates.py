"""Estimates for any category: dispatch to the category's use case, and the answer's shape."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session

from advocate.domain import Category, CostEstimate, LineItem
from advocate.services.energy_estimates import (
    EstimateResult,
    customer_usage,
    energy_estimates_for,
    estimate_energy,
)


def _health(db: Session, request: dict) -> EstimateResult:
    from advocate.services.health_estimates import estimate_health

    return estimate_health(db, request)


ESTIMATORS: dict[str, Callable[[Session, dict], EstimateResult]] = {
    "electricity": estimate_energy,
    "gas": estimate_energy,
    "health": _health,
}

TAX_NOTES = {
    "AUD": "includes GST at 10% (CDR prices are published exclusive of GST)",
    "USD": "premiums net of any premium tax credit; health premiums and cost sharing carry "
           "no sales tax",
}


def estimate(db: Session, request: dict) -> EstimateResult:
    """Every eligible offer's whole-year cost for a validated request (the market, or the
    ad-hoc menu sent in `offers`)."""
    if request.get("offers"):
        return estimate_menu(request)
    return ESTIMATORS[request["category"]](db, request)


def estimate_menu(request: dict) -> EstimateResult:
    """Estimates for an inline menu, by the same rules as the market."""
    from advocate.services.inline import inline_offers

    category = Category(request["category"])
    offers = inline_offers(category, request["offers"])
    if category is Category.HEALTH:
        from advocate.services.health_estimates import health_estimates_for

        return health_estimates_for(request, offers)
    return energy_estimates_for(request, customer_usage(request, category), offers)


def money(value: Decimal | None) -> str | None:
    """A decimal string with two places (rounded half to even), or None. An answer holds
    thousands of these: a Decimal is formatted as it is, anything else made one first."""
    if value is None:
        return None
    return f"{value if type(value) is Decimal else Decimal(value):.2f}"


def _number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format((value if type(value) is Decimal else Decimal(value)).normalize(), "f")


def line_json(line: LineItem) -> dict:
    """One breakdown line."""
    return {"item": line.item, "quantity": _number(line.quantity), "unit": line.unit,
            "unit_price": _number(line.unit_price), "amount": money(line.amount)}


def annual_cost_json(estimate: CostEstimate) -> dict:
    """The whole-year figures of one estimate."""
    return {"expected": money(estimate.expected), "currency": estimate.currency,
            "includes_tax": estimate.includes_tax,
            "tax_note": TAX_NOTES.get(estimate.currency, ""),
            "with_conditional_discounts": money(estimate.with_conditional_discounts),
            "without_conditional_discounts": money(estimate.without_conditional_discounts),
            "bad_year_p95": money(estimate.bad_year), "worst_case": money(estimate.worst_case),
            "at_stated_use": money(estimate.at_stated_use)}


def estimate_json(offer, estimate: CostEstimate) -> dict:
    """One offer's estimate in the answer's shape. Health dominance flags come JSON-ready
    (health_estimates._domination) and are not walked again."""
    details = dict(estimate.details)
    dominance = details.pop("dominance", None)
    body = {"offer_id": offer.id, "brand": offer.brand_name, "name": offer.name,
            "annual_cost": annual_cost_json(estimate),
            "breakdown": [line_json(line) for line in estimate.breakdown],
            "one_off_fees": [line_json(line) for line in estimate.one_off_fees],
            "assumptions": list(estimate.assumptions), "unpriced": list(estimate.unpriced),
            "premium": details.pop("premium", None), "csr_variant": details.pop("csr_variant",
                                                                                  None),
            "details": jsonable(details)}
    if dominance is not None:
        body["details"]["dominance"] = dominance
    if "dominated_by" in details:
        body["dominated_by"] = body["details"].pop("dominated_by")
        body["dominated_by_count"] = body["details"].pop("dominated_by_count")
    return body


_PLAIN = frozenset({str, int, float, bool, type(None)})


def jsonable(value):
    """JSON-ready copy: Decimals as money strings, dates and times as ISO 8601."""
    kind = type(value)
    if kind in _PLAIN:  # most values of an answer: nothing to convert
        return value
    if kind is dict:
        return {str(k): jsonable(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def result_json(result: EstimateResult) -> dict:
    """The whole answer of POST /api/v1/estimates."""
    return {"category": result.category.value, "usage": result.usage,
            "context": jsonable(result.context),
            "estimates": [estimate_json(o, e) for o, e in zip(result.offers, result.estimates,
                                                              strict=True)],
            "excluded": result.excluded}
