"""The offer store on SQLite and PostgreSQL: upserts, snapshots, listing, disclosures."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event
from sqlmodel import Session, SQLModel

from advocate.domain import Category, Disclosure, Geography, Offer, Provenance, RawPayload
from advocate.domain.terms import GenericTerms
from advocate.store.db import make_engine
from advocate.store.disclosures import disclosures_for, record_disclosure
from advocate.store.offers import (
    OfferQuery,
    Outcome,
    get_snapshot,
    list_offer_rows,
    load_offers,
    snapshots_of,
    upsert_offer,
)

BANKING = Path(__file__).parents[1] / "fixtures" / "cdr_banking" / "product-detail"
FETCHED = datetime(2024, 8, 12, 0, 32, tzinfo=UTC)


def _real_product(name: str) -> dict:
    return json.loads(next(BANKING.glob(f"*/{name}")).read_text())


def _offer_and_raw(body: dict, *, regions=("state:VIC",), excluded=()) -> tuple[Offer, RawPayload]:
    data = body["data"]
    raw = RawPayload(source="cdr_banking", body=body, fetched_at=FETCHED,
                     url=f"https://example.invalid/{data['productId']}", schema_version="4")
    offer = Offer(
        id=f"cdr_banking:{data['productId']}", source="cdr_banking", external_id=data["productId"],
        category=Category.DEPOSIT, brand=data["brand"],
        brand_name=data.get("brandName") or data["brand"],
        name=data["name"], geography=Geography(included=regions, excluded=excluded),
        terms=GenericTerms({"rates": data.get("depositRates", [])}),
        provenance=Provenance("cdr_banking", FETCHED, raw.sha256, raw.url, "4"))
    return offer, raw


def test_a_new_offer_is_stored_with_its_first_snapshot(engine):
    offer, raw = _offer_and_raw(_real_product("SavESaver.json"))
    with Session(engine) as db:
        assert upsert_offer(db, offer, raw) is Outcome.STORED
        db.commit()
        snapshots = snapshots_of(db, offer.id)
    assert len(snapshots) == 1
    assert snapshots[0].payload_sha256 == raw.sha256
    assert snapshots[0].raw == raw.body


def test_the_offer_row_repeats_its_current_snapshots_payload_hash(engine):
    body = _real_product("SavESaver.json")
    changed = copy.deepcopy(body)
    changed["data"]["name"] = "Westpac eSaver (renamed)"
    with Session(engine) as db:
        for version in (body, changed):
            upsert_offer(db, *_offer_and_raw(version))
        db.commit()
        row, = list_offer_rows(db, OfferQuery())[0]
        current = get_snapshot(db, row.current_snapshot_id)
    assert row.current_payload_sha256 == current.payload_sha256 == _offer_and_raw(changed)[1].sha256


def test_loading_offers_reads_only_the_covering_index_on_sqlite(sqlite_url):
    """load_offers' first query (which offers, at which snapshot) is answered from
    ix_offer_current alone: no offer row is read past its large JSON columns."""
    engine = make_engine(sqlite_url)
    statements = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, sql, params, *_: statements.append((sql, params)))
    with Session(engine) as db:
        upsert_offer(db, *_offer_and_raw(_real_product("SavESaver.json")))
        db.commit()
        statements.clear()
        assert len(load_offers(db, OfferQuery(category="deposit", regions=frozenset(
            {"state:VIC"})))) == 1
        sql, params = statements[0]
        plan = [row[-1] for row in db.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {sql}", params)]
    engine.dispose()
    offer_steps = [step for step in plan if " offer " in f"{step} " and "offer_region" not in step]
    assert len(offer_steps) == 1, plan
    assert offer_steps[0].startswith("SEARCH offer USING COVERING INDEX ix_offer_current "), plan


def test_an_unchanged_payload_adds_no_snapshot(engine):
    offer, raw = _offer_and_raw(_real_product("SavESaver.json"))
    with Session(engine) as db:
        upsert_offer(db, offer, raw)
        assert upsert_offer(db, offer, raw) is Outcome.UNCHANGED
        db.commit()
        assert len(snapshots_of(db, offer.id)) == 1


def test_a_changed_payload_appends_a_snapshot_and_keeps_the_old_one(engine):
    body = _real_product("SavESaver.json")
    offer, raw = _offer_and_raw(body)
    changed = copy.deepcopy(body)
    changed["data"]["name"] = "Westpac eSaver (renamed)"
    offer2, raw2 = _offer_and_raw(changed)
    with Session(engine) as db:
        upsert_offer(db, offer, raw)
        assert upsert_offer(db, offer2, raw2) is Outcome.UPDATED
        db.commit()
        snapshots = snapshots_of(db, offer.id)
        (row,), _ = list_offer_rows(db, OfferQuery())
    assert [s.raw["data"]["name"] for s in snapshots] == ["Westpac eSaver",
                                                          "Westpac eSaver (renamed)"]
    assert row.name == "Westpac eSaver (renamed)"
    assert row.current_snapshot_id == snapshots[1].id


def test_loaded_offers_follow_a_new_snapshot_and_never_serve_a_stale_copy(engine):
    body = _real_product("SavESaver.json")
    offer, raw = _offer_and_raw(body)
    changed = copy.deepcopy(body)
    changed["data"]["name"] = "Westpac eSaver (renamed)"
    changed["data"]["depositRates"] = []
    offer2, raw2 = _offer_and_raw(changed, regions=("state:NSW",))
    with Session(engine) as db:
        upsert_offer(db, offer, raw)
        db.commit()
        (first,) = load_offers(db, OfferQuery())
        assert load_offers(db, OfferQuery()) == [first]
        upsert_offer(db, offer2, raw2)
        db.commit()
        (second,) = load_offers(db, OfferQuery())
        in_vic = load_offers(db, OfferQuery(regions=frozenset({"state:VIC"})))
    assert (first.name, first.geography.included) == ("Westpac eSaver", ("state:VIC",))
    assert (second.name, second.geography.included) == ("Westpac eSaver (renamed)",
                                                        ("state:NSW",))
    assert second.terms == GenericTerms({"rates": []})
    assert second.provenance.payload_sha256 == raw2.sha256
    assert in_vic == []


def test_threads_sharing_a_tiny_offer_cache_always_get_every_offer(engine, monkeypatch):
    # A threaded server's requests share the cache; evicting while others read must not fail.
    from concurrent.futures import ThreadPoolExecutor

    from advocate.store import offers as store

    monkeypatch.setattr(store, "_OFFERS_MAX", 1)
    with Session(engine) as db:
        for name in ("SavESaver.json", "TDTermDeposit.json"):
            upsert_offer(db, *_offer_and_raw(_real_product(name)))
        db.commit()

    def names(_):
        with Session(engine) as db:
            return sorted(o.name for o in load_offers(db, OfferQuery()))

    with ThreadPoolExecutor(max_workers=6) as pool:
        found = list(pool.map(names, range(60)))
    assert len({tuple(n) for n in found}) == 1 and len(found[0]) == 2


def test_a_snapshot_is_read_back_by_id_with_its_provenance(engine):
    offer, raw = _offer_and_raw(_real_product("TDTermDeposit.json"))
    with Session(engine) as db:
        upsert_offer(db, offer, raw)
        db.commit()
        (row,), _ = list_offer_rows(db, OfferQuery())
        snapshot = get_snapshot(db, row.current_snapshot_id)
        (loaded,) = load_offers(db, OfferQuery())
    assert snapshot.source_url == raw.url
    assert snapshot.schema_version == "4"
    assert loaded.provenance.payload_sha256 == raw.sha256
    assert loaded.provenance.fetched_at == FETCHED
    assert loaded.terms == offer.terms


def test_offers_are_listed_by_category_region_and_brand(engine):
    vic, _ = _offer_and_raw(_real_product("SavESaver.json"), regions=("state:VIC",))
    nsw, _ = _offer_and_raw(_real_product("SavBump.json"), regions=("state:NSW",))
    nab, _ = _offer_and_raw(_real_product("a97fad3e-9d44-4b4e-8279-3722edefae52.json"),
                            regions=("state:VIC", "state:NSW"))
    with Session(engine) as db:
        for body in ("SavESaver.json", "SavBump.json", "a97fad3e-9d44-4b4e-8279-3722edefae52.json"):
            upsert_offer(db, *_offer_and_raw(_real_product(body),
                                             regions={"SavESaver.json": ("state:VIC",),
                                                      "SavBump.json": ("state:NSW",)}.get(
                                                 body, ("state:VIC", "state:NSW"))))
        db.commit()
        in_vic, total_vic = list_offer_rows(db, OfferQuery(regions=frozenset({"state:VIC"})))
        westpac, _ = list_offer_rows(db, OfferQuery(brand=vic.brand))
        loans, _ = list_offer_rows(db, OfferQuery(category="loan"))
    assert {r.id for r in in_vic} == {vic.id, nab.id} and total_vic == 2
    assert {r.id for r in westpac} == {vic.id, nsw.id}
    assert loans == []


def test_an_excluded_region_overrides_an_included_one(engine):
    offer, raw = _offer_and_raw(_real_product("SavESaver.json"),
                                regions=("distributor:citipower",), excluded=("postcode:3000",))
    with Session(engine) as db:
        upsert_offer(db, offer, raw)
        db.commit()
        excluded, _ = list_offer_rows(db, OfferQuery(
            regions=frozenset({"distributor:citipower", "postcode:3000"})))
        included, _ = list_offer_rows(db, OfferQuery(
            regions=frozenset({"distributor:citipower", "postcode:3006"})))
    assert excluded == []
    assert [r.id for r in included] == [offer.id]


def test_paging_returns_the_total_and_a_stable_order(engine):
    names = ["SavESaver.json", "SavBump.json", "TDTermDeposit.json", "123.json", "212.json"]
    with Session(engine) as db:
        for name in names:
            upsert_offer(db, *_offer_and_raw(_real_product(name)))
        db.commit()
        first, total = list_offer_rows(db, OfferQuery(), offset=0, limit=2)
        rest, _ = list_offer_rows(db, OfferQuery(), offset=2, limit=10)
    ids = [r.id for r in first + rest]
    assert total == 5 and ids == sorted(ids) and len(set(ids)) == 5


def test_disclosures_are_stored_apart_and_found_for_offer_and_brand(engine):
    offer, raw = _offer_and_raw(_real_product("SavESaver.json"))
    with Session(engine) as db:
        upsert_offer(db, offer, raw)
        record_disclosure(db, Disclosure(None, offer.id, None, "commission", Decimal("120.00"),
                                         "AUD", "per account opened"))
        record_disclosure(db, Disclosure(None, None, offer.brand, "sponsorship", None, None,
                                         "", "Brand sponsors the partner page"))
        db.commit()
        found = disclosures_for(db, [(offer.id, offer.brand)])[offer.id]
    assert {(d.kind, d.amount) for d in found} == {("commission", Decimal("120.00")),
                                                   ("sponsorship", None)}


def test_the_migrations_produce_exactly_the_models_schema(engine):
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []
