"""Row <-> domain mapping for offers and disclosures."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import UTC, datetime

from advocate.domain import Category, Disclosure, Geography, Offer, Provenance
from advocate.domain.terms import terms_from_json
from advocate.store.tables import DisclosureRow, OfferRow, OfferSnapshotRow


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def geography_to_json(geography: Geography) -> dict:
    """The stored form of a Geography."""
    return {"included": list(geography.included), "excluded": list(geography.excluded)}


def geography_from_json(data: dict) -> Geography:
    """Rebuild a Geography from its stored form."""
    return Geography(included=tuple(data.get("included", ())),
                     excluded=tuple(data.get("excluded", ())))


def offer_from_rows(row: OfferRow, snapshot: OfferSnapshotRow) -> Offer:
    """A domain Offer from its current row and the snapshot it was last built from."""
    category = Category(row.category)
    return Offer(
        id=row.id, source=row.source, external_id=row.external_id, category=category,
        brand=row.brand, brand_name=row.brand_name, name=row.name,
        geography=geography_from_json(row.geography),
        terms=cached_terms(category, snapshot),
        provenance=provenance_from_snapshot(row.source, snapshot),
        effective_from=row.effective_from, effective_to=row.effective_to,
        description=row.description, url=row.url,
    )


_TERMS: OrderedDict[tuple, object] = OrderedDict()
_TERMS_MAX = 20_000
_TERMS_LOCK = threading.Lock()  # a threaded server's requests share the cache


def cached_terms(category: Category, snapshot: OfferSnapshotRow):
    """Typed terms of a snapshot. Snapshots are append-only, so the typed form of one never
    changes and is kept (LRU) instead of being rebuilt from JSON on every request. The key
    includes the payload hash and recording time, so two databases cannot share an entry."""
    if snapshot.id is None:
        return terms_from_json(category, snapshot.terms)
    key = (category.value, snapshot.id, snapshot.payload_sha256, str(snapshot.recorded_at))
    with _TERMS_LOCK:
        terms = _TERMS.get(key)
        if terms is not None:
            _TERMS.move_to_end(key)
            return terms
    terms = terms_from_json(category, snapshot.terms)
    with _TERMS_LOCK:
        _TERMS[key] = terms
        while len(_TERMS) > _TERMS_MAX:
            _TERMS.popitem(last=False)
    return terms


def provenance_from_snapshot(source: str, snapshot: OfferSnapshotRow) -> Provenance:
    """The provenance recorded with a snapshot."""
    return Provenance(source=source, fetched_at=aware(snapshot.fetched_at),
                      payload_sha256=snapshot.payload_sha256, source_url=snapshot.source_url,
                      schema_version=snapshot.schema_version, snapshot_id=snapshot.id)


def disclosure_from_row(row: DisclosureRow) -> Disclosure:
    """A domain Disclosure from its row."""
    return Disclosure(id=row.id, offer_id=row.offer_id, brand=row.brand, kind=row.kind,
                      amount=row.amount, currency=row.currency, basis=row.basis, note=row.note,
                      recorded_at=aware(row.recorded_at))
