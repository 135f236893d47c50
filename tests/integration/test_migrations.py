"""Migrations run both ways on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect, text

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


def test_the_offer_hash_migration_fills_each_offer_with_its_current_snapshots_hash(database_url):
    migrate.downgrade(database_url, "0004")
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO offer (id, source, external_id, category, brand, brand_name, name,"
                " description, geography, terms, current_snapshot_id, first_seen_at, updated_at)"
                " VALUES ('s:a', 's', 'a', 'electricity', 'b', 'B', 'A', '', '{}', '{}', NULL,"
                " '2026-11-24 00:00:00', '2026-11-24 00:00:00')"))
            for sha in ("1" * 64, "2" * 64):
                connection.execute(text(
                    "INSERT INTO offer_snapshot (offer_id, payload_sha256, raw, terms, fetched_at,"
                    " recorded_at) VALUES ('s:a', :sha, '{}', '{}', '2026-11-24 00:00:00',"
                    " '2026-11-24 00:00:00')"), {"sha": sha})
            latest = connection.execute(text("SELECT max(id) FROM offer_snapshot")).scalar()
            connection.execute(text("UPDATE offer SET current_snapshot_id = :id"), {"id": latest})
        migrate.upgrade(database_url)
        with engine.connect() as connection:
            stored = connection.execute(text(
                "SELECT current_payload_sha256 FROM offer WHERE id = 's:a'")).scalar()
    finally:
        engine.dispose()
    assert stored == "2" * 64
