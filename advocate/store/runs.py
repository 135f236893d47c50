"""Refresh runs and quarantined payloads."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from advocate.domain import RawPayload
from advocate.store.tables import QuarantinedPayloadRow, RefreshRunRow, utcnow


def start_run(db: Session, source: str, *, kind: str = "refresh") -> RefreshRunRow:
    """Record that a run of `source` has started."""
    run = RefreshRunRow(source=source, kind=kind, status="running", started_at=utcnow())
    db.add(run)
    db.flush()
    return run


def finish_run(db: Session, run: RefreshRunRow, *, status: str, errors: list[dict]) -> None:
    """Record how a run ended."""
    run.status, run.errors, run.finished_at = status, errors, utcnow()
    db.add(run)
    db.flush()


def quarantine(db: Session, raw: RawPayload, error: str, *, run_id: int | None) -> None:
    """Keep an unparseable payload whole, with the reason."""
    db.add(QuarantinedPayloadRow(
        source=raw.source, run_id=run_id, payload_sha256=raw.sha256, raw=raw.body, error=error,
        fetched_at=raw.fetched_at, source_url=raw.url, schema_version=raw.schema_version))
    db.flush()


def latest_runs(db: Session) -> list[RefreshRunRow]:
    """The newest run of each source."""
    newest = (select(RefreshRunRow.source, func.max(RefreshRunRow.id).label("id"))
              .group_by(RefreshRunRow.source).subquery())
    statement = select(RefreshRunRow).where(col(RefreshRunRow.id).in_(select(newest.c.id)))
    return list(db.exec(statement.order_by(RefreshRunRow.source)))


def quarantined(db: Session, *, source: str | None = None) -> list[QuarantinedPayloadRow]:
    """Quarantined payloads, newest first."""
    statement = select(QuarantinedPayloadRow)
    if source:
        statement = statement.where(QuarantinedPayloadRow.source == source)
    return list(db.exec(statement.order_by(col(QuarantinedPayloadRow.id).desc())))
