"""Hand-worked out-of-pocket: deductibles, copays, coinsurance, MOOP caps, family coverage."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from advocate.costing.health_claims import oop_for_claims
from advocate.domain import UnpriceableTerms
from advocate.domain.health import Service
from advocate.domain.health_needs import Claim
from providers.cms_rows import terms_from_row
from tests.unit.health_plans import limits, plan

IP, SPEC, GEN = Service.INPATIENT_FACILITY, Service.SPECIALIST, Service.GENERIC_DRUGS
LANDSCAPE = (Path(__file__).parents[1] / "fixtures" / "cms_landscape"
             / "qhp_landscape_individual_medical_2014_4counties.csv")


def _claim(allowed: str, service: Service = IP, member: int = 0, days: str = "0") -> Claim:
    return Claim(member=member, service=service, allowed=Decimal(allowed), days=Decimal(days))


def test_deductible_then_coinsurance_then_the_moop_cap():
    terms = plan({IP: "20% Coinsurance after deductible"},
                 deductible=limits("$1,000"), moop=limits("$3,000"))
    # $5,000: the first $1,000 is the deductible, then 20% of $4,000 = $800 -> $1,800.
    # $20,000: 20% would be $4,000, but only $3,000 - $1,800 = $1,200 of MOOP is left.
    result = oop_for_claims(terms, [_claim("5000"), _claim("20000")])
    assert result.total == Decimal("3000.00")
    assert result.deductible == Decimal("1000.00")
    assert result.coinsurance == Decimal("2000.00")  # $800 + $1,200
    assert result.allowed == Decimal("25000.00")


def test_a_copay_before_deductible_is_paid_and_the_rest_goes_to_the_deductible():
    terms = plan({SPEC: "$50 Copay before deductible"},
                 deductible=limits("$1,000"), moop=limits("$6,000"))
    # Each $300 visit: $50 copay + $250 toward the deductible, so four visits meet it
    # ($1,200 paid); the fifth costs only the $50 copay. Total $1,250.
    result = oop_for_claims(terms, [_claim("300", SPEC)] * 5)
    assert result.total == Decimal("1250.00")
    assert (result.deductible, result.copays) == (Decimal("1000.00"), Decimal("250.00"))


def test_a_bare_copay_ignores_the_deductible():
    terms = plan({SPEC: "$50"}, deductible=limits("$1,000"), moop=limits("$6,000"))
    assert oop_for_claims(terms, [_claim("300", SPEC)] * 5).total == Decimal("250.00")


def test_a_copay_after_deductible_starts_once_the_deductible_is_met():
    terms = plan({SPEC: "$50 Copay after deductible"},
                 deductible=limits("$1,000"), moop=limits("$6,000"))
    # Visits 1-3 pay $300 each toward the deductible ($900); visit 4 pays the last $100 of
    # it and, the deductible now met, the $50 copay; visit 5 pays $50. Total $1,100.
    assert oop_for_claims(terms, [_claim("300", SPEC)] * 5).total == Decimal("1100.00")


def test_family_deductible_is_embedded_and_caps_the_family():
    terms = plan({IP: "20% Coinsurance after deductible"},
                 deductible=limits("$1,000", "$2,000"), moop=limits("$3,000", "$6,000"))
    # Member 1, $1,500: own deductible $1,000 + 20% of $500 = $1,100.
    # Member 2, $1,500: the same $1,100; the family deductible ($2,000) is now met.
    # Member 3, $500: nothing left to meet, so only 20% = $100. Total $2,300.
    claims = [_claim("1500", member=0), _claim("1500", member=1), _claim("500", member=2)]
    result = oop_for_claims(terms, claims)
    assert result.by_member == (Decimal("1100.00"), Decimal("1100.00"), Decimal("100.00"))
    assert result.total == Decimal("2300.00")


def test_family_moop_is_embedded_and_caps_the_family():
    terms = plan({IP: "20% Coinsurance after deductible"},
                 deductible=limits("$1,000", "$2,000"), moop=limits("$3,000", "$6,000"))
    # $50,000 each for members 1 and 2: $1,000 + 20% of $49,000 = $10,800, capped at the
    # self-only $3,000 each; the family's $6,000 is then reached, so member 3 pays nothing.
    claims = [_claim("50000", member=0), _claim("50000", member=1), _claim("2000", member=2)]
    result = oop_for_claims(terms, claims)
    assert result.by_member == (Decimal("3000.00"), Decimal("3000.00"), Decimal("0.00"))


def test_a_per_person_amount_overrides_the_self_only_amount_within_a_family():
    terms = plan({IP: "20% Coinsurance after deductible"},
                 deductible=limits("$1,000", "$3,000", "$1,500"), moop=limits("$6,000", "$12,000"))
    # Within the family member 1's deductible is the $1,500 per-person amount:
    # $1,500 + 20% of $500 = $1,600.
    result = oop_for_claims(terms, [_claim("2000")], members=2)
    assert result.total == Decimal("1600.00")
    assert not any("deductible" in note for note in result.assumptions)
    # Alone, the $1,000 self-only deductible applies: $1,000 + 20% of $1,000 = $1,200.
    assert oop_for_claims(terms, [_claim("2000")], members=1).total == Decimal("1200.00")


def test_without_a_per_person_amount_the_embedded_deductible_is_an_assumption():
    terms = plan({IP: "20% Coinsurance after deductible"},
                 deductible=limits("$1,000", "$2,000"), moop=limits("$3,000", "$6,000"))
    result = oop_for_claims(terms, [_claim("100")], members=2)
    assert any("embedded" in note for note in result.assumptions)


def test_drugs_share_the_medical_deductible_when_included_in_medical():
    terms = plan({GEN: "$10 Copay after deductible", IP: "No Charge after deductible"},
                 deductible=limits("$500"), moop=limits("$6,000"))
    # A $400 fill goes to the shared deductible; the $300 stay pays the last $100 of it.
    result = oop_for_claims(terms, [_claim("400", GEN), _claim("300")])
    assert result.total == Decimal("500.00")


def test_a_separate_drug_deductible_keeps_its_own_ledger():
    terms = plan({GEN: "$10 Copay after deductible", IP: "No Charge after deductible"},
                 deductible=limits("$500"), moop=limits("$6,000"),
                 drug_deductible=limits("$100"))
    # Fill: $100 drug deductible, then the $10 copay on the rest -> $110.
    # Stay: the medical deductible is untouched, so $300 of it. Total $410.
    result = oop_for_claims(terms, [_claim("400", GEN), _claim("300")])
    assert result.total == Decimal("410.00")


def test_not_covered_services_are_paid_in_full_and_never_capped():
    terms = plan({Service.NON_PREFERRED_BRAND_DRUGS: "Not Covered",
                  IP: "50% Coinsurance after deductible"},
                 deductible=limits("$0"), moop=limits("$1,000"))
    claims = [_claim("4000"), _claim("2500", Service.NON_PREFERRED_BRAND_DRUGS)]
    result = oop_for_claims(terms, claims)
    assert (result.covered, result.not_covered) == (Decimal("1000.00"), Decimal("2500.00"))
    assert result.total == Decimal("3500.00")


def test_a_per_day_copay_counts_the_days_of_the_stay():
    terms = plan({IP: "$250 Copay per Day"}, deductible=limits("$2,000"), moop=limits("$6,000"))
    assert oop_for_claims(terms, [_claim("10000", days="4")]).total == Decimal("1000.00")


def test_preventive_care_costs_nothing():
    terms = plan({}, deductible=limits("$2,000"), moop=limits("$6,000"), default="40%")
    assert oop_for_claims(terms, [_claim("500", Service.PREVENTIVE)]).total == 0


def test_an_unpublished_family_drug_deductible_refuses_to_price_a_family_drug_claim():
    terms = plan({GEN: "$30 Copay after deductible"}, deductible=limits("$1,750", "$3,500"),
                 moop=limits("$5,000", "$10,000"),
                 drug_deductible=limits("$250", "See Plan Brochure"))
    assert oop_for_claims(terms, [_claim("100", GEN)], members=1).total == Decimal("100.00")
    with pytest.raises(UnpriceableTerms, match="See Plan Brochure"):
        oop_for_claims(terms, [_claim("100", GEN)], members=2)


def test_a_real_gold_plan_prices_the_sbc_baby_example():
    with open(LANDSCAPE, encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle)
                   if r["plan_id_standard_component"] == "33602TX0420001")
    terms = terms_from_row(row)
    # Deductible $3,250; inpatient physician 'No Charge after Deductible'; facility
    # '$200 Copay per Stay'; generic 'No Charge'. Obstetric care $2,100 + anesthesia $900 go
    # to the deductible ($3,000); the stay costs its $200 copay; drugs and vaccines $0.
    claims = [_claim("2700", days="2"), _claim("2100", Service.INPATIENT_PHYSICIAN),
              Claim(0, Service.INPATIENT_PHYSICIAN, Decimal(900), units=Decimal(0)),
              Claim(0, IP, Decimal(900), units=Decimal(0)),
              Claim(0, IP, Decimal(500), units=Decimal(0)),
              Claim(0, IP, Decimal(200), units=Decimal(0)),
              _claim("200", GEN), _claim("40", Service.PREVENTIVE)]
    result = oop_for_claims(terms, claims)
    assert result.total == Decimal("3200.00")
    assert result.allowed == Decimal("7540.00")
