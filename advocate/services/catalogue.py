"""Browse stored offers: filters resolved to geography keys, pages, one offer's detail."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from sqlmodel import Session

from advocate.domain import InvalidInput, NotFound
from advocate.store.disclosures import disclosures_for
from advocate.store.offers import (
    OfferQuery,
    get_offer_row,
    get_snapshot,
    list_offer_rows,
    snapshots_of,
)
from advocate.store.tables import OfferRow


@dataclass(frozen=True)
class Page:
    """One page of rows with its counts."""

    rows: list
    page: int
    page_size: int
    total: int

    @property
    def total_pages(self) -> int:
        return max(1, ceil(self.total / self.page_size))


def region_keys(*, postcode: str | None = None, zip_code: str | None = None,
                region: str | None = None) -> frozenset[str]:
    """Geography keys a location filter matches (a postcode also matches its distributors)."""
    keys: set[str] = set()
    if region:
        keys.add(region)
    if postcode:
        keys.add(f"postcode:{postcode}")
        keys |= _distributor_keys(postcode)
    if zip_code:
        keys |= _county_keys(zip_code)
    return frozenset(keys)


def _distributor_keys(postcode: str) -> set[str]:
    from advocate.usage.location import candidate_distributors, state_for_postcode

    if state_for_postcode(postcode) is None:
        return set()
    return {f"distributor:{name}" for name in candidate_distributors(postcode)}


def _county_keys(zip_code: str) -> set[str]:
    from advocate.geo.us import counties_for_zip

    try:
        return {f"county:{county.fips}" for county in counties_for_zip(zip_code)}
    except InvalidInput:  # browsing an unknown ZIP finds no offers; it is not an error
        return set()


def browse(db: Session, query: OfferQuery, *, page: int, page_size: int) -> Page:
    """A page of current offers matching `query`."""
    rows, total = list_offer_rows(db, query, offset=(page - 1) * page_size, limit=page_size)
    return Page(rows=rows, page=page, page_size=page_size, total=total)


def offer_detail(db: Session, offer_id: str) -> dict:
    """One offer with terms, provenance and disclosures; NotFound when unknown."""
    row = get_offer_row(db, offer_id)
    if row is None or row.current_snapshot_id is None:
        raise NotFound(f"No offer with id {offer_id!r}.", field="offer_id")
    snapshot = get_snapshot(db, row.current_snapshot_id)
    disclosures = disclosures_for(db, [(row.id, row.brand)])[row.id]
    return {**summary(row), "description": row.description, "terms": snapshot.terms,
            "provenance": {"snapshot_id": snapshot.id, "source": row.source,
                           "source_url": snapshot.source_url, "fetched_at": snapshot.fetched_at,
                           "payload_sha256": snapshot.payload_sha256,
                           "schema_version": snapshot.schema_version,
                           "snapshots": len(snapshots_of(db, row.id))},
            "disclosures": [{"kind": d.kind, "applies_to": "offer" if d.offer_id else "brand",
                             "amount": d.amount, "currency": d.currency, "basis": d.basis,
                             "note": d.note} for d in disclosures]}


def summary(row: OfferRow) -> dict:
    """The list form of an offer."""
    return {"id": row.id, "source": row.source, "category": row.category, "brand": row.brand,
            "brand_name": row.brand_name, "name": row.name, "geography": row.geography,
            "effective_from": row.effective_from, "effective_to": row.effective_to,
            "url": row.url, "updated_at": row.updated_at}
