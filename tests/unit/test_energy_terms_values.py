"""Single CDR energy values as real payloads write them: times, days, dates, durations, rates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocate.domain import ParseError
from advocate.domain.energy import PUBLIC_HOLIDAYS, WEEKDAYS
from providers.cdr_energy_values import (
    days_of,
    fraction,
    minute_of_day,
    month_day,
    reset_period,
    window,
)


@pytest.mark.parametrize("text, minute", [
    ("1500", 900),      # Origin
    ("15:00", 900),     # Energy Locals, GloBird, Arcline
    ("15:00:00", 900),  # ISO 8601 with seconds
    ("700", 420),       # hour without its leading zero
    ("0000", 0),
    ("07:00+10:00", 420),  # an explicit AEST offset
])
def test_start_times_in_every_real_format_give_minutes_of_the_day(text, minute):
    assert minute_of_day(text, "t", end=False) == minute


@pytest.mark.parametrize("text, minute", [
    ("2100", 1260),
    ("1459", 900),        # inclusive end: up to and including 14:59
    ("23:59", 1440),      # inclusive end of day
    ("21:29:59", 1290),
    ("00:00", 1440),      # Energy Locals' "15:00"-"00:00": midnight at the end of the day
    ("0000", 1440),
    ("24:00", 1440),
])
def test_end_times_are_made_exclusive(text, minute):
    assert minute_of_day(text, "t", end=True) == minute


@pytest.mark.parametrize("text", ["25:00", "1560", "noon", "", "07:00+11:00"])
def test_a_time_that_is_no_time_of_day_is_refused_with_its_field(text):
    with pytest.raises(ParseError, match="tariffPeriod"):
        minute_of_day(text, "tariffPeriod[0].startTime", end=False)


@given(hour=st.integers(0, 23), minute=st.sampled_from([0, 15, 30, 45]))
def test_every_spelling_of_a_time_gives_the_same_minute(hour, minute):
    spellings = [f"{hour}{minute:02d}", f"{hour:02d}{minute:02d}", f"{hour:02d}:{minute:02d}",
                 f"{hour:02d}:{minute:02d}:00"]

    assert {minute_of_day(s, "t", end=False) for s in spellings} == {hour * 60 + minute}


def test_business_days_are_weekdays_without_public_holidays():
    days, excludes_holidays = days_of(["BUSINESS_DAYS"], "d")

    assert days == frozenset(WEEKDAYS[:5]) and excludes_holidays


def test_an_absent_day_list_means_every_day_and_public_holidays_are_kept_as_a_marker():
    assert days_of(None, "d") == (frozenset(WEEKDAYS), False)
    assert days_of(["SAT", "PUBLIC_HOLIDAYS"], "d") == (frozenset({"SAT", PUBLIC_HOLIDAYS}), False)


def test_an_unknown_day_is_refused():
    with pytest.raises(ParseError, match="unknown day 'FUNDAY'"):
        days_of(["MON", "FUNDAY"], "d")


def test_a_window_without_times_covers_the_whole_day():
    whole = window({"days": ["MON"]}, "w")

    assert (whole.start_minute, whole.end_minute) == (0, 1440)


def test_a_window_from_late_evening_to_morning_is_kept_crossing_midnight():
    night = window({"days": ["MON"], "startTime": "2200", "endTime": "0700"}, "w")

    assert (night.start_minute, night.end_minute, night.crosses_midnight) == (1320, 420, True)


@pytest.mark.parametrize("text, expected", [("12-01", "12-01"), ("7-1", "07-01"),
                                            ("2024-07-01", "07-01")])
def test_season_dates_become_month_day(text, expected):
    assert month_day(text, "d") == expected


@pytest.mark.parametrize("iso, months, days", [("P1M", 1, 0), ("P1D", 0, 1), ("P1Y", 12, 0),
                                               ("P3M", 3, 0), ("P1W", 0, 7)])
def test_block_reset_periods_are_parsed_to_months_and_days(iso, months, days):
    period = reset_period(iso, "p", has_blocks=True)

    assert (period.iso, period.months, period.days, period.defaulted) == (iso, months, days, False)


def test_stepped_blocks_without_a_period_take_the_standards_p1y_default():
    period = reset_period(None, "p", has_blocks=True)

    assert (period.iso, period.months, period.defaulted) == ("P1Y", 12, True)
    assert reset_period(None, "p", has_blocks=False) is None


def test_rates_are_fractions_unless_the_payload_wrote_percent():
    assert fraction("0.03", "r") == Decimal("0.03")
    # Energy Locals: "rate": "0.0081" for "a 0.81% fee" is already a fraction
    assert fraction("0.0081", "r", description="credit card payments incur a 0.81% fee") == \
        Decimal("0.0081")
    # Origin: "rate": "0.24" for "A 0.24% fee" is percent
    assert fraction("0.24", "r", description="A 0.24% fee (GST Incl) may apply") == \
        Decimal("0.0024")
    # Origin GreenPower "percentGreen": "25" is 25 %
    assert fraction("25", "r") == Decimal("0.25")
