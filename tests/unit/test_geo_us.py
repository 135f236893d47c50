"""ZIP codes and county names to county FIPS codes, and asking which county when unsure."""

from __future__ import annotations

import pytest

from advocate.domain.errors import InvalidInput
from advocate.geo import us
from advocate.geo.us import (
    County,
    choose_county,
    counties_for_zip,
    county_by_name,
    county_for_zip,
)

DALLAS = County("48113", "Dallas County", "TX")
GUILFORD = County("37081", "Guilford County", "NC")


def test_75201_is_downtown_dallas_in_dallas_county():
    assert counties_for_zip("75201") == (DALLAS,)
    assert county_for_zip("75201") == DALLAS


def test_27401_is_greensboro_in_guilford_county():
    assert counties_for_zip("27401") == (GUILFORD,)


def test_a_zip_plus_4_finds_the_same_county():
    assert counties_for_zip("75201-4612") == (DALLAS,)


@pytest.mark.parametrize("zip_code", ["00000", "99999", "7520", "75A01", "", None])
def test_an_unknown_or_malformed_zip_is_invalid_input_on_the_zip_field(zip_code):
    with pytest.raises(InvalidInput) as caught:
        counties_for_zip(zip_code)

    assert caught.value.field == "location.zip"


@pytest.mark.parametrize(("zip_code", "fips", "name"), [
    ("46352", "18091", "LaPorte County"),        # ZIP data says "La Porte County"
    ("55701", "27137", "St. Louis County"),      # ZIP data says "St Louis County"
    ("71342", "22059", "La Salle Parish"),       # ZIP data says "LaSalle Parish"
    ("99509", "02020", "Anchorage Municipality"),  # ZIP data says "Municipality of Anchorage"
    ("20001", "11001", "District of Columbia"),  # ZIP data has no county for DC
])
def test_county_spellings_that_differ_between_the_two_packages_still_resolve(zip_code, fips,
                                                                              name):
    (county,) = counties_for_zip(zip_code)

    assert (county.fips, county.name) == (fips, name)


def test_a_real_zip_without_a_known_county_asks_which():
    # 09001 is an APO (military) ZIP: real, but in no county.
    assert counties_for_zip("09001") == ()
    with pytest.raises(InvalidInput) as caught:
        county_for_zip("09001")

    assert caught.value.field == "location.county_fips"
    assert caught.value.details == {"candidates": []}


def test_a_zip_whose_county_lies_in_another_state_asks_which():
    # 15439 (Gans, PA) is recorded with Monongalia County, which is in West Virginia.
    assert counties_for_zip("15439") == ()


def test_several_candidates_and_no_choice_raise_with_every_candidate():
    # Candidates as the CMS Marketplace API's /counties/by/zip could return them.
    candidates = [county_by_name("Fulton", "GA"), county_by_name("DeKalb", "GA")]

    with pytest.raises(InvalidInput) as caught:
        choose_county(candidates, None, zip_code="30030")

    assert caught.value.field == "location.county_fips"
    assert [c["fips"] for c in caught.value.details["candidates"]] == ["13121", "13089"]


def test_a_choice_among_the_candidates_is_taken():
    candidates = [county_by_name("Fulton", "GA"), county_by_name("DeKalb", "GA")]

    assert choose_county(candidates, "13089", zip_code="30030").name == "DeKalb County"


def test_a_choice_outside_the_candidates_is_refused():
    with pytest.raises(InvalidInput) as caught:
        choose_county([DALLAS], "48439", zip_code="75201")

    assert caught.value.field == "location.county_fips"


def test_the_caller_may_name_another_county_of_the_zips_state():
    # The ZIP data knows only each ZIP's primary county, so a real county of the same state is
    # accepted: Tarrant County for a Dallas ZIP that crosses the line would be right.
    assert county_for_zip("75201", "48439") == County("48439", "Tarrant County", "TX")


@pytest.mark.parametrize("fips", ["17031", "99999", "4811"])
def test_a_named_county_outside_the_zips_state_or_unknown_is_refused(fips):
    with pytest.raises(InvalidInput) as caught:
        county_for_zip("75201", fips)

    assert caught.value.field == "location.county_fips"
    assert caught.value.details == {"candidates": [DALLAS.__dict__]}


