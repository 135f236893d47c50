"""Offer repository: upsert with an append-only snapshot, listing and lookups."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import String, func, type_coerce
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from advocate.domain import Offer, RawPayload
from advocate.store.mapping import geography_to_json, offer_from_rows
from advocate.store.tables import OfferRegionRow, OfferRow, OfferSnapshotRow, utcnow


class Outcome(StrEnum):
    """What an upsert did."""

    STORED = "stored"  # a new offer
    UPDATED = "updated"  # a known offer with a new payload: new snapshot
    UNCHANGED = "unchanged"  # same payload hash as the current snapshot: nothing written


def upsert_offer(db: Session, offer: Offer, raw: RawPayload) -> Outcome:
    """Insert or update `offer`; add a snapshot only when the payload hash changed."""
    row = db.get(OfferRow, offer.id)
    if row is not None and row.current_payload_sha256 == raw.sha256:
        return Outcome.UNCHANGED
    now = utcnow()
    outcome = Outcome.STORED if row is None else Outcome.UPDATED
    if row is None:
        row = OfferRow(id=offer.id, first_seen_at=now, geography={}, terms={},
                       source=offer.source, external_id=offer.external_id,
                       category=offer.category.value, brand=offer.brand,
                       brand_name=offer.brand_name, name=offer.name, updated_at=now)
        db.add(row)
        db.flush()
    snapshot = _add_snapshot(db, offer, raw, now)
    _apply(row, offer, snapshot, now)
    _replace_regions(db, offer)
    db.flush()
    return outcome


def _add_snapshot(db: Session, offer: Offer, raw: RawPayload, now) -> OfferSnapshotRow:
    snapshot = OfferSnapshotRow(
        offer_id=offer.id, payload_sha256=raw.sha256, raw=raw.body,
        terms=offer.terms.to_json(), fetched_at=raw.fetched_at, source_url=raw.url,
        schema_version=raw.schema_version, recorded_at=now)
    db.add(snapshot)
    db.flush()
    return snapshot


def _apply(row: OfferRow, offer: Offer, snapshot: OfferSnapshotRow, now) -> None:
    row.source, row.external_id = offer.source, offer.external_id
    row.category, row.brand, row.brand_name = offer.category.value, offer.brand, offer.brand_name
    row.name, row.description, row.url = offer.name, offer.description, offer.url
    row.geography, row.terms = geography_to_json(offer.geography), offer.terms.to_json()
    row.effective_from, row.effective_to = offer.effective_from, offer.effective_to
    row.current_snapshot_id, row.updated_at = snapshot.id, now
    row.current_payload_sha256 = snapshot.payload_sha256


def _replace_regions(db: Session, offer: Offer) -> None:
    for region in db.exec(select(OfferRegionRow).where(OfferRegionRow.offer_id == offer.id)):
        db.delete(region)
    db.flush()
    keys = {(key, False) for key in offer.geography.included}
    keys |= {(key, True) for key in offer.geography.excluded}
    for key, excluded in sorted(keys):
        db.add(OfferRegionRow(offer_id=offer.id, key=key, excluded=excluded))


@dataclass(frozen=True)
class OfferQuery:
    """Filters for listing current offers. `regions`: any of these geography keys."""

    category: str | None = None
    regions: frozenset[str] = frozenset()
    brand: str | None = None
    source: str | None = None


def list_offer_rows(db: Session, query: OfferQuery, *, offset: int = 0,
                    limit: int | None = None) -> tuple[list[OfferRow], int]:
    """Current offers matching `query`, ordered by id, with the total count."""
    statement = _matching(query)
    total = db.exec(select(func.count()).select_from(statement.subquery())).one()
    statement = statement.order_by(OfferRow.id).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return list(db.exec(statement)), total


def _matching(query: OfferQuery):
    return select(OfferRow).where(*_conditions(query))


def _conditions(query: OfferQuery) -> list:
    conditions = []
    if query.category:
        conditions.append(OfferRow.category == query.category)
    if query.brand:
        conditions.append(func.lower(OfferRow.brand) == query.brand.lower())
    if query.source:
        conditions.append(OfferRow.source == query.source)
    if query.regions:
        conditions.append(col(OfferRow.id).in_(_region_match(query.regions)))
    return conditions


def _region_match(keys: Iterable[str]):
    keys = sorted(keys)
    included = select(OfferRegionRow.offer_id).where(
        col(OfferRegionRow.key).in_(keys), OfferRegionRow.excluded == False)  # noqa: E712
    excluded = select(OfferRegionRow.offer_id).where(
        col(OfferRegionRow.key).in_(keys), OfferRegionRow.excluded == True)  # noqa: E712
    return included.except_(excluded)


_OFFERS: OrderedDict[tuple, Offer] = OrderedDict()
_OFFERS_MAX = 20_000
_OFFERS_LOCK = threading.Lock()  # a threaded server's requests share the cache


def load_offers(db: Session, query: OfferQuery) -> list[Offer]:
    """Current offers matching `query` as domain Offers (typed terms, provenance), by id.

    A row changes only together with its current snapshot (`upsert_offer` writes both, and
    snapshots are append-only), so an Offer built once is kept (LRU) under its row's identity:
    id, update time, current snapshot and that snapshot's payload hash, which the index
    `ix_offer_current` holds, so that a request reads that index alone and decodes no JSON for
    offers it has seen. The hash is in the key so that two databases cannot share an entry.
    """
    # the time as the database returns it (SQLite: text), not parsed into a datetime that the
    # key would only turn back into text
    statement = select(
        OfferRow.id, type_coerce(OfferRow.updated_at, String), OfferRow.current_snapshot_id,
        OfferRow.current_payload_sha256,
    ).where(col(OfferRow.current_snapshot_id).is_not(None), *_conditions(query))
    # plain rows from the connection: no ORM result machinery for four columns per offer
    keys = [(offer_id, str(updated), snapshot_id, sha)
            for offer_id, updated, snapshot_id, sha
            in db.connection().execute(statement.order_by(OfferRow.id))]
    with _OFFERS_LOCK:
        found = {key: _OFFERS.get(key) for key in keys}
        for key, offer in found.items():
            if offer is not None:
                _OFFERS.move_to_end(key)
    missing = [key[0] for key, offer in found.items() if offer is None]
    if missing:
        # the row's copy of the terms is not read: typed terms come from the snapshot
        rows = db.exec(select(OfferRow).options(defer(OfferRow.terms))
                       .where(col(OfferRow.id).in_(missing)))
        built = {offer.id: offer for offer in offers_from_rows(db, list(rows))}
        fresh = {key: built[key[0]] for key in keys if found[key] is None and key[0] in built}
        found.update(fresh)
        with _OFFERS_LOCK:
            _OFFERS.update(fresh)
            while len(_OFFERS) > _OFFERS_MAX:
                _OFFERS.popitem(last=False)
    return [offer for offer in found.values() if offer is not None]


def offers_from_rows(db: Session, rows: Sequence[OfferRow]) -> list[Offer]:
    """Domain Offers for rows, reading their current snapshots in one query. The raw payload
    is not read (building an Offer does not need it) and the snapshot's terms only when their
    typed form is not cached yet (`mapping.cached_terms`): decoding JSON that is not used is
    most of the time a large read takes."""
    ids = [row.current_snapshot_id for row in rows if row.current_snapshot_id is not None]
    snapshots = {s.id: s for s in db.exec(select(OfferSnapshotRow).options(
        defer(OfferSnapshotRow.raw), defer(OfferSnapshotRow.terms)).where(
        col(OfferSnapshotRow.id).in_(ids)))} if ids else {}
    return [offer_from_rows(row, snapshots[row.current_snapshot_id]) for row in rows
            if row.current_snapshot_id in snapshots]


def offers_from_snapshots(db: Session, snapshot_ids: Iterable[int]) -> list[Offer]:
    """Offers as they were at the given snapshots (for re-running a stored answer)."""
    ids = sorted(set(snapshot_ids))
    snapshots = list(db.exec(select(OfferSnapshotRow).where(col(OfferSnapshotRow.id).in_(ids))))
    rows = {row.id: row for row in db.exec(select(OfferRow).where(
        col(OfferRow.id).in_({s.offer_id for s in snapshots})))}
    return [offer_from_rows(rows[s.offer_id], s) for s in snapshots]


def get_offer_row(db: Session, offer_id: str) -> OfferRow | None:
    """One current offer row, or None."""
    return db.get(OfferRow, offer_id)


def get_snapshot(db: Session, snapshot_id: int) -> OfferSnapshotRow | None:
    """One snapshot by id, or None."""
    return db.get(OfferSnapshotRow, snapshot_id)


def snapshots_of(db: Session, offer_id: str) -> list[OfferSnapshotRow]:
    """Every snapshot of an offer, oldest first."""
    statement = select(OfferSnapshotRow).where(OfferSnapshotRow.offer_id == offer_id)
    return list(db.exec(statement.order_by(OfferSnapshotRow.id)))
