"""JSON written with orjson (responses, stored columns), read as the standard library wrote it."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask.json.provider import DefaultJSONProvider
from sqlalchemy import JSON, Column, Integer, MetaData, Table

from advocate import create_app
from advocate.json_provider import OrjsonProvider
from advocate.store.db import make_engine


@dataclasses.dataclass
class _Point:
    name: str
    amount: Decimal


@pytest.fixture
def app(tmp_path):
    return create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/unused.db"})


VALUES = [
    {"z": 1, "a": [1.5, 1e-05, 1e16, None, True, "café"], "m": {"y": 2, "b": 3}},
    {"money": Decimal("1.20"), "at": datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
     "day": date(2024, 1, 2), "id": uuid.UUID(int=5), "point": _Point("p", Decimal("2.5"))},
    {"beyond_64_bits": 2**70},
    {"keys": {1: "one", 2: "two"}},
]


@pytest.mark.parametrize("value", VALUES)
def test_a_response_says_what_flasks_own_encoder_says(app, value):
    assert isinstance(app.json, OrjsonProvider)
    with app.app_context():
        ours = app.json.response(value).get_data(as_text=True)
        flasks = DefaultJSONProvider(app).response(value).get_data(as_text=True)
    assert json.loads(ours) == json.loads(flasks)


def test_keys_are_sorted_at_every_level_as_flask_sorts_them(app):
    with app.app_context():
        text = app.json.dumps(VALUES[0], separators=(",", ":"))
    assert text.index('"a"') < text.index('"m"') < text.index('"z"')
    assert text.index('"b"') < text.index('"y"')


def test_formatting_options_are_flasks(app):
    with app.app_context():
        assert app.json.dumps({"b": 1, "a": 2}, indent=2) == '{\n  "a": 2,\n  "b": 1\n}'


def test_stored_json_with_keys_that_are_not_strings_reads_back_as_json_dumps_wrote_it(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/json.db")
    table = Table("documents", MetaData(), Column("id", Integer, primary_key=True),
                  Column("body", JSON))
    table.metadata.create_all(engine)
    bodies = [{"plain": [1, "two"]}, {"by_year": {2024: 1.5, 2025: None}}]
    with engine.begin() as connection:
        connection.execute(table.insert(), [{"body": body} for body in bodies])
        stored = [row.body for row in connection.execute(table.select().order_by(table.c.id))]
    engine.dispose()
    assert stored == [json.loads(json.dumps(body)) for body in bodies]
