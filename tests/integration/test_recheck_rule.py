"""Invariants of the switching arithmetic a re-check decides on (advocate.services.switching),
over generated fees and savings."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from advocate.domain import RawPayload
from advocate.domain.energy_conditions import Fee
from advocate.services.switching import Switch, joining_fees
from providers import get_adapter

PLAN = next((Path(__file__).parents[1] / "fixtures" / "cdr_energy" / "plan-detail").glob(
    "*/ARC577331MR@VEC.json"))
money = st.decimals(min_value=0, max_value=5000, places=2)
fees = st.lists(st.tuples(st.text(min_size=1, max_size=12), st.none() | money), max_size=4)
TRIGGERS = ("JOINING", "LEAVING", "EVENT", "PAYMENT_CHOICE", "ALWAYS")


def arcline():
    """The real Arcline Home Energy Plan terms (its CONNECTION fee is $47.00 with GST)."""
    body = json.loads(PLAN.read_text())
    raw = RawPayload(source="cdr_energy", body=body, fetched_at=datetime(2026, 1, 1, tzinfo=UTC))
    return get_adapter("cdr_energy").parse(raw).terms


@given(gross=st.decimals(min_value=-3000, max_value=3000, places=2),
       exit_fee=st.none() | money, joining=fees)
def test_the_first_year_saving_is_the_yearly_saving_less_every_known_fee(gross, exit_fee,
                                                                        joining):
    switch = Switch(gross, exit_fee, tuple(joining))
    known = [amount for _, amount in joining if amount is not None]
    assert switch.costs == (exit_fee or 0) + sum(known, Decimal(0))
    assert switch.net == gross - switch.costs <= gross
    assert len(switch.unknown) == (exit_fee is None) + len(joining) - len(known)


@given(st.lists(st.tuples(st.sampled_from(TRIGGERS), st.none() | money), max_size=6))
def test_only_fees_charged_on_joining_count_and_with_gst(generated):
    tariff = arcline()
    extra = tuple(Fee(type="OTHER", term="FIXED", kind="ONE_OFF", trigger=trigger,
                      amount=amount) for trigger, amount in generated)
    counted = joining_fees(dataclasses.replace(tariff, fees=tariff.fees + extra))
    assert counted[0] == ("Connection fee", Decimal("47.00"))  # 42.727273 ex GST x 1.1
    expected = [None if amount is None else (amount * Decimal("1.1")).quantize(Decimal("0.01"))
                for trigger, amount in generated if trigger == "JOINING"]
    assert [amount for _, amount in counted[1:]] == expected
