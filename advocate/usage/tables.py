"""Read the reference tables shipped in advocate/data/energy (CSV, '#' lines are notes)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "energy"


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `<name>.csv` as dicts, note lines skipped; cached for the process."""
    with (DATA_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple(csv.DictReader(lines))