@pytest.mark.parametrize(("name", "state", "fips"), [
    ("Dallas", "TX", "48113"), ("Dallas County", "Texas", "48113"),
    ("cook county", "IL", "17031"), ("Guilford", "NC", "37081"), ("Fulton County", "GA", "13121"),
    ("St. Louis County", "MO", "29189"), ("Saint Louis city", "MO", "29510"),
    ("New York County", "NY", "36061"), ("Manhattan", "NY", "36061"), ("De Witt", "TX", "48123"),
])
def test_county_names_resolve_to_fips(name, state, fips):
    assert county_by_name(name, state).fips == fips


@pytest.mark.parametrize(("name", "state"), [("Atlantis", "TX"), ("Dallas", "ZZ"), ("", "TX")])
def test_an_unknown_county_name_is_invalid_input(name, state):
    with pytest.raises(InvalidInput) as caught:
        county_by_name(name, state)

    assert caught.value.field == "location.county"
    assert caught.value.details == {"candidates": []}


@pytest.mark.parametrize(("name", "state", "candidates"), [
    ("Saint Louis", "MO", ["29189", "29510"]),   # St. Louis County and St. Louis city
    ("Baltimore", "Maryland", ["24005", "24510"]),
])
def test_a_bare_name_shared_by_a_county_and_a_city_asks_which(name, state, candidates):
    with pytest.raises(InvalidInput) as caught:
        county_by_name(name, state)

    assert caught.value.field == "location.county"
    assert [c["fips"] for c in caught.value.details["candidates"]] == candidates


DENTON = County("48121", "Denton County", "TX")


def test_a_zip_on_a_county_line_lists_every_county_it_touches():
    # 75019 (Coppell) lies in Dallas and Denton counties; 76020 (Azle) in three.
    assert counties_for_zip("75019") == (DALLAS, DENTON)
    assert [c.name for c in counties_for_zip("76020")] == [
        "Parker County", "Tarrant County", "Wise County"]


def test_a_zip_spanning_counties_asks_which_with_every_candidate():
    with pytest.raises(InvalidInput) as caught:
        county_for_zip("75019")

    assert caught.value.field == "location.county_fips"
    assert "spans several counties" in str(caught.value)
    assert [c["fips"] for c in caught.value.details["candidates"]] == ["48113", "48121"]


def test_naming_one_of_the_zips_counties_settles_it():
    assert county_for_zip("75019", "48121") == DENTON
    assert county_for_zip("75019", "48113") == DALLAS


def test_a_county_across_a_state_line_is_accepted_when_the_zip_touches_it():
    # 21912 (Warwick, MD) reaches into New Castle County, Delaware.
    assert [c.fips for c in counties_for_zip("21912")] == ["10003", "24015"]
    assert county_for_zip("21912", "10003").state == "DE"
    with pytest.raises(InvalidInput) as caught:
        county_for_zip("75201", "10003")
    assert caught.value.field == "location.county_fips"


def test_a_po_box_zip_with_no_tabulation_area_keeps_its_primary_county():
    # 75221 is a Dallas PO box ZIP: the Census relationship file has no ZCTA for it.
    assert "75221" not in us._zcta_counties()
    assert counties_for_zip("75221") == (DALLAS,)


def test_counties_changed_since_2010_are_offered_as_their_successors():
    # Bedford city, VA joined Bedford County in 2013 (24523 lay in both).
    assert [c.name for c in counties_for_zip("24523")] == ["Bedford County"]
    # Valdez-Cordova Census Area, AK was split in 2019: Valdez's ZIP asks between the two.
    assert [(c.fips, c.name) for c in counties_for_zip("99686")] == [
        ("02063", "Chugach Census Area"), ("02066", "Copper River Census Area")]


def test_the_shipped_relationship_file_is_whole_and_names_only_known_counties():
    relation = us._zcta_counties()
    known = us._counties()

    assert len(relation) == 33120
    assert sum(len(found) for found in relation.values()) >= 44410
    assert all(fips in known for found in relation.values() for fips in found)
    assert not {"51515", "02261"} & {f for found in relation.values() for f in found}
