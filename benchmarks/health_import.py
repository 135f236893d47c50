"""Import speed and memory of the CMS landscape adapter on a synthetic full-year file.

Writes an 80,000-row landscape CSV (the 190 real 2014 rows repeated, under CMS's own header
spelling, with a county FIPS column and a distinct plan ID per copy) to a temporary folder,
streams it through `read_files` + `parse`, and prints rows per second and the process's peak
RSS before and after the import (resource.getrusage). `--trace` adds a second, slower pass
under tracemalloc for the peak of Python allocations during the import.

    .venv/bin/python benchmarks/health_import.py [--rows 80000] [--xlsx] [--trace]
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from providers.cms_columns import LANDSCAPE_HEADERS, normalise  # noqa: E402
from providers.cms_landscape import CmsLandscapeAdapter  # noqa: E402

FIXTURE = (ROOT / "tests" / "fixtures" / "cms_landscape"
           / "qhp_landscape_individual_medical_2014_4counties.csv")
FIPS = {"DALLAS": "48113", "GUILFORD": "37081", "COOK": "17031", "FULTON": "13121"}


def synthetic_rows(count: int):
    """The header row (CMS spelling) then `count` rows copied from the real ones."""
    with open(FIXTURE, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        columns = next(reader)
        real = list(reader)
    original = {normalise(h): h for h in LANDSCAPE_HEADERS}
    yield [original[c] for c in columns] + ["FIPS County Code"]
    plan, county = columns.index("plan_id_standard_component"), columns.index("county")
    for n in range(count):
        row = list(real[n % len(real)])
        row[plan] = f"{row[plan][:7]}{n % 10_000_000:07d}"  # keep the 14-character HIOS shape
        yield [*row, FIPS[row[county]]]


def write_csv(path: Path, count: int) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(synthetic_rows(count))
    return path


def write_xlsx(path: Path, count: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Individual Market Medical")
    sheet.append(["QHP Landscape Individual Market Medical"])
    for row in synthetic_rows(count):
        sheet.append(row)
    book.save(path)
    return path


def run(path: Path) -> tuple[int, float]:
    """(rows parsed, seconds)."""
    adapter = CmsLandscapeAdapter(plan_year=2014)
    started = time.perf_counter()
    rows = 0
    for raw in adapter.read_files([path]):
        adapter.parse(raw)
        rows += 1
    return rows, time.perf_counter() - started


def traced_peak(path: Path) -> int:
    """Peak bytes of Python allocations while importing `path`."""
    tracemalloc.start()
    run(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=80_000)
    parser.add_argument("--xlsx", action="store_true", help="write and read an XLSX instead")
    parser.add_argument("--trace", action="store_true", help="also measure with tracemalloc")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        name = "landscape-2014.xlsx" if args.xlsx else "landscape-2014.csv"
        writer = write_xlsx if args.xlsx else write_csv
        path = writer(Path(folder) / name, args.rows)
        size = path.stat().st_size
        before = peak_rss_mb()
        rows, seconds = run(path)
        after = peak_rss_mb()
        peak = traced_peak(path) if args.trace else None
    print(f"file: {name}, {rows:,} rows, {size / 1e6:.1f} MB")
    print(f"import (read_files + parse): {seconds:.1f} s, {rows / seconds:,.0f} rows/s")
    print(f"peak process RSS: {before:.1f} MB before the import, {after:.1f} MB after it")
    if peak is not None:
        print(f"peak traced Python allocations during the import: {peak / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
