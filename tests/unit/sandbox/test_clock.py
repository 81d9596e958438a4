"""The sandbox's clock: an instant to start from, then real elapsed time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from kflow.sandbox import clock as clock_module
from kflow.sandbox.clock import ENV_VAR, StartedClock, clock_from_env, parse_instant
from tests.support import FIXED_NOW


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2026-11-20T12:00:00Z", FIXED_NOW),
        ("2026-11-20T15:00:00+03:00", FIXED_NOW),
        ("2026-11-20T07:00-05:00", FIXED_NOW),
        (" 2026-11-20 12:00:00+00:00 ", FIXED_NOW),
        ("2026-11-20T12:00:00.250Z", FIXED_NOW + timedelta(milliseconds=250)),
    ],
)
def test_an_instant_with_an_offset_is_read_as_utc(text: str, instant: datetime) -> None:
    parsed = parse_instant(text)
    assert parsed == instant and parsed.tzinfo is UTC


@pytest.mark.parametrize("text", ["2026-11-20T12:00:00", "2026-11-20"])
def test_an_instant_without_an_offset_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="has no offset: end it with Z or ±HH:MM"):
        parse_instant(text)


@pytest.mark.parametrize("text", ["", "yesterday", "20/11/2026 12:00", "2026-13-01T00:00Z"])
def test_what_is_not_an_instant_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not an ISO 8601 instant such as 2026-11-20T12:00:00Z"):
        parse_instant(text)


def test_the_clock_starts_at_its_instant_and_runs_with_elapsed_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticks = iter([1000.0, 1000.0, 1090.5])
    monkeypatch.setattr(clock_module, "monotonic", lambda: next(ticks))
    clock = StartedClock(FIXED_NOW)
    assert clock() == FIXED_NOW
    assert clock() == FIXED_NOW + timedelta(seconds=90.5)


def test_the_clock_needs_an_aware_start() -> None:
    with pytest.raises(ValueError, match="has no offset"):
        StartedClock(datetime(2026, 11, 20, 12, 0))


def test_the_clock_is_in_utc_whatever_the_offset_of_its_start() -> None:
    clock = StartedClock(FIXED_NOW.astimezone(timezone(timedelta(hours=3))))
    assert clock.start == FIXED_NOW and clock.start.tzinfo is UTC
    assert repr(clock) == "StartedClock(start='2026-11-20T12:00:00+00:00')"


def test_the_environment_sets_the_clock_or_leaves_real_time() -> None:
    assert clock_from_env({}) is None
    assert clock_from_env({ENV_VAR: "  "}) is None
    clock = clock_from_env({ENV_VAR: "2026-11-20T12:00:00Z"})
    assert clock is not None and clock.start == FIXED_NOW
    assert FIXED_NOW <= clock() < FIXED_NOW + timedelta(minutes=1)


def test_a_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(ValueError, match=r"^KFLOW_SANDBOX_NOW: 'tomorrow' is not an ISO 8601"):
        clock_from_env({ENV_VAR: "tomorrow"})
