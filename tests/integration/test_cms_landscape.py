"""The CMS QHP landscape adapter on the real 2014 rows: CSV, XLSX with CMS's own headers, zip,
download through the shared HTTP layer, and an import that quarantines a bad row."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook
from sqlmodel import Session, select

from advocate.domain import ParseError, ProviderError
from advocate.domain.health import HealthPlanTerms, MetalLevel, PlanType
from advocate.services.refresh import import_files
from advocate.store.db import make_engine
from advocate.store.offers import OfferQuery, load_offers
from advocate.store.tables import QuarantinedPayloadRow
from providers import get_adapter
from providers.cms_columns import LANDSCAPE_HEADERS, normalise
from providers.cms_landscape import DEFAULT_URL, CmsLandscapeAdapter
from providers.http import RetryPolicy, make_client

FIXTURE = (Path(__file__).parents[1] / "fixtures" / "cms_landscape"
           / "qhp_landscape_individual_medical_2014_4counties.csv")
with open(FIXTURE, encoding="utf-8", newline="") as _handle:
    _READER = csv.reader(_handle)
    COLUMNS = next(_READER)
    ROWS = list(_READER)
ORIGINAL = {normalise(h): h for h in LANDSCAPE_HEADERS}
FIPS = {"DALLAS": "48113", "GUILFORD": "37081", "COOK": "17031", "FULTON": "13121"}


def _offers(paths, adapter=None):
    adapter = adapter or CmsLandscapeAdapter()
    return [adapter.parse(raw) for raw in adapter.read_files(paths)]


def _original_table(rows=ROWS) -> list[list[object]]:
    """The fixture rows under CMS's own (current-format) headers, with a FIPS column."""
    header = [ORIGINAL[c] for c in COLUMNS] + ["FIPS County Code"]
    county = COLUMNS.index("county")
    return [header] + [[*row, FIPS[row[county]]] for row in rows]


