"""Shared fixtures: databases (SQLite always, PostgreSQL when reachable), apps, clients."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from advocate import create_app
from advocate.store import migrate
from advocate.store.db import make_engine

FIXTURES = Path(__file__).parent / "fixtures"
PG_ADMIN_URL = os.environ.get("ADVOCATE_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_unreachable_reason() -> str | None:
    import psycopg

    dsn = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        psycopg.connect(dsn, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {str(exc).strip()[:160]}"
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is much faster)."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """A database of its own on the local PostgreSQL for this run, or None when unreachable."""
    reason = _postgres_unreachable_reason()
    if reason:
        yield None
        return
    import psycopg

    name = f"advocate_test_{uuid.uuid4().hex[:12]}"
    admin = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    migrate.upgrade(url)
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path, sqlite_template) -> str:
    """Storage tests run once per database: SQLite always, PostgreSQL when reachable."""
    if request.param == "sqlite":
        path = tmp_path / "advocate.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    if url is None:
        pytest.skip(_postgres_unreachable_reason() or "PostgreSQL not reachable")
    _truncate(url)
    return url


@pytest.fixture
def engine(database_url):
    """An engine on the test database."""
    bind = make_engine(database_url)
    yield bind
    bind.dispose()


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template) -> str:
    """A fresh migrated SQLite database (for tests that need only one backend)."""
    path = tmp_path / "advocate.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(sqlite_url, tmp_path):
    """The app on a fresh SQLite database."""
    return create_app({"TESTING": True, "DATABASE_URL": sqlite_url})


@pytest.fixture
def client(app):
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture(scope="session")
def samples_db_template(tmp_path_factory, sqlite_template) -> Path:
    """A SQLite file with the bundled real samples imported once per run."""
    from advocate.samples import DEMO_PARTNER, sample_files, sample_registers
    from advocate.services.access import upsert_partner
    from advocate.services.refresh import import_files, import_register
    from advocate.store.db import transaction
    from providers import get_adapter

    path = tmp_path_factory.mktemp("samples") / "samples.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    for source, paths in sample_files(str(Path(__file__).parents[1] / "advocate")).items():
        report = import_files(engine, get_adapter(source), paths)
        assert report.status == "succeeded", report.summary()
    for source, register in sample_registers(str(Path(__file__).parents[1] / "advocate")).items():
        import_register(engine, get_adapter(source), register)
    with transaction(engine) as db:
        upsert_partner(db, **DEMO_PARTNER)
    engine.dispose()
    return path


@pytest.fixture
def loaded_app(tmp_path, samples_db_template):
    """The app on a copy of the database with the real samples loaded."""
    path = tmp_path / "loaded.db"
    shutil.copy(samples_db_template, path)
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}"})


@pytest.fixture
def loaded_client(loaded_app):
    """A test client of `loaded_app`."""
    return loaded_app.test_client()
