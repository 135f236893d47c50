"""Whole-year cost of every US health plan in the customer's county for their household:
household premium by the age curve, premium tax credit against the county's benchmark silver
plan, cost-sharing-reduction variant, out-of-pocket model, and dominated plans."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from sqlmodel import Session

from advocate.costing.health import PlanToPrice, estimate_health_plans
from advocate.costing.health_dominance import (
    PlanChoice,
    cost_curves,
    dominance_among,
    household_grid,
)
from advocate.costing.health_premiums import Member, household_premium
from advocate.costing.health_rules import choose_variant
from advocate.costing.subsidies import IncomeBand, tax_credit
from advocate.domain import Category, CostEstimate, InvalidInput, Offer, UnpriceableTerms
from advocate.domain.health import HealthPlanTerms, MetalLevel
from advocate.domain.health_needs import HealthMember, MemberUse, UseLevel
from advocate.geo.us import County, county_by_fips, county_for_zip
from advocate.schemas.health import load_household
from advocate.services.energy_estimates import EstimateResult
from advocate.services.health_benchmark import benchmark_for, cents
from advocate.store.offers import OfferQuery, load_offers

INLINE_PREMIUM = "inline_household_monthly"


def estimate_health(db: Session, request: dict) -> EstimateResult:
    """Estimates for a `health` request (already schema-validated)."""
    county = county_of(request.get("location") or {})
    offers = load_offers(db, OfferQuery(category=Category.HEALTH.value,
                                        regions=frozenset({f"county:{county.fips}"})))
    return health_estimates_for(request, offers, county=county)


def county_of(location: dict) -> County:
    """The county from a ZIP (asking which when it spans several) or a state + FIPS code."""
    if location.get("zip"):
        return county_for_zip(location["zip"], location.get("county_fips"))
    if location.get("county_fips"):
        return county_by_fips(location["county_fips"], location.get("state"))
    raise InvalidInput("give a ZIP code, or a state and county FIPS code",
                       field="location.zip")


def health_estimates_for(request: dict, offers: Sequence[Offer], *,
                         county: County | None = None) -> EstimateResult:
    """The pure part: every plan's whole-year cost for the household (market or menu)."""
    household = load_household(request.get("household"))
    inline = bool(request.get("offers"))
    county = None if inline else county or county_of(request.get("location") or {})
    plans = [o for o in offers if isinstance(o.terms, HealthPlanTerms)
             and (inline or o.terms.county_fips == county.fips)]
    year = _plan_year(request, plans)
    members = [Member(m["age"], m["tobacco"]) for m in household["members"]]
    context = _context(county, year, household)
    credit_for = (None if inline or "income" not in household
                  else _credit_function(plans, members, household, county, year, context))
    priced, excluded, prices = _price(plans, members, household, year, county, credit_for)
    estimates = _flag_dominated(priced, members, context, prices)
    return EstimateResult(Category.HEALTH, [o for o, _, _ in priced], estimates, excluded,
                          _usage(household), context, None, seen=list(plans),
                          grid_costs=prices.grid_out_of_pocket)


def _plan_year(request: dict, plans: Sequence[Offer]) -> int | None:
    """The coverage year: as asked, else the plans' own; an inline menu may have none (its
    premiums are given, so no age curve or tax-credit table is needed)."""
    if request.get("plan_year"):
        return int(request["plan_year"])
    years = Counter(o.terms.plan_year for o in plans if o.terms.plan_year)
    if not years and request.get("offers"):
        return None
    if not years:
        raise InvalidInput("the plans carry no plan year; give plan_year", field="plan_year")
    return years.most_common(1)[0][0]


def _context(county: County | None, year: int | None, household: dict) -> dict:
    return {"plan_year": year, "county": None if county is None else {
        "fips": county.fips, "name": county.name, "state": county.state},
        "household_size": len(household["members"]),
        "income_given": "income" in household}


