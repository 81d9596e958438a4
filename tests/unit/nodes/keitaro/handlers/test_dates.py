"""Dates and time zones read from parameters and written as Keitaro takes them."""

from __future__ import annotations

from datetime import datetime

import pytest

from kflow.nodes.keitaro.handlers.dates import (
    check_timezone,
    cost_bound,
    parse_moment,
    range_bound,
)


def test_a_time_zone_is_an_iana_name_and_defaults_to_utc() -> None:
    assert check_timezone("Europe/Moscow") == "Europe/Moscow"
    assert check_timezone("  Asia/Tokyo ") == "Asia/Tokyo"
    assert check_timezone(None) == "UTC"
    assert check_timezone("   ") == "UTC"


@pytest.mark.parametrize("value", ["MSK", "+03:00", "Mars/Olympus"])
def test_an_abbreviation_or_offset_is_refused_with_an_example(value: str) -> None:
    with pytest.raises(ValueError, match="is not an IANA time zone such as Europe/Moscow"):
        check_timezone(value)


def test_a_bare_date_is_midnight_without_a_time() -> None:
    assert parse_moment("2026-11-01", "UTC") == (datetime(2026, 11, 1), False)


@pytest.mark.parametrize("text", ["2026-11-01 10:30", "2026-11-01T10:30:00"])
def test_a_date_time_is_read_with_a_space_or_a_t(text: str) -> None:
    assert parse_moment(text, "UTC") == (datetime(2026, 11, 1, 10, 30), True)


def test_an_offset_is_converted_to_the_zone_and_dropped() -> None:
    moment, has_time = parse_moment("2026-11-01T07:30:00Z", "Europe/Moscow")
    assert (moment, has_time) == (datetime(2026, 11, 1, 10, 30), True)
    assert moment.tzinfo is None
    assert parse_moment("2026-11-01T10:30+03:00", "UTC")[0] == datetime(2026, 11, 1, 7, 30)


def test_an_offset_may_move_the_day() -> None:
    assert parse_moment("2026-11-01T23:30:00Z", "Asia/Tokyo")[0] == datetime(2026, 11, 2, 8, 30)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_an_empty_moment_asks_for_an_iso_date(value: object) -> None:
    with pytest.raises(ValueError, match="is empty: give an ISO date such as 2026-11-01"):
        parse_moment(value, "UTC")


@pytest.mark.parametrize("value", ["01.11.2026", "yesterday", "2026-13-01"])
def test_a_date_that_is_not_iso_names_itself_and_the_forms(value: str) -> None:
    with pytest.raises(ValueError, match="is not an ISO date or date-time") as caught:
        parse_moment(value, "UTC")
    assert value in str(caught.value)
    assert "2026-11-01T10:30" in str(caught.value)


def test_a_range_bound_keeps_a_time_only_when_one_was_given() -> None:
    assert range_bound("2026-11-01", "UTC") == "2026-11-01"
    assert range_bound("2026-11-01 10:30", "UTC") == "2026-11-01 10:30:00"
    assert range_bound("2026-11-01T07:30:15Z", "Europe/Moscow") == "2026-11-01 10:30:15"


def test_a_cost_bound_covers_a_bare_date_s_whole_day() -> None:
    assert cost_bound("2026-11-01", "UTC", end=False) == "2026-11-01 00:00"
    assert cost_bound("2026-11-01", "UTC", end=True) == "2026-11-01 23:59"


def test_a_cost_bound_with_a_time_keeps_it_at_either_end() -> None:
    assert cost_bound("2026-11-01 10:30", "UTC", end=False) == "2026-11-01 10:30"
    assert cost_bound("2026-11-01 10:30", "UTC", end=True) == "2026-11-01 10:30"
    assert cost_bound("2026-11-01T07:30Z", "Europe/Moscow", end=True) == "2026-11-01 10:30"
