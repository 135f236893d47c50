"""The published method: what it says, that it says what the code does, and its versions."""

from __future__ import annotations

import json
import re

import pytest

from advocate.domain import NotFound
from advocate.scoring import (
    CATEGORY_CRITERIA,
    METHODOLOGY_VERSION,
    methodology,
    published_versions,
    roc_weights,
)
from advocate.scoring.methodology import CHANGELOG


def test_the_version_reads_year_month_and_sequence():
    assert re.fullmatch(r"\d{4}\.\d{2}-\d+", METHODOLOGY_VERSION)


def test_the_document_names_its_version_and_every_section_the_issue_asks_for():
    document = methodology()
    assert document["version"] == METHODOLOGY_VERSION
    assert set(document) >= {"categories", "weighting", "normalisation", "missing_data",
                             "adding_an_offer", "order_and_tie_breaks", "dominance",
                             "data_sources", "changelog", "principle"}
    assert "Commission" in document["principle"]


def test_the_criteria_per_category_are_the_ones_the_code_scores_on():
    categories = methodology()["categories"]
    for category, criteria in CATEGORY_CRITERIA.items():
        published = categories[category.value]["criteria"]
        assert [c["key"] for c in published] == [c.key for c in criteria]
        assert [c["direction"] for c in published] == [c.direction.value for c in criteria]
        assert all(c["description"] and c["computed_from"] and c["unit"] for c in published)


def test_the_weighting_rule_is_cited_and_its_examples_are_the_weights_used():
    weighting = methodology()["weighting"]
    assert "Barron" in weighting["citation"] and "1996" in weighting["citation"]
    assert weighting["roc_examples"]["3"] == [0.6111, 0.2778, 0.1111]
    assert weighting["roc_examples"]["4"] == [round(float(w), 4) for w in roc_weights(4)]


def test_the_data_sources_are_named():
    sources = methodology()["data_sources"]
    assert set(sources) == {"cdr_energy", "cms_landscape"}
    assert sources["cms_landscape"]["feeds"] == {"health": ["cost", "certainty"]}


def test_the_changelog_has_an_entry_for_every_version_newest_last():
    versions = [entry["version"] for entry in CHANGELOG]
    assert versions[-1] == METHODOLOGY_VERSION
    assert versions == sorted(versions)
    assert set(published_versions()) <= set(versions)
    assert all(entry["changes"] for entry in CHANGELOG)


def test_a_published_version_is_served_as_published():
    assert METHODOLOGY_VERSION in published_versions()
    assert methodology(METHODOLOGY_VERSION) == methodology()
    json.dumps(methodology())  # the document is plain JSON


@pytest.mark.parametrize("version", ["2019.01-1", "latest", "../../etc/passwd", ""])
def test_an_unknown_version_is_not_found(version):
    with pytest.raises(NotFound):
        methodology(version)
