"""Commission, sponsorship, the calling partner and disclosures cannot reach the ranking."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_scoring_properties import ranked_problems

import advocate.scoring
from advocate.domain import Disclosure
from advocate.scoring import Candidate, Ranked, rank
from advocate.scoring.weights import Weights

FORBIDDEN = ("commission", "sponsor", "partner", "disclosure", "referral", "caller",
             "affiliate", "kickback", "payout")
SCORING = Path(advocate.scoring.__file__).parent


def _public_callables():
    for name in advocate.scoring.__all__:
        thing = getattr(advocate.scoring, name)
        if callable(thing):
            yield name, thing


def _every_function_in_scoring():
    for path in sorted(SCORING.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                args = node.args
                names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
                yield f"{path.name}:{node.name}", names


@pytest.mark.parametrize(("name", "thing"), list(_public_callables()))
def test_no_public_scoring_function_or_type_takes_a_seller_side_parameter(name, thing):
    parameters = list(inspect.signature(thing).parameters)
    if dataclasses.is_dataclass(thing):
        parameters += [f.name for f in dataclasses.fields(thing)]
    offending = [p for p in parameters if any(word in p.lower() for word in FORBIDDEN)]
    assert not offending, f"{name} takes {offending}"


def test_no_function_anywhere_in_scoring_takes_a_seller_side_parameter():
    found = [(where, names) for where, names in _every_function_in_scoring()
             if any(word in n.lower() for n in names for word in FORBIDDEN)]
    assert found == []


def test_scoring_never_names_the_disclosure_type_or_the_disclosure_store():
    for path in sorted(SCORING.glob("*.py")):
        names = {n.id for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Name)}
        imports = {n.module for n in ast.walk(ast.parse(path.read_text()))
                   if isinstance(n, ast.ImportFrom)}
        assert "Disclosure" not in names, path
        assert not any(m and "disclosures" in m for m in imports), path


def test_rank_refuses_disclosures_and_a_partner_outright():
    with pytest.raises(TypeError):
        inspect.signature(rank).bind([], None, disclosures=[])
    with pytest.raises(TypeError):
        inspect.signature(rank).bind([], None, partner_id="acme")


def recommend(candidates: Sequence[Candidate], weights: Weights,
              disclosures: Sequence[Disclosure], partner_id: str | None) -> dict:
    """The shape of the recommend use case: it holds the disclosures and the caller, shows
    them next to the ranking, and has no way to hand them to `rank`."""
    ranking = rank(candidates, weights)
    shown = {r.offer_id: [d for d in disclosures
                          if d.offer_id == r.offer_id or (d.offer_id is None
                                                          and d.brand == r.candidate.brand)]
             for r in ranking}
    return {"ranking": ranking, "disclosures": shown, "partner": partner_id}


def _order(result: dict) -> list[tuple[str, float | None, str]]:
    ranking: tuple[Ranked, ...] = result["ranking"]
    return [(r.offer_id, r.score, r.reason) for r in ranking]


@st.composite
def disclosures_for(draw, candidates: Sequence[Candidate]) -> list[Disclosure]:
    targets = st.sampled_from(candidates)
    return draw(st.lists(st.builds(
        lambda c, by_brand, kind, amount: Disclosure(
            id=None, offer_id=None if by_brand else c.offer_id,
            brand=c.brand if by_brand else None, kind=kind, amount=Decimal(amount),
            currency=c.currency, basis="per sale", recorded_at=datetime(2026, 11, 1,
                                                                       tzinfo=UTC)),
        targets, st.booleans(), st.sampled_from(["commission", "sponsorship", "referral_fee"]),
        st.integers(0, 100_000)), max_size=6))


@given(st.data())
def test_the_ranking_is_identical_whatever_the_disclosures_and_the_caller(data):
    offers, weights = data.draw(ranked_problems())
    first = recommend(offers, weights, data.draw(disclosures_for(offers)),
                      data.draw(st.none() | st.text(max_size=8)))
    second = recommend(offers, weights, data.draw(disclosures_for(offers)),
                       data.draw(st.none() | st.text(max_size=8)))
    assert _order(first) == _order(second)
    assert first["ranking"] == second["ranking"]


def test_the_use_case_does_show_the_disclosures_it_holds():
    offer = Candidate("x", "Acme", "Acme Saver", Decimal(1000), "AUD", True)
    paid = Disclosure(id=1, offer_id="x", brand=None, kind="commission", amount=Decimal(80))
    weights = advocate.scoring.weights_from_priorities("gas")
    assert recommend([offer], weights, [paid], "acme")["disclosures"] == {"x": [paid]}
