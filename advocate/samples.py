"""The bundled real sample data that `flask advocate load-samples` imports.

The files are the real recorded payloads kept under tests/fixtures/ with their PROVENANCE.md
(AU CDR energy plan details; the CMS 2014 QHP Landscape rows for four counties), so the demo
and the tests use the very same data.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from advocate.store.tables import OfferRow

SAMPLES: dict[str, tuple[str, ...]] = {
    "cdr_energy": ("tests/fixtures/cdr_energy/plan-detail/*/*.json",),
    "cms_landscape": ("tests/fixtures/cms_landscape/*.csv",),
}


DEMO_PARTNER = {
    "partner_id": "demo", "name": "Demo partner",
    # one sample retailer and one sample insurer, as the partner's own brands
    "brands": ["GloBird Energy", "Blue Cross Blue Shield of Texas"],
    "origins": ["http://localhost:8080"],
}

REGISTERS: dict[str, str] = {
    "cdr_energy": "tests/fixtures/cdr_energy/register/energy-data-holders-brands-summary.json",
}


def sample_registers(app_root: str) -> dict[str, Path]:
    """The bundled register listing per source."""
    project = Path(app_root).parent
    return {source: project / path for source, path in REGISTERS.items()}


def sample_files(app_root: str) -> dict[str, list[Path]]:
    """Sample files per source, resolved against the project root."""
    project = Path(app_root).parent
    return {source: sorted(p for pattern in patterns for p in project.glob(pattern))
            for source, patterns in SAMPLES.items()}


def has_offers(bind: Engine) -> bool:
    """True when at least one offer is stored."""
    with Session(bind) as db:
        return db.exec(select(func.count()).select_from(OfferRow)).one() > 0
