"""Admin use cases: keys, partners and disclosures as API data, refresh on demand, run history.

Keys are shown with their prefix only; the secret exists once, in the answer to their
creation. Disclosures are recorded to be shown beside offers, never to rank them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from advocate.domain import Disclosure, InvalidInput, NotFound
from advocate.services import access
from advocate.services.refresh import RefreshReport, refresh
from advocate.store.access_tables import ApiKeyRow, PartnerRow
from advocate.store.disclosures import record_disclosure
from advocate.store.mapping import aware, disclosure_from_row
from advocate.store.tables import DisclosureRow, OfferRow, QuarantinedPayloadRow, RefreshRunRow
from providers import REGISTRY, get_adapter
from providers.http import make_client


def key_json(row: ApiKeyRow) -> dict[str, Any]:
    """A key as listed: never its hash, only the first characters of the secret."""
    return {"id": row.id, "name": row.name, "role": row.role, "prefix": row.key_prefix,
            "partner": row.partner_id, "created": aware(row.created_at),
            "revoked": aware(row.revoked_at)}


def keys(db: Session) -> list[dict[str, Any]]:
    """Every key, oldest first."""
    return [key_json(row) for row in access.list_keys(db)]


def new_key(db: Session, *, role: str, name: str, partner: str | None = None) -> dict[str, Any]:
    """Create a key; the answer carries the secret, which is not stored and never shown again."""
    created = access.create_key(db, role=role, name=name, partner_id=partner)
    return {**key_json(db.get(ApiKeyRow, created.id)), "secret": created.secret}


def revoke(db: Session, key_id: int) -> dict[str, Any]:
    """Revoke a key (NotFound when there is none with this id)."""
    return key_json(access.revoke_key(db, key_id))


def partner_json(row: PartnerRow) -> dict[str, Any]:
    """A partner as the API shows it."""
    return {"id": row.id, "name": row.name, "brands": list(row.brands),
            "origins": list(row.origins), "created": aware(row.created_at)}


def partners(db: Session) -> list[dict[str, Any]]:
    """Every partner, by id."""
    return [partner_json(row) for row in db.exec(select(PartnerRow).order_by(PartnerRow.id))]


def save_partner(db: Session, *, id: str, name: str, brands: list[str],
                 origins: list[str]) -> tuple[dict[str, Any], bool]:
    """Create or replace a partner; also says whether it is new."""
    is_new = db.get(PartnerRow, id) is None
    row = access.upsert_partner(db, partner_id=id, name=name, brands=brands, origins=origins)
    return partner_json(row), is_new


def disclosure_json(disclosure: Disclosure) -> dict[str, Any]:
    """A disclosure as the API shows it; the amount stays a decimal string."""
    return {"id": disclosure.id, "offer_id": disclosure.offer_id, "brand": disclosure.brand,
            "kind": disclosure.kind,
            "amount": None if disclosure.amount is None else f"{disclosure.amount:.2f}",
            "currency": disclosure.currency, "basis": disclosure.basis,
            "note": disclosure.note, "recorded_at": disclosure.recorded_at}


def add_disclosure(db: Session, data: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Record a disclosure (replacing the one of the same kind on the same offer or brand);
    also says whether it is new. An unknown offer id is refused, naming it."""
    offer_id, brand = data.get("offer_id"), data.get("brand")
    if offer_id and db.get(OfferRow, offer_id) is None:
        raise InvalidInput(f"No offer with id {offer_id!r}.", field="offer_id")
    is_new = db.exec(select(DisclosureRow.id).where(
        DisclosureRow.offer_id == offer_id, DisclosureRow.brand == brand,
        DisclosureRow.kind == data["kind"])).first() is None
    amount = data.get("amount")
    recorded = record_disclosure(db, Disclosure(
        id=None, offer_id=offer_id, brand=brand, kind=data["kind"],
        amount=None if amount is None else Decimal(amount), currency=data.get("currency"),
        basis=data.get("basis", ""), note=data.get("note", "")))
    return disclosure_json(recorded), is_new


def remove_disclosure(db: Session, disclosure_id: int) -> None:
    """Delete a disclosure (NotFound when there is none with this id)."""
    row = db.get(DisclosureRow, disclosure_id)
    if row is None:
        raise NotFound(f"No disclosure with id {disclosure_id}.", field="disclosure_id")
    db.delete(row)
    db.flush()


def disclosures(db: Session, *, page: int, page_size: int, offer_id: str | None = None,
                brand: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """One page of disclosures (optionally of one offer or brand), and the total."""
    statement = select(DisclosureRow)
    if offer_id:
        statement = statement.where(DisclosureRow.offer_id == offer_id)
    if brand:
        statement = statement.where(DisclosureRow.brand == brand)
    rows, total = _page(db, statement.order_by(DisclosureRow.id), page, page_size)
    return [disclosure_json(disclosure_from_row(row)) for row in rows], total


def run_refresh(bind: Engine, source: str, *, transport: httpx.BaseTransport | None = None,
                timeout: httpx.Timeout | None = None) -> RefreshReport:
    """Refresh one source now, through `transport` when given (tests replay payloads)."""
    if source not in REGISTRY:
        raise NotFound(f"No source {source!r}; known: {', '.join(sorted(REGISTRY))}.",
                       field="source")
    options = {"timeout": timeout} if timeout else {}
    with make_client(transport=transport, **options) as client:
        return refresh(bind, get_adapter(source), client)


def report_json(report: RefreshReport) -> dict[str, Any]:
    """What a run did, as the API shows it."""
    return {"source": report.source, "run_id": report.run_id, "status": report.status,
            "stored": report.stored, "updated": report.updated, "unchanged": report.unchanged,
            "quarantined": report.quarantined, "errors": report.errors,
            "changed_offer_ids": report.changed_offer_ids}


def runs(db: Session, *, page: int, page_size: int,
         source: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """Refresh and import runs, newest first, and the total."""
    statement = select(RefreshRunRow)
    if source:
        statement = statement.where(RefreshRunRow.source == source)
    rows, total = _page(db, statement.order_by(col(RefreshRunRow.id).desc()), page, page_size)
    return [{**row.model_dump(), "started_at": aware(row.started_at),
             "finished_at": aware(row.finished_at)} for row in rows], total


def quarantine(db: Session, *, page: int, page_size: int,
               source: str | None = None) -> tuple[list[dict[str, Any]], int]:
    """Quarantined payloads (without the payload itself), newest first, and the total."""
    columns = (QuarantinedPayloadRow.id, QuarantinedPayloadRow.source,
               QuarantinedPayloadRow.run_id, QuarantinedPayloadRow.error,
               QuarantinedPayloadRow.payload_sha256, QuarantinedPayloadRow.fetched_at,
               QuarantinedPayloadRow.source_url, QuarantinedPayloadRow.schema_version)
    statement = select(*columns)
    if source:
        statement = statement.where(QuarantinedPayloadRow.source == source)
    rows, total = _page(db, statement.order_by(col(QuarantinedPayloadRow.id).desc()), page,
                        page_size)
    return [{"id": r.id, "source": r.source, "run_id": r.run_id, "error": r.error,
             "sha256": r.payload_sha256, "fetched_at": aware(r.fetched_at),
             "source_url": r.source_url, "schema_version": r.schema_version}
            for r in rows], total


def _page(db: Session, statement, page: int, page_size: int) -> tuple[list, int]:
    total = db.exec(select(func.count()).select_from(
        statement.order_by(None).subquery())).one()
    rows = db.exec(statement.offset((page - 1) * page_size).limit(page_size)).all()
    return list(rows), total
