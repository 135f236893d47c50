"""NEM12 files become a year of IntervalUsage: channels, interval lengths, quality, errors."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from advocate.domain import InvalidInput
from advocate.usage.meter import usage_from_nem12
from advocate.usage.nem12 import parse_nem12

NEM12 = Path(__file__).parents[1] / "fixtures" / "nem12"


def read(name: str) -> str:
    return (NEM12 / name).read_text(encoding="utf-8")


def small_file(
    days: list[tuple[str, list[float]]], interval: int = 30, nmi: str = "VAAAZZZZ00"
) -> str:
    rows = [
        f"300,{day},{','.join(f'{v:.3f}' for v in values)},A,,,20250101000000,"
        for day, values in days
    ]
    return "\n".join(
        ["100,NEM12,202501010000,MDP,RET", f"200,{nmi},E1,1,E1,N1,M1,kWh,{interval},", *rows, "900"]
    )


def test_a_year_of_half_hourly_data_becomes_17520_intervals_on_the_aest_clock():
    usage = usage_from_nem12(read("citipower_30min_year.csv"))
    assert (usage.interval_minutes, usage.n_intervals, usage.clock) == (30, 17520, "AEST")
    assert usage.start == datetime(2024, 1, 2)  # 2024 has 366 days: the first one is dropped
    assert any("1 days before the last 365" in note for note in usage.assumptions)


def test_the_nmi_block_names_the_distributor_and_state():
    usage = usage_from_nem12(read("citipower_30min_year.csv"))
    assert (usage.distributor, usage.state, usage.source) == ("citipower", "VIC", "nem12")


def test_the_year_total_is_the_sum_of_the_files_last_365_days():
    text = read("citipower_30min_year.csv")
    rows = [line.split(",") for line in text.splitlines() if line.startswith("300,")]
    expected = sum(float(v) for cells in rows[1:] for v in cells[2:50])
    assert usage_from_nem12(text).annual_kwh == pytest.approx(expected, rel=1e-12)


def test_five_minute_data_keeps_its_interval_length_and_counts_substituted_reads():
    usage = usage_from_nem12(read("powercor_5min_fortnight.csv"))
    assert usage.interval_minutes == 5 and usage.n_intervals == 365 * 288
    assert "E1: 144 substituted of 4032 intervals (NEM12 quality flags)" in usage.assumptions


def test_a_short_file_is_filled_to_a_year_and_says_how_many_days_were_filled():
    usage = usage_from_nem12(read("powercor_5min_fortnight.csv"))
    assert usage.days == 365 and usage.last_day == date(2024, 10, 14)
    assert any(note.startswith("351 of 365 days had no data") for note in usage.assumptions)


def test_a_filled_day_copies_an_observed_day_of_the_same_weekday():
    text = small_file([("20250106", [0.1] * 48), ("20250107", [0.2] * 48)])  # Mon, Tue
    usage = usage_from_nem12(text)
    per_day = usage.import_kwh.reshape(365, 48).sum(axis=1)
    monday = (date(2024, 12, 30) - usage.first_day).days  # a Monday a week before
    assert per_day[-2] == pytest.approx(4.8) and per_day[-1] == pytest.approx(9.6)
    assert per_day[monday] == pytest.approx(4.8, rel=0.05)  # same season, ratio close to 1


def test_controlled_load_and_export_channels_are_read_separately():
    usage = usage_from_nem12(read("tasnetworks_controlled_load_solar_4weeks.csv"))
    assert usage.state == "TAS" and usage.distributor == "tasnetworks"
    assert usage.controlled_kwh.sum() > 0 and usage.export_kwh.sum() > 0
    night = usage.controlled_kwh.reshape(365, 48)[:, 16:44]
    assert night.sum() == 0  # the constructed load runs 23:00-07:00 only
    assert "channels: general E1, controlled load E2, export B1" in usage.assumptions


def test_the_caller_can_say_which_suffix_is_not_controlled_load():
    text = read("tasnetworks_controlled_load_solar_4weeks.csv")
    usage = usage_from_nem12(text, controlled_load_suffixes=frozenset())
    assert usage.controlled_kwh.sum() == 0
    assert usage.import_kwh.sum() > usage_from_nem12(text).import_kwh.sum()


def test_a_short_300_row_is_refused_with_its_line_number():
    with pytest.raises(InvalidInput) as caught:
        usage_from_nem12(read("malformed_short_300_row.csv"))
    assert caught.value.field == "usage.nem12"
    assert caught.value.details == {"line": 4}
    assert "line 4" in caught.value.message


@pytest.mark.parametrize(
    ("bad_line", "fragment"),
    [
        ("300,20250102,abc" + ",0.1" * 47 + ",A,,,20250101000000,", "not a number"),
        ("300,2025-01-02" + ",0.1" * 48 + ",A,,,20250101000000,", "not YYYYMMDD"),
        ("250,VAAAZZZZ00", "a 300 row"),
        ("777,unknown", "unknown record indicator"),
    ],
)
def test_malformed_rows_name_their_line(bad_line, fragment):
    good = small_file([("20250101", [0.1] * 48)]).splitlines()
    text = "\n".join([*good[:3], bad_line, *good[3:]])
    if bad_line.startswith("250"):
        text = "\n".join(
            ["100,NEM12,202501010000,MDP,RET", "300,20250101" + ",0.1" * 48 + ",A,,,x,"]
        )
    with pytest.raises(InvalidInput) as caught:
        usage_from_nem12(text)
    assert f"line {2 if bad_line.startswith('250') else 4}" in caught.value.message
    assert fragment in caught.value.message


def test_an_oversized_file_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr("advocate.usage.nem12.MAX_CHARS", 1000)
    with pytest.raises(InvalidInput, match="larger than"):
        usage_from_nem12(read("citipower_30min_year.csv"))


def test_a_file_without_a_header_row_is_refused():
    with pytest.raises(InvalidInput, match="line 1: a NEM12 file starts with a 100"):
        usage_from_nem12("200,VAAAZZZZ00,E1,1,E1,N1,M1,kWh,30,\n900\n")


def test_a_file_with_two_meters_asks_for_one():
    first = small_file([("20250101", [0.1] * 48)]).splitlines()
    second = small_file([("20250101", [0.2] * 48)], nmi="VCCCZZZZ05").splitlines()
    with pytest.raises(InvalidInput, match="2 meters"):
        usage_from_nem12("\n".join([*first[:-1], *second[1:]]))
    text = "\n".join([*first[:-1], *second[1:]])
    assert usage_from_nem12(text, nmi="VCCCZZZZ05").distributor == "powercor"


def test_watt_hours_are_converted_to_kwh():
    text = small_file([("20250101", [100.0] * 48)]).replace(",kWh,", ",Wh,")
    assert parse_nem12(text).channels["E1"].days[date(2025, 1, 1)].sum() == pytest.approx(4.8)


def test_blank_values_count_as_missing_and_read_as_zero():
    values = ",".join(["0.5"] * 47 + [""])
    text = small_file([]).replace("900", f"300,20250101,{values},A,,,20250101000000,\n900")
    usage = usage_from_nem12(text)
    assert "E1: 1 blank interval values read as 0" in usage.assumptions
    assert np.isclose(usage.import_kwh[-48:].sum(), 23.5)
