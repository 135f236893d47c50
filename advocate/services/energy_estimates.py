"""Whole-year energy bills for one customer: where they are, which plans they can take, and
what each would cost at their usage (AU CDR plans, bill engine in advocate.costing.energy).

Eligibility is decided here, with a reason for every plan left out: a plan for the other
customer type, a plan for another network, an excluded postcode, or a plan whose unpriceable
part would make its bill materially wrong (see `advocate.costing.energy_notes`).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sqlmodel import Session

from advocate.costing.energy import CONDITIONS, estimate_bills
from advocate.domain import Category, CostEstimate, InvalidInput, Offer
from advocate.domain.energy import EnergyTariff
from advocate.domain.energy import distributor_key as name_slug
from advocate.domain.usage import IntervalUsage
from advocate.store.offers import OfferQuery, load_offers
from advocate.usage import location as au_location
from advocate.usage.request import usage_from_request

GAS_DISTRIBUTORS = Path(__file__).parents[1] / "data" / "energy" / "gas_distributors.csv"


@dataclass
class EstimateResult:
    """Every eligible offer with its estimate, the exclusions with reasons, and the usage."""

    category: Category
    offers: list[Offer]
    estimates: list[CostEstimate]
    excluded: list[dict]
    usage: dict
    context: dict = field(default_factory=dict)
    usage_model: object = None
    seen: list[Offer] = field(default_factory=list)
    # offer id -> out-of-pocket (USD, no premium) at each level of the category's usage grid,
    # when the estimator computed it already (health: same pass as the sampled years)
    grid_costs: dict[str, object] = field(default_factory=dict)


def estimate_energy(db: Session, request: dict) -> EstimateResult:
    """Estimates for an `electricity` or `gas` request (already schema-validated)."""
    category = Category(request["category"])
    usage = customer_usage(request, category)
    offers = load_offers(db, OfferQuery(category=category.value,
                                        regions=market_keys(usage, category)))
    return energy_estimates_for(request, usage, offers)


def energy_estimates_for(request: dict, usage: IntervalUsage,
                         offers: Sequence[Offer]) -> EstimateResult:
    """The pure part: eligibility and bills for `offers` (stored or snapshot-restored)."""
    category = Category(request["category"])
    conditions = _conditions(request.get("conditions", ()))
    candidates = [offer for offer in offers if isinstance(offer.terms, EnergyTariff)]
    eligible, excluded = _eligible(candidates, usage, request.get("customer_type",
                                                                 "residential"), category)
    result = price(category, eligible, excluded, usage, conditions)
    result.seen = candidates
    return result


def market_keys(usage: IntervalUsage, category: Category) -> frozenset[str]:
    """Geography keys of every plan that could serve this customer (finer checks follow)."""
    networks = ([usage.distributor] if usage.distributor
                else gas_networks_in(usage.state or "") if category is Category.GAS else [])
    return frozenset({f"postcode:{usage.postcode}", "country:AU"}
                     | {f"distributor:{name}" for name in networks if name})


def customer_usage(request: dict, category: Category) -> IntervalUsage:
    """The customer's usage; a gas network is checked here (the electricity table in
    advocate.usage.location knows only electricity networks)."""
    if "usage" not in request:
        raise InvalidInput("give the customer's usage", field="usage")
    location = dict(request.get("location") or {})
    if category is Category.GAS:
        network = location.pop("distributor", None)
        usage = usage_from_request(request["usage"], location, fuel="gas")
        return usage.with_changes(distributor=_gas_network(network, usage.state))
    return usage_from_request(request["usage"], location, fuel=category.value)


def _gas_network(named: str | None, state: str | None) -> str | None:
    if named is None:
        return None
    slug = canonical_distributor(named, Category.GAS)
    if slug not in gas_networks_in(state or ""):
        raise InvalidInput(f"{named!r} is not a gas network serving {state}",
                           field="location.distributor",
                           details={"candidates": gas_networks_in(state or "")})
    return slug


def price(category: Category, eligible: Sequence[Offer], excluded: list[dict],
          usage: IntervalUsage, conditions: frozenset[str]) -> EstimateResult:
    """Price eligible offers; materially unpriceable ones move to `excluded`."""
    estimates = estimate_bills([(o.id, o.terms) for o in eligible], usage,
                               conditions=conditions)
    kept_offers, kept = [], []
    for offer, estimate in zip(eligible, estimates, strict=True):
        if estimate.details.get("unpriced_material"):
            excluded.append({"offer_id": offer.id, "reason": "unpriceable component: "
                             + "; ".join(estimate.unpriced)})
        else:
            kept_offers.append(offer)
            kept.append(estimate)
    return EstimateResult(category, kept_offers, kept, excluded, usage_summary(usage),
                          {"conditions": sorted(conditions)}, usage)


def _conditions(values: Sequence[str]) -> frozenset[str]:
    unknown = sorted(set(values) - CONDITIONS)
    if unknown:
        raise InvalidInput(f"unknown condition(s) {', '.join(unknown)}; known: "
                           f"{', '.join(sorted(CONDITIONS))}", field="conditions")
    return frozenset(values)


def _eligible(offers: Sequence[Offer], usage: IntervalUsage, customer_type: str,
              category: Category) -> tuple[list[Offer], list[dict]]:
    network = _network(offers, usage, category)
    eligible, excluded = [], []
    for offer in offers:
        reason = _exclusion(offer.terms, usage, customer_type, network, category)
        if reason is None:
            eligible.append(offer)
        elif reason:  # "" = another region altogether: not listed, counted in coverage
            excluded.append({"offer_id": offer.id, "reason": reason})
    return eligible, excluded


def _exclusion(tariff: EnergyTariff, usage: IntervalUsage, customer_type: str,
               network: str, category: Category) -> str | None:
    served = {canonical_distributor(d, category) for d in tariff.distributors}
    if tariff.distributors and network not in served:
        return ""
    if not tariff.serves(postcode=usage.postcode):
        return f"not offered at postcode {usage.postcode}"
    wanted = customer_type.upper()
    if tariff.customer_type and tariff.customer_type.upper() != wanted:
        return f"{tariff.customer_type.lower()} customers only"
    return None


def _network(offers: Sequence[Offer], usage: IntervalUsage, category: Category) -> str:
    """The customer's network. Gas: several networks share most states and no postcode
    table is shipped, so unless the state has one network the customer must say which."""
    if category is Category.ELECTRICITY:
        return usage.distributor
    if usage.distributor:
        return canonical_distributor(usage.distributor, category)
    networks = gas_networks_in(usage.state or "")
    if len(networks) == 1:
        return networks[0]
    with_offers = {canonical_distributor(d, category) for o in offers for d in o.terms.distributors}
    raise InvalidInput("say which gas network supplies you (it is on your gas bill)",
                       field="location.distributor",
                       details={"candidates": networks,
                                "with_offers_stored": sorted(with_offers & set(networks))})


def canonical_distributor(name: str, category: Category) -> str:
    """One slug per network, whatever name a plan or a customer uses for it."""
    if category is Category.GAS:
        wanted = name.strip().lower()
        for row in _gas_rows():
            if wanted in {alias.lower() for alias in row["cdr_names"].split("|")} | {
                    row["distributor"], row["name"].lower()}:
                return row["distributor"]
        return name_slug(name)
    return au_location.distributor_key(name) or name_slug(name)


def gas_networks_in(state: str) -> list[str]:
    """Gas distribution networks serving `state`."""
    return [row["distributor"] for row in _gas_rows() if state in row["states"].split("|")]


@cache
def _gas_rows() -> tuple[dict[str, str], ...]:
    with GAS_DISTRIBUTORS.open(newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return tuple(csv.DictReader(lines))


def usage_summary(usage: IntervalUsage) -> dict:
    """The usage figures an answer reports (what was used, and where it came from)."""
    unit = usage.unit
    return {"unit": unit, f"annual_{unit.lower()}": round(float(usage.annual_kwh), 1)
            if hasattr(usage, "annual_kwh") else None,
            "source": usage.source, "interval_minutes": usage.interval_minutes,
            "days": len(usage.import_kwh) // usage.intervals_per_day,
            "controlled_load_kwh": round(float(usage.controlled_kwh.sum()), 1),
            "export_kwh": round(float(usage.export_kwh.sum()), 1),
            "postcode": usage.postcode, "state": usage.state,
            "distributor": usage.distributor, "assumptions": list(usage.assumptions)}
