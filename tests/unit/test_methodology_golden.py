"""Golden rankings: scoring may not change without a new methodology version.

tests/unit/golden/<version>.json holds fixed candidate sets, the weights asked for and the
exact ranking the method of that version gives (order, scores, reasons, dominance), plus the
sha256 of the published method document. The file of the version in force must match the
code exactly. To change the method, follow advocate/scoring/methodology.py's docstring; with
`ADVOCATE_WRITE_GOLDEN=1` this test writes the golden file of a new version from CASES
(never overwriting one that exists).
"""

from __future__ import annotations

import hashlib
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from advocate.scoring import METHODOLOGY_VERSION, Candidate, methodology, rank
from advocate.scoring import weights_from_priorities as weights_for
from advocate.scoring.methodology import build_document

GOLDEN = Path(__file__).parent / "golden"

# Energy: real CDR plan ids, brands, names and facts (contract.isFixed, the largest
# GreenPower share, no EXIT fee listed) from tests' copy of the CitiPower-zone payloads;
# whole-year costs, usage grids and discount regrets are illustrative, not cost-model output.
ELECTRICITY = [
    ("cdr_energy:GLO591394MR@VEC", "GloBird Energy", "GloBird GLOSAVE Residential (Flat Rate)",
     "1412.40", {"certainty": "0", "flexibility": "0", "green": "0"},
     ("812.10", "1412.40", "2612.90"), None),
    ("cdr_energy:ENE577647MR@VEC", "Energy Locals", "Local Member", "1498.75",
     {"certainty": "0", "flexibility": "0", "green": "100"}, ("850.00", "1498.75", "2796.20"),
     None),
    ("cdr_energy:GLO562466SR@VEC", "GloBird Energy", "GloBird STANDING OFFER Residential",
     "1789.00", {"certainty": "1", "flexibility": "0", "green": "0"},
     ("1010.50", "1789.00", "3346.00"), None),
    ("cdr_energy:OR2410950MR@VEC", "Origin Energy", "Origin Basic (Flexible Pricing)",
     "1655.30", {"certainty": "0", "flexibility": "0", "green": "100"},
     ("920.00", "1655.30", "3125.90"), None),
    ("cdr_energy:ARC577222MR@VEC", "Arcline by RACV - Energy", "Home Energy Plan", "1520.00",
     {"certainty": "0", "flexibility": "0", "green": "0"}, ("870.00", "1520.00", "2820.00"),
     "150"),
    ("cdr_energy:AMB561052MR@VEC", "Amber Electric", "Amber Plan", "1580.00",
     {"certainty": "0", "flexibility": None, "green": "100"}, ("800.00", "1580.00", "3300.00"),
     None),
]
GAS = [
    ("cdr_energy:ENE588289MR@VEC", "Energy Locals", "Gas Saver - $50 Special", "1105.60",
     {"certainty": "0", "flexibility": "0"}, (), "50"),
    ("cdr_energy:GLO575367MR@VEC", "GloBird Energy", "GloBird GLOSAVE Residential-Multinet",
     "1060.20", {"certainty": "0", "flexibility": "0"}, (), None),
]
# Health: real Dallas County 2014 plans (CMS QHP Landscape, age-40 premium x 12 and the
# individual MOOP). Expected cost adds an illustrative expected out-of-pocket amount; the
# bad year is premiums + MOOP, standing in for the cost model's 95th percentile. The 2014
# file has no quality ratings, so the rated set below is made up and named example:.
HEALTH_DALLAS = [
    ("cms_landscape:33602TX0460005", "Blue Cross Blue Shield of Texas",
     "Blue Advantage Bronze HMO 005", "3435.24", {"certainty": "8485.24", "quality": None}),
    ("cms_landscape:33602TX0460003", "Blue Cross Blue Shield of Texas",
     "Blue Advantage Silver HMO 003", "3869.08", {"certainty": "9169.08", "quality": None}),
    ("cms_landscape:33602TX0460001", "Blue Cross Blue Shield of Texas",
     "Blue Advantage Gold HMO 001", "4289.80", {"certainty": "7139.80", "quality": None}),
    ("cms_landscape:55409TX0020010", "Cigna Healthcare", "myCigna Health Flex 1250",
     "4752.08", {"certainty": "6902.08", "quality": None}),
    ("cms_landscape:91716TX0080005", "Aetna", "Aetna Basic", "4216.00",
     {"certainty": "9266.00", "quality": None}),
    ("cms_landscape:45786TX0010001", "Molina Marketplace", "Molina Marketplace Gold Plan",
     "4827.92", {"certainty": "10677.92", "quality": None}),
]
HEALTH_RATED = [
    ("example:silver-a", "Alpha", "Silver A", "5200", {"certainty": "9800", "quality": "4"}),
    ("example:bronze-b", "Beta", "Bronze B", "4800", {"certainty": "12500", "quality": None}),
    ("example:gold-c", "Gamma", "Gold C", "6100", {"certainty": "8000", "quality": "3"}),
    ("example:bronze-d", "Delta", "Bronze D", "5000", {"certainty": "13000", "quality": None}),
]


