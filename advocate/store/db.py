"""The database engine per app, sessions per request, and the default SQLite location."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import orjson
from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

EXTENSION_KEY = "advocate.engine"


def database_url(app: Flask) -> str:
    """The configured URL, or a SQLite file in the instance folder."""
    url = app.config.get("DATABASE_URL")
    if url:
        return str(url)
    os.makedirs(app.instance_path, exist_ok=True)
    return f"sqlite:///{os.path.join(app.instance_path, 'advocate.db')}"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys on and a busy timeout.

    JSON columns are written with orjson: a stored recommendation holds every ranked offer's
    whole estimate (about 1.5 MB for 400 offers), which the standard library encodes in
    ~9 ms and orjson in ~1 ms. Keys that are not strings are written as json.dumps writes
    them (OPT_NON_STR_KEYS, for the documents that have such keys); what is read back is the
    same either way.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               json_serializer=_json_text)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=_json_text)


def _json_text(value) -> str:
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:  # a key that is not a string (orjson's option for them
        # halves its speed on every document, so it is used only where it is needed)
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def init_app(app: Flask) -> None:
    """Create the engine (it connects lazily) and close request sessions on teardown."""
    app.extensions[EXTENSION_KEY] = make_engine(database_url(app))
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions[EXTENSION_KEY]


def session() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()


@contextmanager
def transaction(bind: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(bind, expire_on_commit=False) as db_session:
        try:
            yield db_session
            db_session.commit()
        except BaseException:
            db_session.rollback()
            raise
