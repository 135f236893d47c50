"""The published ranking method: one document per version, and the version in force.

Any change that could change a ranking or its reasons (criteria, how a value is computed,
weights, normalisation, tie-breaks, dominance, reason wording) needs a new version:
1. set METHODOLOGY_VERSION to the next `YYYY.MM-N` and add a CHANGELOG entry saying what
   changed and why;
2. `python -m advocate.scoring publish` publishes the new document to
   advocate/scoring/published/<version>.json (it never overwrites a published version);
3. `ADVOCATE_WRITE_GOLDEN=1 pytest tests/unit/test_methodology_golden.py` records the golden
   ranking of the new version (it never overwrites one either).
Until then tests/unit/test_methodology_golden.py fails: the current version's golden ranking
and published document must match the code exactly.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from advocate.domain import NotFound
from advocate.scoring import dominance, normalisation, ranking, weights
from advocate.scoring.criteria import CATEGORY_CRITERIA, DEFAULT_PRIORITIES
from advocate.scoring.weights import roc_weights

METHODOLOGY_VERSION = "2026.11-2"
CHANGELOG: tuple[dict[str, Any], ...] = (
    {"version": "2026.11-1", "date": "2026-11-24",
     "changes": ["First published method: cost, certainty, quality, flexibility and green "
                 "criteria; rank-order centroid weights; min-max normalisation within the "
                 "offers compared; dominance over a usage grid."]},
    {"version": "2026.11-2", "date": "2026-11-24",
     "changes": ["Health expected, bad-year and median out-of-pocket now come from 512 Sobol' "
                 "points instead of 2,000 random-paired years (measured errors in "
                 "advocate/costing/health_sampling.py); health figures, and so health rankings, "
                 "can differ slightly from 2026.11-1. Scoring rules unchanged."]},
)
DATA_SOURCES = {
    "cdr_energy": {
        "title": "Australian Consumer Data Right (CDR) energy plans",
        "what": "Retailers' public Get Generic Plans / Get Generic Plan Detail data.",
        "feeds": {"electricity": ["cost", "certainty", "flexibility", "green"],
                  "gas": ["cost", "certainty", "flexibility"]},
    },
    "cms_landscape": {
        "title": "CMS QHP Landscape, Individual Market Medical",
        "what": "Premiums by age and household, deductibles, out-of-pocket maximums and "
                "copays of every marketplace plan by county.",
        "feeds": {"health": ["cost", "certainty"]},
        "note": "The file carries no quality rating, so plans from it have no quality data.",
    },
}
CONDITIONAL_DISCOUNTS = (
    "A discount with a condition (pay on time, direct debit...) counts in the expected cost "
    "only when the customer said they would meet the condition; what missing it would add "
    "a year is shown with the offer."
)
STATED_VS_NEEDED = (
    "When the customer states a preference such as the lowest premium, unit price or sticker "
    "price, the offer that preference would pick is compared with the top pick, and the "
    "difference in expected whole-year cost is stated whenever they differ."
)
_VERSION = re.compile(r"^\d{4}\.\d{2}-\d+$")
_PUBLISHED = "published"


def methodology(version: str | None = None) -> dict[str, Any]:
    """The method document of `version` (default: the one in force); NotFound otherwise."""
    if version is None or version == METHODOLOGY_VERSION:
        return build_document()
    if not _VERSION.match(version) or version not in published_versions():
        raise NotFound(f"no methodology version {version!r}; current: {METHODOLOGY_VERSION}")
    return json.loads(_published_dir().joinpath(f"{version}.json").read_text("utf-8"))


def published_versions() -> tuple[str, ...]:
    """Every version with a published document, oldest first."""
    names = (p.name for p in _published_dir().iterdir() if p.name.endswith(".json"))
    return tuple(sorted(n.removesuffix(".json") for n in names))


def build_document() -> dict[str, Any]:
    """The document of the version in force, built from the rules the code ranks by."""
    return {
        "version": METHODOLOGY_VERSION,
        "principle": "Offers are ranked only on their value to the customer. Commission, "
                     "sponsorship, the calling partner and any disclosure are not inputs to "
                     "any costing or scoring function; competitors' offers are always ranked.",
        "categories": {category.value: {
            "criteria": [c.to_json() for c in criteria],
            "default_priorities": list(DEFAULT_PRIORITIES[category]),
        } for category, criteria in CATEGORY_CRITERIA.items()},
        "weighting": {
            "rule": weights.RULE_ROC, "citation": weights.CITATION,
            "order": weights.ORDER_RULE, "explicit": weights.EXPLICIT_RULE,
            "roc_examples": {str(n): [round(float(w), 4) for w in roc_weights(n)]
                             for n in (1, 2, 3, 4, 5)},
        },
        "normalisation": normalisation.RULE,
        "missing_data": normalisation.MISSING_DATA,
        "adding_an_offer": normalisation.ADDING_AN_OFFER,
        "score": "The weighted average of the offer's 0..1 criterion scores: 1 would be best "
                 "on everything weighted, 0 worst.",
        "order_and_tie_breaks": ranking.ORDER,
        "dominance": dominance.RULE,
        "conditional_discounts": CONDITIONAL_DISCOUNTS,
        "stated_vs_needed": STATED_VS_NEEDED,
        "data_sources": DATA_SOURCES,
        "changelog": list(CHANGELOG),
    }


def _published_dir() -> Any:
    return resources.files("advocate.scoring").joinpath(_PUBLISHED)


def publish(folder: Path | None = None) -> Path:
    """Write the current document to `folder`/<version>.json; refuse to change a published one."""
    folder = folder or Path(__file__).with_name(_PUBLISHED)
    target = folder / f"{METHODOLOGY_VERSION}.json"
    text = json.dumps(build_document(), indent=2, ensure_ascii=False) + "\n"
    if target.exists() and target.read_text("utf-8") != text:
        raise SystemExit(f"{target} is published and differs: bump METHODOLOGY_VERSION")
    target.write_text(text, "utf-8")
    return target
