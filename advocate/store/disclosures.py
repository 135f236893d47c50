"""Disclosures (commission, sponsorship): stored apart from offers, read only for display."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, or_, select

from advocate.domain import Disclosure
from advocate.store.mapping import disclosure_from_row
from advocate.store.tables import DisclosureRow, utcnow


def record_disclosure(db: Session, disclosure: Disclosure) -> Disclosure:
    """Insert or replace the disclosure of this kind for this offer or brand."""
    row = db.exec(select(DisclosureRow).where(
        DisclosureRow.offer_id == disclosure.offer_id, DisclosureRow.brand == disclosure.brand,
        DisclosureRow.kind == disclosure.kind)).first() or DisclosureRow(kind=disclosure.kind)
    row.offer_id, row.brand = disclosure.offer_id, disclosure.brand
    row.amount, row.currency, row.basis = disclosure.amount, disclosure.currency, disclosure.basis
    row.note, row.recorded_at = disclosure.note, utcnow()
    db.add(row)
    db.flush()
    return disclosure_from_row(row)


def disclosures_for(db: Session, offers: Iterable[tuple[str, str]]) -> dict[str, list[Disclosure]]:
    """Disclosures per offer id, for (offer id, brand) pairs: the offer's own and its brand's."""
    pairs = list(offers)
    if not pairs:
        return {}
    ids = [offer_id for offer_id, _ in pairs]
    brands = sorted({brand for _, brand in pairs})
    rows = db.exec(select(DisclosureRow).where(or_(
        col(DisclosureRow.offer_id).in_(ids), col(DisclosureRow.brand).in_(brands)))).all()
    found: dict[str, list[Disclosure]] = {offer_id: [] for offer_id in ids}
    for offer_id, brand in pairs:
        found[offer_id] = [disclosure_from_row(r) for r in rows
                           if r.offer_id == offer_id or (r.offer_id is None and r.brand == brand)]
    return found
