"""Where a customer is: NMI blocks, postcodes, climate zones and distributors."""

from __future__ import annotations

import pytest

from advocate.domain import InvalidInput
from advocate.usage.location import (
    candidate_distributors,
    climate_zone_for_postcode,
    distributor_key,
    resolve_location,
    state_for_postcode,
)
from advocate.usage.nmi import allocation_for, distributor_for_nmi, normalise_nmi


@pytest.mark.parametrize(
    ("nmi", "distributor"),
    [
        ("6102000001", "citipower"),
        ("61039999995", "citipower"),
        ("VAAAZZZZ00", "citipower"),
        ("6203000000", "powercor"),
        ("6001123456", "jemena"),
        ("6407000000", "united-energy"),
        ("6305000000", "ausnet-services"),
        ("4102000000", "ausgrid"),
        ("4310000000", "endeavour-energy"),
        ("NEEE000000", "endeavour-energy"),
        ("NDDD000000", "essential-energy"),
        ("3100000000", "energex"),
        ("QB12345678", "energex"),
        ("3000000000", "ergon-energy"),
        ("2001000000", "sa-power-networks"),
        ("8000000000", "tasnetworks"),
        ("T000004990", "tasnetworks"),
        ("7001000000", "evoenergy"),
        ("2500000000", "power-and-water"),
        ("8001000000", "western-power"),
        ("8021000000", "horizon-power"),
    ],
)
def test_a_nmi_block_names_its_distributor(nmi, distributor):
    assert distributor_for_nmi(nmi) == distributor


def test_a_fifth_character_w_marks_a_transmission_point_not_a_distributor():
    assert allocation_for("VAAAW12345").role == "transmission"
    assert distributor_for_nmi("VAAAW12345") is None


def test_gas_and_unallocated_nmis_have_no_electricity_distributor():
    assert allocation_for("5300000000").role == "gas"
    assert allocation_for("1234567890") is None
    assert distributor_for_nmi("1234567890") is None


@pytest.mark.parametrize("bad", ["", "12345", "6102O00000", "61020000000000", "6102-00000"])
def test_a_malformed_nmi_is_invalid_input(bad):
    with pytest.raises(InvalidInput):
        normalise_nmi(bad)


@pytest.mark.parametrize(
    ("postcode", "state"),
    [
        ("3000", "VIC"),
        ("2000", "NSW"),
        ("2600", "ACT"),
        ("2620", "NSW"),
        ("4000", "QLD"),
        ("5000", "SA"),
        ("6000", "WA"),
        ("7000", "TAS"),
        ("0800", "NT"),
        ("800", "NT"),
    ],
)
def test_postcodes_map_to_states_by_australia_post_ranges(postcode, state):
    assert state_for_postcode(postcode) == state


def test_climate_zones_come_from_the_aer_postcode_list():
    assert climate_zone_for_postcode("3000") == 6  # Melbourne, mild temperate
    assert climate_zone_for_postcode("4000") == 2  # Brisbane
    assert climate_zone_for_postcode("7000") == 7  # Hobart
    assert climate_zone_for_postcode("6000") is None  # WA is not in the AER benchmarks


def test_states_with_one_distributor_resolve_from_the_postcode():
    assert resolve_location({"postcode": "7000"}).distributor == "tasnetworks"
    assert resolve_location({"postcode": "5000"}).distributor == "sa-power-networks"
    assert resolve_location({"postcode": "2600"}).distributor == "evoenergy"


def test_a_postcode_several_distributors_may_serve_asks_for_the_distributor():
    with pytest.raises(InvalidInput) as caught:
        resolve_location({"postcode": "3000"})
    assert caught.value.field == "location.distributor"
    assert caught.value.details == {
        "candidates": ["citipower", "jemena", "united-energy", "ausnet-services"]
    }


def test_a_postcode_outside_the_shipped_lists_keeps_only_unlisted_candidates():
    assert candidate_distributors("3550") == [
        "powercor",
        "jemena",
        "united-energy",
        "ausnet-services",
    ]
    assert candidate_distributors("3930") == ["jemena", "united-energy", "ausnet-services"]


def test_a_named_distributor_is_matched_by_its_cdr_spelling():
    place = resolve_location({"postcode": "3000", "distributor": "Citipower"})
    assert (place.state, place.climate_zone, place.distributor) == ("VIC", 6, "citipower")
    assert distributor_key("AusNet Services") == "ausnet-services"


def test_a_distributor_that_does_not_serve_the_postcode_is_refused():
    with pytest.raises(InvalidInput) as caught:
        resolve_location({"postcode": "3000", "distributor": "Powercor"})
    assert caught.value.field == "location.distributor"
    assert "does not serve postcode 3000" in caught.value.message


def test_a_distributor_that_contradicts_the_meter_is_refused():
    with pytest.raises(InvalidInput, match="NMI belongs to powercor"):
        resolve_location(
            {"postcode": "3000", "distributor": "citipower"}, known_distributor="powercor"
        )


@pytest.mark.parametrize("postcode", [None, "30000", "abcd", "1"])
def test_a_bad_postcode_names_the_field(postcode):
    with pytest.raises(InvalidInput) as caught:
        resolve_location({"postcode": postcode})
    assert caught.value.field == "location.postcode"
