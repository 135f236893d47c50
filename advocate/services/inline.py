"""Ad-hoc menus: offers sent with the request (an employer's plans, a quote sheet), ranked by
exactly the same rules as the market and never stored as market offers.

Energy items are either `{"cdr_plan": <CDR plan detail data>}` (parsed by the CDR adapter, as
published by the retailer) or `{"id", "brand", "name", "terms": <EnergyTariff JSON>}` (the
normalised terms `GET /api/v1/offers/<id>` shows). Health items use the inline plan form of
advocate.services.health_inline.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import InvalidOperation

from advocate.domain import (
    Category,
    Geography,
    InvalidInput,
    Offer,
    ParseError,
    Provenance,
    RawPayload,
    payload_sha256,
)
from advocate.domain.energy import EnergyTariff

SOURCE = "inline"
_BAD_SHAPE = (ParseError, KeyError, TypeError, ValueError, InvalidOperation, AttributeError)


def inline_offers(category: Category, items: list[dict], *,
                  now: datetime | None = None) -> list[Offer]:
    """Offers from the request's `offers`; InvalidInput naming `offers[i]` for a bad item."""
    now = now or datetime.now(UTC)
    offers = []
    for index, item in enumerate(items):
        try:
            offers.append(_offer(category, item, index, now))
        except InvalidInput:
            raise
        except _BAD_SHAPE as exc:
            raise InvalidInput(f"offer {index} is not a {category.value} offer this API can "
                               f"read: {exc}", field=f"offers[{index}]") from None
    ids = [offer.id for offer in offers]
    if len(set(ids)) != len(ids):
        raise InvalidInput("inline offers need distinct ids", field="offers")
    return offers


def _offer(category: Category, item: dict, index: int, now: datetime) -> Offer:
    if category is Category.HEALTH:
        from advocate.services.health_inline import inline_health_offer

        return inline_health_offer(item, index, now)
    if "cdr_plan" in item:
        return _from_cdr_plan(item, now)
    terms = EnergyTariff.from_json(item["terms"])
    return _wrap(str(item.get("id") or f"offer-{index + 1}"), item, terms, category, now)


def _from_cdr_plan(item: dict, now: datetime) -> Offer:
    from providers.cdr_energy import CdrEnergyAdapter

    plan = item["cdr_plan"]
    body = plan if "data" in plan else {"data": plan}
    version = str(item["version"]) if item.get("version") else None
    parsed = CdrEnergyAdapter().parse(RawPayload(SOURCE, body, now, schema_version=version))
    return _wrap(parsed.external_id, {"brand": parsed.brand_name, "name": parsed.name},
                 parsed.terms, parsed.category, now)


def _wrap(external_id: str, item: dict, terms, category: Category, now: datetime) -> Offer:
    return Offer(id=f"{SOURCE}:{external_id}", source=SOURCE, external_id=external_id,
                 category=category, brand=str(item.get("brand") or "unnamed"),
                 brand_name=str(item.get("brand") or "unnamed"),
                 name=str(item.get("name") or external_id),
                 geography=Geography(included=("inline:menu",)), terms=terms,
                 provenance=Provenance(SOURCE, now, payload_sha256(terms.to_json())))
