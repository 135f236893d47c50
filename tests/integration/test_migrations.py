"""Migrations run both ways on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect

from advocate.store import migrate
from advocate.store.db import make_engine


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_downgrade_to_nothing_and_upgrade_back_to_head(database_url):
    migrate.downgrade(database_url, "base")
    assert _tables(database_url) <= {"alembic_version"}
    migrate.upgrade(database_url)
    assert {"offer", "offer_snapshot", "offer_region", "refresh_run", "quarantined_payload",
            "disclosure", "api_key", "partner", "recommendation", "profile", "notification",
            "webhook"} <= _tables(database_url)
