"""HealthPlanTerms: a frozen record that survives JSON and names what it lacks."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

from advocate.domain import Category
from advocate.domain.health import HealthPlanTerms, MetalLevel, Service
from advocate.domain.terms import terms_from_json
from tests.unit.health_plans import limits, plan


def _terms(**kwargs) -> HealthPlanTerms:
    return plan({Service.EMERGENCY_ROOM: "$400 Copay and 20% Coinsurance after deductible",
                 Service.INPATIENT_FACILITY: "$250 Copay per Day"},
                deductible=limits("$1,500", "$3,000", "$1,500"),
                moop=limits("$6,350", "$12,700"), **kwargs)


def test_terms_round_trip_through_plain_json():
    terms = _terms()
    text = json.dumps(terms.to_json())
    assert HealthPlanTerms.from_json(json.loads(text)) == terms
    assert terms_from_json(Category.HEALTH, json.loads(text)) == terms


def test_money_stays_decimal_after_the_round_trip():
    back = HealthPlanTerms.from_json(json.loads(json.dumps(_terms().to_json())))
    share = back.variant().services[Service.EMERGENCY_ROOM]
    assert share.copay == Decimal(400) and share.coinsurance == Decimal("0.2")
    assert back.premium_age_21 == Decimal("250.00")


def test_terms_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        _terms().plan_id = "other"


def test_asking_for_a_missing_variant_names_the_ones_there_are():
    with pytest.raises(KeyError, match="has standard"):
        _terms().variant("94")


def test_only_catastrophic_plans_are_outside_the_tax_credit():
    assert not _terms(metal=MetalLevel.CATASTROPHIC).tax_credit_eligible
    assert _terms(metal=MetalLevel.BRONZE).tax_credit_eligible
