"""The publisher's cost-sharing text: every distinct text of both bundled CMS files parses, to
the meaning listed in tests/fixtures/cms_landscape/cost_sharing_meanings.tsv."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from advocate.domain import ParseError
from advocate.domain.health import Coverage, Deductible, LimitKind, Per
from providers.cms_rows import SERVICE_COLUMNS
from providers.cms_text import parse_cost_share, parse_limit

FIXTURES = Path(__file__).parents[1] / "fixtures"
LANDSCAPE = FIXTURES / "cms_landscape" / "qhp_landscape_individual_medical_2014_4counties.csv"
PUF = FIXTURES / "cms_puf" / "benefits_cost_sharing_puf_2014-2016_sample_TX-NC-IL-GA.csv"
MEANINGS = FIXTURES / "cms_landscape" / "cost_sharing_meanings.tsv"
PUF_COLUMNS = ("CopayInnTier1", "CopayInnTier2", "CopayOutofNet", "CoinsInnTier1",
               "CoinsInnTier2", "CoinsOutofNet")


def _texts_in_files() -> set[tuple[str, str]]:
    found = set()
    with open(LANDSCAPE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for column, value in row.items():
                if "deductible_" in column or "maximum_out_of_pocket" in column:
                    found.add(("limit", value))
                elif column.startswith(tuple(SERVICE_COLUMNS.values())):
                    found.add(("cost_share", value))
    with open(PUF, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found.update(("cost_share", row[column]) for column in PUF_COLUMNS)
    return found


def _listed() -> dict[tuple[str, str], str]:
    with open(MEANINGS, encoding="utf-8", newline="") as handle:
        return {(r["kind"], r["text"]): r["meaning"]
                for r in csv.DictReader(handle, delimiter="\t")}


def _meaning(kind: str, text: str) -> str:
    if kind == "limit":
        limit = parse_limit(text, "column")
        return f"${limit.amount:,}" if limit.known else limit.kind.value.replace("_", " ")
    return parse_cost_share(text, "column").describe()


def test_the_listing_covers_every_distinct_text_of_both_bundled_files():
    assert set(_listed()) == _texts_in_files()
    assert len(_listed()) == 286


@pytest.mark.parametrize(("kind", "text"), sorted(_listed()))
def test_every_bundled_text_parses_to_its_listed_meaning(kind, text):
    assert _meaning(kind, text) == _listed()[(kind, text)]


def test_a_copay_and_coinsurance_after_deductible_splits_into_both_parts():
    share = parse_cost_share("$400 Copay and 20% Coinsurance after deductible", "er")
    assert (share.copay, share.copay_per, share.copay_deductible) == (
        Decimal(400), Per.VISIT, Deductible.NOT_APPLIED)
    assert (share.coinsurance, share.coinsurance_deductible) == (Decimal("0.2"),
                                                                Deductible.AFTER)
    assert share.subject_to_deductible


def test_a_copay_before_deductible_is_subject_to_the_deductible():
    share = parse_cost_share("$30 Copay before deductible", "pcp")
    assert share.copay == Decimal(30) and share.copay_deductible is Deductible.BEFORE
    assert share.coinsurance is None and share.subject_to_deductible


def test_a_bare_copay_is_charged_without_the_deductible():
    share = parse_cost_share("$10 ", "generic")
    assert share.copay == Decimal(10) and not share.subject_to_deductible


def test_per_stay_and_per_day_copays_keep_their_unit():
    assert parse_cost_share("$200 Copay per Stay", "ip").copay_per is Per.STAY
    assert parse_cost_share("$1000 Copay per Day", "ip").copay_per is Per.DAY


def test_no_charge_after_deductible_is_zero_coinsurance_after_the_deductible():
    share = parse_cost_share("No Charge after Deductible", "ip")
    assert share.coinsurance == 0 and share.coinsurance_deductible is Deductible.AFTER


def test_words_map_to_coverage_states():
    assert parse_cost_share("Not Covered", "x").coverage is Coverage.NOT_COVERED
    assert parse_cost_share("See Plan Brochure", "x").coverage is Coverage.SEE_PLAN_BROCHURE
    assert parse_cost_share("", "x").coverage is Coverage.BLANK


def test_limits_read_amounts_with_thousands_separators_and_trailing_spaces():
    assert parse_limit("$4,500 ", "moop").amount == Decimal(4500)
    assert parse_limit("Included in Medical", "x").kind is LimitKind.INCLUDED_IN_MEDICAL


@pytest.mark.parametrize("text", [
    "$30 Copay with deductible", "20% Coinsurance before deductible", "$10 and",
    "20% and $10", "$1,50", "Included in Medical", "150%", "see brochure"])
def test_unknown_cost_sharing_text_is_refused_naming_column_and_text(text):
    with pytest.raises(ParseError) as caught:
        parse_cost_share(text, "specialist_standard")
    assert "specialist_standard" in caught.value.message and repr(text) in caught.value.message


@pytest.mark.parametrize("text", ["20%", "No Charge", "$1,500 per person", "Unlimited"])
def test_unknown_limit_text_is_refused(text):
    with pytest.raises(ParseError, match="medical_deductible_individual_standard"):
        parse_limit(text, "medical_deductible_individual_standard")
