"""Commission never ranks (DESIGN.md §3), proven through the real recommend use case: any
commissions, sponsorships or calling partner leave the ranking exactly as it was."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, delete

from advocate.domain import Disclosure
from advocate.domain.access import ANONYMOUS, Caller, Role
from advocate.services.access import upsert_partner
from advocate.services.recommend import recommend
from advocate.store.db import make_engine
from advocate.store.tables import DisclosureRow

REQUESTS = [
    {"category": "electricity", "location": {"postcode": "3000", "distributor": "citipower"},
     "usage": {"annual_kwh": 5200}, "conditions": [], "priorities": ["cost", "green"],
     "customer_type": "residential", "limit": 3},
    {"category": "health", "location": {"state": "TX", "county_fips": "48113"},
     "household": {"members": [{"age": 52}]}, "conditions": [], "customer_type": "residential",
     "priorities": ["certainty", "cost"], "limit": 3},
]


def _order(db: Session, request: dict, **context) -> list[tuple[str, int, str]]:
    row = recommend(db, request, **context)
    return [(o["offer_id"], o["rank"], o["expected_annual_cost"]) for o in row.result["offers"]]


disclosures = st.lists(st.tuples(
    st.integers(min_value=0, max_value=40),
    st.sampled_from(["commission", "sponsorship", "referral_fee"]),
    st.decimals(min_value=0, max_value=5000, places=2),
    st.booleans()), max_size=6)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(found=disclosures, partner_brands=st.lists(st.sampled_from(
    ["GloBird Energy", "Origin Energy", "Blue Cross Blue Shield of Texas", "Aetna"]),
    max_size=2), which=st.integers(min_value=0, max_value=1))
def test_the_ranking_is_identical_whatever_anyone_earns_or_whoever_asks(
        tmp_path_factory, samples_db_template, found, partner_brands, which):
    path = tmp_path_factory.mktemp("invariance") / "db.sqlite"
    shutil.copy(samples_db_template, path)
    engine = make_engine(f"sqlite:///{path}")
    request = REQUESTS[which]
    with Session(engine) as db:
        baseline = _order(db, request, caller=ANONYMOUS)
        offer_ids = [offer_id for offer_id, _, _ in baseline]
        db.exec(delete(DisclosureRow))
        for index, kind, amount, by_brand in found:
            offer_id = offer_ids[index % len(offer_ids)]
            db.add(DisclosureRow(offer_id=None if by_brand else offer_id,
                                 brand=offer_id.split(":")[1][:3] if by_brand else None,
                                 kind=kind, amount=Decimal(amount), currency="AUD",
                                 recorded_at=datetime.now(UTC)))
        upsert_partner(db, partner_id="p", name="Partner", brands=partner_brands, origins=[])
        keyed = Caller(key_id=7, role=Role.PARTNER, name="p", partner_id="p")
        assert _order(db, request, caller=keyed) == baseline
        assert _order(db, request, caller=ANONYMOUS, partner_id="p") == baseline
    engine.dispose()


def test_no_costing_or_scoring_function_accepts_a_disclosure_or_partner():
    import inspect

    import advocate.costing.energy as energy
    import advocate.costing.health as health
    import advocate.scoring as scoring
    from advocate.services import answer

    functions = [energy.estimate_bills, energy.estimate_bill, health.estimate_health,
                 scoring.rank, scoring.weights_from_priorities, scoring.stated_vs_needed,
                 scoring.dominated_by, answer.rank_answer]
    for function in functions:
        names = set(inspect.signature(function).parameters)
        assert not {n for n in names if any(word in n for word in (
            "commission", "sponsor", "partner", "disclosure", "caller"))}, function
    assert Disclosure not in {p.annotation for f in functions
                              for p in inspect.signature(f).parameters.values()}
