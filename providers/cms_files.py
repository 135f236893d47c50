"""Stream the rows of a QHP landscape file: CSV, the XLSX workbook CMS publishes, or a zip
holding either. One dict per data row, keyed by normalised column names (`cms_columns`).

The header row is found, not assumed: CMS workbooks put a title row above it (`header=1` in
pandas terms), CSV exports start with it. The first rows are scanned for the row naming the
plan ID and metal level columns. XLSX is read with openpyxl in read-only mode, so memory stays
flat however many rows the sheet has; CSV is read line by line.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from advocate.domain import ProviderError
from providers.cms_columns import header_keys

HEADER_SCAN_ROWS = 10
_XLSX_MARKER = "[Content_Types].xml"


def iter_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(1-based row number in the file, row dict) for every non-empty data row of `path`."""
    with _opened(path) as (kind, handle):
        cells = _xlsx_cells(handle) if kind == "xlsx" else _csv_cells(handle)
        yield from _rows(cells, path.name)


@contextmanager
def _opened(path: Path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if _XLSX_MARKER in archive.namelist():
                with open(path, "rb") as handle:
                    yield "xlsx", handle
                return
            member = _landscape_member(archive, path)
            if member.lower().endswith(".xlsx"):
                # openpyxl needs a seekable file, which a zip member is not: unpack it to disk.
                with (tempfile.TemporaryDirectory() as folder,
                      open(archive.extract(member, folder), "rb") as handle):
                    yield "xlsx", handle
                return
            with archive.open(member) as raw:
                yield "csv", io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        return
    with open(path, encoding="utf-8-sig", newline="") as handle:
        yield "csv", handle


def _landscape_member(archive: zipfile.ZipFile, path: Path) -> str:
    names = [n for n in archive.namelist()
             if n.lower().endswith((".xlsx", ".csv")) and not n.startswith("__MACOSX/")]
    if not names:
        raise ProviderError(f"{path.name}: the zip holds no .xlsx or .csv file")
    return sorted(names, key=lambda n: (not n.lower().endswith(".xlsx"), n))[0]


def _csv_cells(handle: Iterable[str]) -> Iterator[list[object]]:
    yield from csv.reader(handle)


def _xlsx_cells(handle) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    workbook = load_workbook(handle, read_only=True, data_only=True)
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _rows(cells: Iterator[list[object]], name: str) -> Iterator[tuple[int, dict[str, str]]]:
    keys = None
    for number, row in enumerate(cells, start=1):
        if keys is None:
            keys = header_keys(row)
            if keys is None and number >= HEADER_SCAN_ROWS:
                raise ProviderError(f"{name}: no QHP landscape header row (one naming "
                                    f"'Plan ID (Standard Component)') in the first "
                                    f"{HEADER_SCAN_ROWS} rows")
            continue
        values = [_cell(value) for value in row]
        if any(values):
            yield number, {key: value for key, value in zip(keys, values, strict=False) if key}
    if keys is None:
        raise ProviderError(f"{name}: no QHP landscape header row found")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
