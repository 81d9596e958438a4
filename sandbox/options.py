"""What the emulators' commands share: bad input reported in kflow's words with exit 2,
and their clock (`--now`, else `KFLOW_SANDBOX_NOW`, else real time).

The emulators never import kflow's host, so they report bad input themselves.
"""

from __future__ import annotations

import sys

from kflow.sandbox.clock import StartedClock, clock_from_env, parse_instant

__all__ = ["EXIT_BAD_INPUT", "bad_input", "clock_for", "env_clock_or_exit"]

EXIT_BAD_INPUT = 2


def bad_input(message: str) -> int:
    """Prints `message` as kflow's error line; returns exit code 2."""
    print(f"kflow: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def clock_for(now: str | None) -> StartedClock | None:
    """The clock --now asks for, else the one KFLOW_SANDBOX_NOW asks for, else None (real
    time). Raises ValueError naming the option or the variable."""
    if now is None:
        return clock_from_env()
    try:
        return StartedClock(parse_instant(now))
    except ValueError as exc:
        raise ValueError(f"--now: {exc}") from None


def env_clock_or_exit() -> StartedClock | None:
    """The clock KFLOW_SANDBOX_NOW asks for (for `--sandbox`); a bad value ends kflow with
    exit 2, since the host turns only its own error classes into it."""
    try:
        return clock_from_env()
    except ValueError as exc:
        raise SystemExit(bad_input(str(exc))) from None