def _xlsx(path: Path, table: list[list[object]]) -> Path:
    """A workbook shaped like CMS's: a title row, the header on the second row."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Individual Market Medical")
    sheet.append(["QHP Landscape Individual Market Medical"])
    for row in table:
        sheet.append([_number(v) for v in row])
    book.save(path)
    return path


def _number(value: object) -> object:
    try:
        return float(value) if "." in str(value) else value
    except ValueError:
        return value


def test_every_bundled_row_imports_as_one_plan_county_offer():
    offers = _offers([FIXTURE])
    assert len(offers) == 190 == len({o.id for o in offers})
    dallas = next(o for o in offers if o.id == "cms_landscape:33602TX0420001:48113")
    assert dallas.geography.included == ("state:TX", "county:48113", "county_name:TX:DALLAS")
    assert (dallas.brand, dallas.brand_name) == ("33602", "Blue Cross Blue Shield of Texas")
    terms = dallas.terms
    assert (terms.metal_level, terms.plan_type, terms.rating_area) == (
        MetalLevel.GOLD, PlanType.PPO, "Rating Area 8")
    assert str(terms.premium_age_21) == "316.63"
    assert str(terms.premiums["couple_1_child_age_21"]) == "834.32"  # file: 834.3199999999999
    assert terms.variant().medical_moop.individual.amount == 3250
    assert terms.variant().combined_moop and not terms.variant().combined_deductible
    assert dallas.effective_from.year == 2014


def test_terms_survive_a_json_round_trip():
    for offer in _offers([FIXTURE]):
        assert HealthPlanTerms.from_json(offer.terms.to_json()) == offer.terms


def test_catastrophic_plans_are_flagged_as_outside_the_tax_credit():
    offers = _offers([FIXTURE])
    catastrophic = [o for o in offers if o.terms.is_catastrophic]
    assert len(catastrophic) == 14
    assert not any(o.terms.tax_credit_eligible for o in catastrophic)


def test_silver_plans_carry_their_cost_sharing_reduction_variants():
    silver = next(o.terms for o in _offers([FIXTURE])
                  if o.terms.plan_id == "96601IL0230002")
    assert list(silver.variants) == ["standard", "73", "87", "94"]
    assert [silver.variant(v).medical_moop.individual.amount for v in silver.variants] == [
        6350, 5200, 2250, 1500]


def test_a_cms_workbook_with_its_own_headers_on_the_second_row_imports_the_same(tmp_path):
    from_csv = {o.id: o.terms for o in _offers([FIXTURE])}
    path = _xlsx(tmp_path / "landscape-2014.xlsx", _original_table())
    from_xlsx = {o.id: o.terms for o in _offers([path])}
    assert from_xlsx == from_csv


def test_a_zip_holding_the_workbook_or_a_csv_imports(tmp_path):
    book = _xlsx(tmp_path / "inner.xlsx", _original_table(ROWS[:5]))
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.write(book, "landscape-individual-market-medical.xlsx")
    text = io.StringIO()
    csv.writer(text).writerows(_original_table(ROWS[:5]))
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as archive:
        archive.writestr("landscape.csv", text.getvalue())
    assert len(_offers([tmp_path / "a.zip"])) == len(_offers([tmp_path / "b.zip"])) == 5


def test_a_file_without_a_landscape_header_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n" * 20)
    with pytest.raises(ProviderError, match="no QHP landscape header"):
        list(CmsLandscapeAdapter().read_files([path]))


def test_unknown_cost_sharing_text_fails_the_row_naming_column_and_text():
    adapter = CmsLandscapeAdapter()
    raw = next(iter(adapter.read_files([FIXTURE])))
    raw.body["specialist_standard"] = "$40 Copay with deductible"
    with pytest.raises(ParseError, match=r"specialist_standard.*\$40 Copay with deductible"):
        adapter.parse(raw)


def test_an_import_stores_good_rows_and_quarantines_the_bad_one(tmp_path, sqlite_url):
    rows = [list(r) for r in ROWS]
    rows[3][COLUMNS.index("emergency_room_standard")] = "Ask your agent"
    path = tmp_path / "qhp_landscape_2014.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([COLUMNS, *rows])
    engine = make_engine(sqlite_url)
    report = import_files(engine, get_adapter("cms_landscape"), [path])
    assert (report.status, report.stored, report.quarantined) == ("succeeded", 189, 1)
    with Session(engine) as db:
        (kept,) = db.exec(select(QuarantinedPayloadRow)).all()
        stored = load_offers(db, OfferQuery(category="health",
                                               regions=frozenset({"county:48113"})))
    assert "emergency_room_standard" in kept.error and "Ask your agent" in kept.error
    assert stored and all(isinstance(o.terms, HealthPlanTerms) for o in stored)
    engine.dispose()


def _zip_bytes(rows) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(_original_table(rows))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("landscape-individual-market-medical.csv", text.getvalue())
    return buffer.getvalue()


def test_fetch_downloads_the_published_zip_through_the_shared_http_layer():
    body, calls = _zip_bytes(ROWS[:7]), []

    def serve(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        if len(calls) == 1:
            return httpx.Response(503)
        return httpx.Response(200, content=body)

    adapter = CmsLandscapeAdapter(policy=RetryPolicy(attempts=3, sleep=lambda _s: None))
    with make_client(transport=httpx.MockTransport(serve)) as client:
        raws = list(adapter.fetch(client))
    assert calls == [DEFAULT_URL, DEFAULT_URL]
    assert len(raws) == 7 and all(r.url == DEFAULT_URL for r in raws)
    assert adapter.parse(raws[0]).effective_from.year == 2026  # the year in the URL


def test_fetch_reports_a_missing_file_as_a_provider_error():
    adapter = CmsLandscapeAdapter(policy=RetryPolicy(attempts=1, sleep=lambda _s: None))
    transport = httpx.MockTransport(lambda request: httpx.Response(404))
    with make_client(transport=transport) as client, pytest.raises(ProviderError) as caught:
        list(adapter.fetch(client))
    assert caught.value.status == 404
