"""Refresh and import use cases: payloads in, offers upserted with snapshots, failures kept.

Rules (DESIGN.md §3 "Never lose data"): nothing here deletes an offer. A payload that fails to
parse is quarantined with the error while the others are stored. An upstream failure ends the
run as `failed` (nothing fetched) or `partial` (some payloads were stored first); either way
every offer stored before is left as it was. Writes go in batches, each one transaction, so a
crash mid-batch leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import InvalidOperation
from pathlib import Path

import httpx
from sqlalchemy.engine import Engine

from advocate.domain import ParseError, ProviderError, RawPayload
from advocate.store.db import transaction
from advocate.store.offers import Outcome, upsert_offer
from advocate.store.registers import replace_register
from advocate.store.runs import finish_run, quarantine, start_run
from advocate.store.tables import RefreshRunRow
from providers.base import Adapter

BATCH_SIZE = 500
# A parser bug on a strange payload must quarantine that payload, not abort the run.
_PARSER_FAILURES = (ParseError, KeyError, TypeError, ValueError, InvalidOperation, AttributeError)


@dataclass
class RefreshReport:
    """What one run did."""

    source: str
    run_id: int
    status: str = "running"
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    errors: list[dict] = field(default_factory=list)
    changed_offer_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the CLI."""
        return (f"{self.source}: {self.status} - {self.stored} stored, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.quarantined} quarantined"
                + (f", {len(self.errors)} error(s)" if self.errors else ""))


def refresh(bind: Engine, adapter: Adapter, client: httpx.Client) -> RefreshReport:
    """Fetch every payload of `adapter`'s source through `client` and store the offers."""
    return _ingest(bind, adapter, adapter.fetch(client), kind="refresh")


def import_files(bind: Engine, adapter: Adapter, paths: Iterable[Path]) -> RefreshReport:
    """Import payload files saved on disk (plan JSON, landscape CSV/XLSX) for `adapter`."""
    return _ingest(bind, adapter, adapter.read_files(paths), kind="import-files")


def _ingest(bind: Engine, adapter: Adapter, payloads: Iterator[RawPayload], *,
            kind: str) -> RefreshReport:
    with transaction(bind) as db:
        run = start_run(db, adapter.source, kind=kind)
        report = RefreshReport(source=adapter.source, run_id=run.id)
    batch: list[RawPayload] = []
    try:
        for raw in payloads:
            batch.append(raw)
            if len(batch) >= BATCH_SIZE:
                _store_batch(bind, adapter, batch, report)
                batch = []
    except ProviderError as exc:
        report.errors.append({"error": exc.message, **(exc.details or {})})
    if batch:  # payloads received before an upstream failure are still good data
        _store_batch(bind, adapter, batch, report)
    report.errors.extend(getattr(adapter, "failures", []))
    _finish(bind, report)
    _keep_register(bind, adapter)
    return report


def _keep_register(bind: Engine, adapter: Adapter) -> None:
    """Store the brands the source's register listed during the run (market coverage)."""
    listing = getattr(adapter, "register", None)
    if listing:
        with transaction(bind) as db:
            replace_register(db, adapter.source, listing)


def import_register(bind: Engine, adapter: Adapter, path: Path) -> int:
    """Import a saved register listing (e.g. the CDR Register brand summary) for `adapter`."""
    with transaction(bind) as db:
        return replace_register(db, adapter.source, adapter.read_register(path))


def _store_batch(bind: Engine, adapter: Adapter, batch: list[RawPayload],
                 report: RefreshReport) -> None:
    with transaction(bind) as db:
        counts = {outcome: 0 for outcome in Outcome}
        quarantined, changed = 0, []
        for raw in batch:
            try:
                offer = adapter.parse(raw)
            except _PARSER_FAILURES as exc:
                quarantine(db, raw, _describe(exc), run_id=report.run_id)
                quarantined += 1
                continue
            outcome = upsert_offer(db, offer, raw)
            counts[outcome] += 1
            if outcome is not Outcome.UNCHANGED:
                changed.append(offer.id)
    report.stored += counts[Outcome.STORED]
    report.updated += counts[Outcome.UPDATED]
    report.unchanged += counts[Outcome.UNCHANGED]
    report.quarantined += quarantined
    report.changed_offer_ids.extend(changed)


def _describe(exc: Exception) -> str:
    if isinstance(exc, ParseError):
        return exc.message
    return f"unexpected {type(exc).__name__} while parsing: {exc}"


def _finish(bind: Engine, report: RefreshReport) -> None:
    wrote = report.stored + report.updated + report.unchanged + report.quarantined
    if not report.errors:
        report.status = "succeeded"
    else:
        report.status = "partial" if wrote else "failed"
    with transaction(bind) as db:
        run = db.get(RefreshRunRow, report.run_id)
        run.stored, run.updated, run.unchanged = report.stored, report.updated, report.unchanged
        run.quarantined = report.quarantined
        finish_run(db, run, status=report.status, errors=report.errors)