def _credit_function(plans, members, household, county, year, context):
    benchmark = benchmark_for(plans, members, year, county.state)
    context["benchmark"] = {"plan_id": benchmark.plan_id, "rule": benchmark.rule,
                            "monthly_premium": cents(benchmark.monthly_premium)}
    income = household["income"]
    income = IncomeBand(income["low"], income["high"]) if isinstance(income, dict) else income
    size = household.get("tax_household_size") or len(members)

    def credit(terms: HealthPlanTerms, gross: Decimal):
        return tax_credit(income, household_size=size, state=county.state, coverage_year=year,
                          benchmark_premium=benchmark.monthly_premium, plan_premium=gross,
                          metal_level=terms.metal_level.value,
                          plan_ehb_share=None if terms.ehb_percent is None
                          else terms.ehb_percent / 100,
                          medicaid_expansion=household.get("medicaid_expansion"))
    return credit


def _price(plans, members, household, year, county, credit_for):
    """Premiums and credits plan by plan, then every plan's out-of-pocket in one pass (on the
    sampled years and on the dominance grid together): (offer, estimate, quote) of each plan
    priced, the premium not in the estimate yet (`_completed` adds it)."""
    quotes, refused = {}, {}
    for offer in plans:
        try:
            quotes[offer.id] = _quote(offer.terms, members, year, county, credit_for)
        except UnpriceableTerms as exc:
            refused[offer.id] = exc
    people = [HealthMember(m.age) for m in members]
    prices = estimate_health_plans(
        [PlanToPrice(o.id, o.terms, quotes[o.id][0] * 12, quotes[o.id][1]) for o in plans
         if o.id in quotes], people, stated_use=_stated_use(household),
        grid=household_grid(people))
    priced, excluded = [], []
    for offer in plans:
        error = refused.get(offer.id) or prices.refused.get(offer.id)
        if error is not None:
            excluded.append({"offer_id": offer.id, "reason": f"unpriceable: {error.message}"})
        else:
            priced.append((offer, prices.estimates[offer.id], quotes[offer.id]))
    return priced, excluded, prices


def _quote(terms: HealthPlanTerms, members, year, county, credit_for) -> tuple:
    """(monthly net premium, CSR variant, gross, credit, notes, unpriced) for one plan."""
    gross, notes, unpriced = _gross(terms, members, year, county)
    credit, csr = Decimal(0), "standard"
    if credit_for is not None and terms.tax_credit_eligible:
        found = credit_for(terms, gross)
        credit = found.monthly_credit_min
        csr = _csr(terms, found)
        notes += list(found.notes)
    return max(gross - credit, Decimal(0)), csr, gross, credit, notes, unpriced


def _completed(estimate: CostEstimate, quote: tuple, flags: tuple, count: int) -> CostEstimate:
    """The estimate with its premium, tax credit and CSR variant, and the plans that
    dominate it by the most, with how many do (one copy of the estimate, not one per
    addition)."""
    net, csr, gross, credit, notes, unpriced = quote
    return replace(estimate, unpriced=estimate.unpriced + tuple(unpriced),
                   assumptions=estimate.assumptions + tuple(notes),
                   details={**estimate.details, "csr_variant": None if csr == "standard"
                            else csr, "premium": {"monthly_gross": cents(gross),
                                                  "monthly_tax_credit": cents(credit),
                                                  "monthly_net": cents(net)},
                            "dominated_by": [d.by for d in flags],
                            "dominated_by_count": count,
                            "dominance": [_domination(d) for d in flags]})


def _gross(terms: HealthPlanTerms, members, year, county) -> tuple[Decimal, list, list]:
    if INLINE_PREMIUM in terms.premiums:
        return terms.premiums[INLINE_PREMIUM], ["Premium as given for the whole household."], []
    if terms.premium_age_21 is None:
        raise UnpriceableTerms(f"plan {terms.plan_id} publishes no age-21 premium")
    quote = household_premium(terms.premium_age_21, members, plan_year=year,
                              state=county.state if county else None)
    return quote.monthly, list(quote.assumptions), list(quote.unpriced)


