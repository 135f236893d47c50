"""The brands each source's register lists (market coverage)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from advocate.store.tables import RegisterBrandRow, utcnow


def replace_register(db: Session, source: str, brands: Iterable[tuple[str, str]]) -> int:
    """Make (brand id, name) pairs the register listing of `source`; returns the count."""
    brands = dict(brands)
    if not brands:  # an empty listing is a failure upstream, never a reason to forget brands
        return 0
    for row in db.exec(select(RegisterBrandRow).where(RegisterBrandRow.source == source)):
        db.delete(row)
    db.flush()
    now = utcnow()
    for brand_id, name in sorted(brands.items()):
        db.add(RegisterBrandRow(source=source, brand_id=brand_id, name=name, listed_at=now))
    db.flush()
    return len(brands)


def register_of(db: Session, source: str) -> list[RegisterBrandRow]:
    """The register listing of `source`, by name."""
    statement = select(RegisterBrandRow).where(RegisterBrandRow.source == source)
    return list(db.exec(statement.order_by(RegisterBrandRow.name)))