def _energy(rows, currency="AUD", includes_tax=True):
    return [{"offer_id": i, "brand": b, "name": n, "expected_cost": c, "currency": currency,
             "includes_tax": includes_tax, "values": v, "cost_grid": list(g), "regret": r}
            for i, b, n, c, v, g, r in rows]


def _health(rows):
    # as the health cost model gives them: premiums after credit, no tax in them
    return _energy([(*row, (), None) for row in rows], currency="USD", includes_tax=False)


CASES: list[dict[str, Any]] = [
    {"name": "electricity_default_order", "category": "electricity",
     "candidates": _energy(ELECTRICITY)},
    {"name": "electricity_cost_tied_with_certainty_then_green", "category": "electricity",
     "priorities": [["cost", "certainty"], "green"], "candidates": _energy(ELECTRICITY)},
    {"name": "electricity_explicit_green_heavy", "category": "electricity",
     "weights": {"cost": 40, "green": 40, "flexibility": 20},
     "candidates": _energy(ELECTRICITY)},
    {"name": "gas_default_order", "category": "gas", "candidates": _energy(GAS)},
    {"name": "health_dallas_default_order", "category": "health",
     "candidates": _health(HEALTH_DALLAS)},
    {"name": "health_dallas_certainty_first", "category": "health",
     "priorities": ["certainty", "cost"], "candidates": _health(HEALTH_DALLAS)},
    {"name": "health_rated_quality_first", "category": "health",
     "priorities": ["quality", "cost", "certainty"], "candidates": _health(HEALTH_RATED)},
    {"name": "health_rated_quality_only", "category": "health", "weights": {"quality": 1},
     "candidates": _health(HEALTH_RATED)},
]


def _candidate(raw: dict[str, Any]) -> Candidate:
    values = {k: None if v is None else Decimal(v) for k, v in raw["values"].items()}
    return Candidate(raw["offer_id"], raw["brand"], raw["name"], Decimal(raw["expected_cost"]),
                     raw["currency"], raw["includes_tax"], values,
                     tuple(Decimal(g) for g in raw["cost_grid"]),
                     None if raw["regret"] is None else Decimal(raw["regret"]))


def ranked(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The ranking of one case as the golden file records it."""
    weights = weights_for(case["category"], case.get("priorities"), case.get("weights"))
    return [{"rank": r.rank, "offer_id": r.offer_id,
             "score": None if r.score is None else round(r.score, 12),
             "scores": {k: None if v is None else round(v, 12) for k, v in r.scores.items()},
             "weights": {k: round(v, 12) for k, v in r.weights.items()},
             "missing": list(r.missing), "dominated_by": list(r.dominated_by),
             "cost_vs_top": str(r.cost_vs_top), "reason": r.reason}
            for r in rank([_candidate(c) for c in case["candidates"]], weights)]


def document_sha256() -> str:
    canonical = json.dumps(build_document(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _golden_path() -> Path:
    return GOLDEN / f"{METHODOLOGY_VERSION}.json"


def _write_new_golden(path: Path) -> None:
    cases = [{**case, "expected": ranked(case)} for case in CASES]
    body = {"version": METHODOLOGY_VERSION, "methodology_sha256": document_sha256(),
            "cases": cases}
    path.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", "utf-8")


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    path = _golden_path()
    if not path.exists() and os.environ.get("ADVOCATE_WRITE_GOLDEN") == "1":
        _write_new_golden(path)
    if not path.exists():
        pytest.fail(f"no golden ranking for methodology {METHODOLOGY_VERSION}: see "
                    "advocate/scoring/methodology.py for how to record one")
    return json.loads(path.read_text("utf-8"))


def test_the_golden_file_is_for_the_version_in_force(golden):
    assert golden["version"] == METHODOLOGY_VERSION


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_the_ranking_matches_the_golden_ranking_of_the_version_in_force(golden, index):
    case = golden["cases"][index]
    assert ranked(case) == case["expected"], (
        f"scoring changed under methodology {METHODOLOGY_VERSION}: bump the version "
        "(advocate/scoring/methodology.py says how)")


def test_the_method_document_is_the_one_published_for_this_version(golden):
    assert golden["methodology_sha256"] == document_sha256(), \
        "the methodology document changed: bump METHODOLOGY_VERSION"
    assert methodology(METHODOLOGY_VERSION) == build_document()


def test_the_published_file_of_the_version_in_force_matches_the_code():
    published = Path(__file__).parents[2] / "advocate/scoring/published"
    stored = json.loads((published / f"{METHODOLOGY_VERSION}.json").read_text("utf-8"))
    assert stored == build_document(), "run `python -m advocate.scoring publish` after a bump"
