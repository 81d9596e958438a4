"""The sandbox's clock: real time, or time that starts at a given instant and then runs.

A test fixes where the sandbox's "now" starts (`kflow sandbox --now`, `KFLOW_SANDBOX_NOW` for
`--sandbox`), so the seeded clicks and every relative period ("today", "7_days_ago") sit
around that instant whatever the real date is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from time import monotonic

__all__ = ["ENV_VAR", "StartedClock", "clock_from_env", "parse_instant"]

ENV_VAR = "KFLOW_SANDBOX_NOW"
"""Environment variable that sets where the clock of `--sandbox` sandboxes starts."""

_EXAMPLE = "2026-11-20T12:00:00Z"


class StartedClock:
    """A clock that reads `start` when it is made, and then runs on with real elapsed time.

    Call it for "now" (aware, UTC). Elapsed time is measured with `time.monotonic`, so
    changes of the system clock do not move it.
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError(f"the clock's start {start.isoformat()} has no offset")
        self.start = start.astimezone(UTC)
        self._origin = monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=monotonic() - self._origin)

    def __repr__(self) -> str:
        return f"StartedClock(start={self.start.isoformat()!r})"


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant with an offset or `Z` (`2026-11-20T12:00:00Z`), as aware UTC.

    Raises:
        ValueError: the text is not an ISO 8601 date-time, or it has no offset.
    """
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 instant such as {_EXAMPLE}") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{text!r} has no offset: end it with Z or ±HH:MM, as in {_EXAMPLE}")
    return when.astimezone(UTC)


def clock_from_env(environ: Mapping[str, str] | None = None) -> StartedClock | None:
    """The clock `KFLOW_SANDBOX_NOW` asks for, or None (real time) when it is unset or empty.

    Raises:
        ValueError: the variable holds no valid instant; the message names the variable.
    """
    text = (os.environ if environ is None else environ).get(ENV_VAR, "")
    if not text.strip():
        return None
    try:
        return StartedClock(parse_instant(text))
    except ValueError as exc:
        raise ValueError(f"{ENV_VAR}: {exc}") from None
