"""GET /api/v1/offers and /api/v1/offers/<id>: the stored market, browsable."""

from __future__ import annotations

from flask import current_app, request

from advocate.api.base import ApiBlueprint
from advocate.api.paging import links
from advocate.domain import InvalidInput
from advocate.schemas.offers import OfferDetailSchema, OfferPageSchema, OfferQuerySchema
from advocate.services import catalogue
from advocate.store.db import session
from advocate.store.offers import OfferQuery

blp = ApiBlueprint("offers", __name__, url_prefix="/api/v1/offers",
                   description="Current offers as stored, with provenance")


@blp.route("")
@blp.arguments(OfferQuerySchema, location="query", as_kwargs=True)
@blp.response(200, OfferPageSchema)
def list_offers(page: int, page_size: int, **filters):
    """List current offers, filtered by category, place and brand."""
    _check_page_size(page_size)
    keys = catalogue.region_keys(postcode=filters.get("postcode"), zip_code=filters.get("zip"),
                                 region=filters.get("region"))
    if (filters.get("postcode") or filters.get("zip") or filters.get("region")) and not keys:
        keys = frozenset({"no-such-region:"})
    query = OfferQuery(category=filters.get("category"), regions=keys,
                       brand=filters.get("brand"), source=filters.get("source"))
    result = catalogue.browse(session(), query, page=page, page_size=page_size)
    return {"data": [catalogue.summary(row) for row in result.rows],
            "meta": {"page": result.page, "page_size": result.page_size, "total": result.total,
                     "total_pages": result.total_pages},
            "links": links(request, result.page, result.total_pages)}


@blp.route("/<path:offer_id>")
@blp.response(200, OfferDetailSchema)
@blp.alt_response(404, description="No such offer")
def get_offer(offer_id: str):
    """One offer: normalised terms, provenance (source URL, fetched_at, sha256), disclosures."""
    return catalogue.offer_detail(session(), offer_id)


def _check_page_size(page_size: int) -> None:
    maximum = current_app.config["PAGE_SIZE_MAX"]
    if page_size > maximum:
        raise InvalidInput(f"page_size may be at most {maximum}.", field="page_size")
