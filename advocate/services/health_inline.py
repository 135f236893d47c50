"""An inline health plan (an employer's plan, a quote sheet) as HealthPlanTerms.

The form, in the publisher's own words so advisors can copy a summary of benefits:

    {"id": "acme-ppo", "issuer": "Acme Health", "name": "Acme PPO 1500",
     "metal_level": "Gold", "plan_type": "PPO",                  (optional)
     "premium": {"amount": "412.50", "per": "month"},              the household's premium
     "deductible": {"individual": "$1,500", "family": "$3,000"},
     "out_of_pocket_max": {"individual": "$6,000", "family": "$12,000"},
     "coinsurance": "20% Coinsurance after deductible",            for services not listed
     "copays": {"primary_care": "$30 Copay", "emergency_room": "$400 Copay and 20%
                Coinsurance after deductible", "generic_drugs": "$10"}}

Texts are read by the same parser as CMS landscape cells (providers.cms_text), so an unknown
text is refused, never guessed. Drugs share the medical deductible and maximum ("Included in
Medical"). The premium is the whole household's, per month, year, week or fortnight; no age
curve or tax credit is applied (employer coverage gets none).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from advocate.domain import Category, Geography, InvalidInput, Offer, Provenance, payload_sha256
from advocate.domain.health import CostSharingVariant, HealthPlanTerms, MetalLevel, PlanType
from advocate.domain.health_costshare import PUBLISHED_SERVICES, Limit, LimitKind, LimitSet
from advocate.services.health_estimates import INLINE_PREMIUM
from providers.cms_text import parse_cost_share, parse_limit

PERIODS_PER_MONTH = {"month": Decimal(1), "year": Decimal(1) / 12,
                     "week": Decimal(52) / 12, "fortnight": Decimal(26) / 12}
INCLUDED = LimitSet(Limit(LimitKind.INCLUDED_IN_MEDICAL), Limit(LimitKind.INCLUDED_IN_MEDICAL),
                    Limit(LimitKind.INCLUDED_IN_MEDICAL))


def inline_health_offer(item: dict, index: int, now: datetime) -> Offer:
    """One inline plan as an Offer; InvalidInput naming `offers[i].<field>` when unusable."""
    where = f"offers[{index}]"
    plan_id = str(item.get("id") or f"plan-{index + 1}")
    terms = HealthPlanTerms(
        plan_id=plan_id, plan_name=str(item.get("name") or plan_id),
        issuer_name=str(item.get("issuer") or "unnamed"), issuer_id="inline",
        metal_level=_enum(MetalLevel, item.get("metal_level", "Gold"), f"{where}.metal_level"),
        plan_type=_enum(PlanType, item.get("plan_type", "PPO"), f"{where}.plan_type"),
        state="", county_name="", county_fips=None, rating_area="", child_only_offering="",
        premiums={INLINE_PREMIUM: _monthly(item.get("premium"), f"{where}.premium")},
        variants={"standard": _variant(item, where)})
    return Offer(id=f"inline:{plan_id}", source="inline", external_id=plan_id,
                 category=Category.HEALTH, brand=terms.issuer_name,
                 brand_name=terms.issuer_name, name=terms.plan_name,
                 geography=Geography(included=("inline:menu",)), terms=terms,
                 provenance=Provenance("inline", now, payload_sha256(item)))


def _monthly(premium: object, field: str) -> Decimal:
    if not isinstance(premium, dict) or "amount" not in premium:
        raise InvalidInput('give the premium as {"amount": "...", "per": "month"}', field=field)
    per = premium.get("per", "month")
    if per not in PERIODS_PER_MONTH:
        raise InvalidInput(f"per is one of {', '.join(PERIODS_PER_MONTH)}", field=f"{field}.per")
    try:
        amount = Decimal(str(premium["amount"]).replace("$", "").replace(",", ""))
    except ArithmeticError:
        raise InvalidInput("not an amount", field=f"{field}.amount") from None
    if not amount.is_finite() or amount < 0:
        raise InvalidInput("a premium is 0 or more", field=f"{field}.amount")
    return (amount * PERIODS_PER_MONTH[per]).quantize(Decimal("0.01"))


def _variant(item: dict, where: str) -> CostSharingVariant:
    default = item.get("coinsurance", "No Charge after deductible")
    copays = item.get("copays") or {}
    unknown = sorted(set(copays) - {s.value for s in PUBLISHED_SERVICES})
    if unknown:
        raise InvalidInput(f"unknown service(s) {', '.join(unknown)}", field=f"{where}.copays")
    services = {s: parse_cost_share(copays.get(s.value, default), f"{where}.copays.{s.value}")
                for s in PUBLISHED_SERVICES}
    return CostSharingVariant("standard", _limits(item, "deductible", where), INCLUDED,
                              _limits(item, "out_of_pocket_max", where), INCLUDED, services)


def _limits(item: dict, name: str, where: str) -> LimitSet:
    given = item.get(name)
    if not isinstance(given, dict) or "individual" not in given:
        raise InvalidInput(f'give {name} as {{"individual": "$...", "family": "$..."}}',
                           field=f"{where}.{name}")
    return LimitSet(parse_limit(_dollars(given["individual"]), f"{where}.{name}.individual"),
                    parse_limit(_dollars(given.get("family")), f"{where}.{name}.family"))


def _dollars(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text if text.startswith("$") or not text.replace(",", "").replace(".", "").isdigit() \
        else f"${text}"


def _enum(enum, value: object, field: str):
    for member in enum:
        if str(value).lower() in (member.value.lower(), member.name.lower()):
            return member
    raise InvalidInput(f"one of {', '.join(m.value for m in enum)}", field=field)