def _csr(terms: HealthPlanTerms, credit) -> str:
    """The CSR variant the household's income band qualifies for everywhere in the band (the
    least generous one), silver plans only (45 CFR 155.305(g))."""
    if terms.metal_level is not MetalLevel.SILVER:
        return "standard"
    variants = [p.csr_variant for p in credit.points]
    if any(v is None for v in variants):
        return "standard"
    return str(min(variants, key=lambda v: -v))


def _stated_use(household: dict) -> list[MemberUse | None] | None:
    uses = []
    for member in household["members"]:
        if member.get("utilization"):
            uses.append(MemberUse(level=UseLevel(member["utilization"])))
        elif member.get("visits") or member.get("events"):
            uses.append(MemberUse(visits=tuple(sorted(member.get("visits", {}).items())),
                                  events=tuple(member.get("events", ()))))
        else:
            uses.append(None)
    return uses if any(u is not None for u in uses) else None


def _flag_dominated(priced, members, context, prices) -> list[CostEstimate]:
    """Each plan's completed estimate, with the plans that dominate it at its net premium."""
    csr = next((quote[1] for _, _, quote in priced if quote[1] != "standard"), "standard")
    choices = [PlanChoice(o.id, o.terms, cents(quote[0]) * 12) for o, _, quote in priced]
    curves, unpriced = _curves(priced, choices, csr, prices, members)
    report = dominance_among(choices, curves, unpriced)
    context["dominance_grid"] = "spending from $0 to $2,000,000 a year, split by age band"
    return [_completed(e, quote, report.dominated.get(o.id, ()), report.counts.get(o.id, 0))
            for o, e, quote in priced]


def _curves(priced, choices, csr, prices, members) -> tuple[dict, dict[str, str]]:
    """Whole-year cost on the dominance grid: from the estimates' own pass when the plan is
    compared in the variant it was priced in (always, unless CSR variants differ by plan)."""
    curves, unpriced, other = {}, {}, []
    for (offer, estimate, _), choice in zip(priced, choices, strict=True):
        try:
            name, _ = choose_variant(offer.terms, csr)
        except UnpriceableTerms as exc:
            unpriced[offer.id] = exc.message
            continue
        if name != estimate.details["cost_sharing_variant"]:
            other.append(choice)
        elif offer.id in prices.grid_out_of_pocket:
            curves[offer.id] = (float(choice.annual_net_premium)
                                + prices.grid_out_of_pocket[offer.id])
        else:
            unpriced[offer.id] = prices.grid_refused[offer.id].message
    if other:
        more, refused = cost_curves(other, household_grid(members), csr)
        curves.update(more)
        unpriced.update({k: e.message for k, e in refused.items()})
    return curves, unpriced


def _domination(found) -> dict:
    """One flag as the answer shows it, JSON-ready (estimates.estimate_json does not walk it
    again: a family's answer carries thousands). Amounts are whole cents already
    (health_dominance rounds them), written with two places as every money amount is;
    `differences` stays the tuple health_dominance caches (JSON shows it as a list), so that
    this dict holds no object the garbage collector tracks."""
    return {"by": found.by, "cheaper_with_no_care": f"{found.cheaper_with_no_care:.2f}",
            "cheaper_at_top_of_grid": f"{found.cheaper_at_top:.2f}",
            "largest_saving": f"{found.largest_saving:.2f}", "differences": found.differences}


def _usage(household: dict) -> dict:
    return {"members": [{k: v for k, v in m.items() if k != "tobacco"} | {
        "tobacco": m["tobacco"]} for m in household["members"]],
        "stated_use": any(m.get("utilization") or m.get("visits") or m.get("events")
                          for m in household["members"])}
