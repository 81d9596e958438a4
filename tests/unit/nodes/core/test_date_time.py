"""Date & Time's Python Luxon and moment rules, and Get Current Date with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kflow.nodes.core.date_time_luxon import LuxonDate
from kflow.nodes.core.date_time_luxon_format import UnsupportedToken, to_format
from kflow.nodes.core.date_time_moment import Unreadable, format_moment, parse_moment
from kflow.nodes.core.date_time_v2_parse import DateError, parse_date
from kflow.nodes.core.date_time_zones import FixedZone, luxon_zone
from kflow.nodes.core.js_values import js_number, number_text

UTC_ZONE = FixedZone(0)


def read(value: object, zone: str | None = "UTC") -> LuxonDate:
    return parse_date(value, timezone=zone, fmt=None, default_zone=UTC_ZONE)


def test_numbers_are_read_as_javascript_reads_them() -> None:
    assert js_number(" 0x10 ") == 16
    assert js_number("") == 0
    assert js_number(None) == 0
    assert js_number("1e3") == 1000
    assert js_number("abc") != js_number("abc")
    assert number_text(1e21) == "1e+21"
    assert number_text(0.1 + 0.2) == "0.30000000000000004"


def test_timestamps_in_seconds_or_milliseconds() -> None:
    assert read(1700000000).to_iso() == "2023-11-14T22:13:20.000Z"
    assert read("1700000000123").to_iso() == "2023-11-14T22:13:20.123Z"


def test_calendar_arithmetic_clamps_the_day() -> None:
    assert read("2024-01-31").plus({"months": 1}).to_iso() == "2024-02-29T00:00:00.000Z"
    berlin = read("2024-03-30T12:00:00Z", "Europe/Berlin")
    assert berlin.plus({"days": 1}).to_iso() == "2024-03-31T13:00:00.000+02:00"


def test_diff_gives_fractions_of_the_lowest_unit() -> None:
    start, end = read("2024-01-15T00:00:00Z"), read("2024-01-16T12:00:00Z")
    duration = end.diff(start, ["day"])
    assert duration is not None
    assert duration.to_object() == {"days": 1.5}
    assert duration.to_iso() == "P1.5D"


def test_offsets_in_text_pick_an_etc_zone() -> None:
    date = parse_date("2024-01-01T10:00:00+05:30", timezone=None, fmt=None, default_zone=UTC_ZONE)
    assert to_format(date, "HH:mm z") == "09:30 Etc/GMT-5"


def test_intl_tokens_are_refused() -> None:
    with pytest.raises(UnsupportedToken):
        to_format(read("2024-01-01"), "DDD")


def test_unparsable_text_fails_as_n8n() -> None:
    with pytest.raises(DateError, match="Invalid date format"):
        read("hello")
    with pytest.raises(Unreadable):
        parse_moment("2024/1/5")


def test_moment_formats() -> None:
    wall = parse_moment("2024-03-10T15:04:05.123Z")
    assert wall is not None
    ms = wall.instant()
    assert format_moment(ms, 0, "dddd, MMMM Do YYYY [at] LT", abbreviation="", utc=False) == (
        "Sunday, March 10th 2024 at 3:04 PM"
    )


def test_current_date_with_a_fixed_clock() -> None:
    now = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    zone = luxon_zone("Asia/Tokyo")
    assert zone is not None
    date = LuxonDate(int(now.timestamp() * 1000), zone)
    assert date.to_iso() == "2024-05-06T16:08:09.000+09:00"
    assert date.start_of("day").to_iso() == "2024-05-06T00:00:00.000+09:00"
