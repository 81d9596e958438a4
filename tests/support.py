"""Constants and small helpers shared by the tests."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from kflow.sandbox.clock import ENV_VAR as SANDBOX_NOW_VAR
from kflow.testing.ports import free_port, wait_for_port

__all__ = [
    "CANARY_KEY",
    "FIRST_CLICK",
    "FIXED_NOW",
    "TRACKER",
    "child_env",
    "fixed_date",
    "free_port",
    "wait_for_port",
]

CANARY_KEY = "canary0secret0key0do0not0leak0x1"
"""The API key every test uses; no output, log or error may ever contain it."""

TRACKER = "https://tracker.example.test"

FIXED_NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
"""The tests' "now": the clock of the `sandbox` fixture and of every sandbox a kflow started
with child_env() starts; dates that must fall in the demo data are offsets from it."""

FIRST_CLICK = "hea230qdxnbfcz1o79b"
"""Subid of the first click of the demo data (seed 1)."""


def fixed_date(days: int) -> str:
    """The ISO date `days` days after FIXED_NOW (before it when negative), in UTC."""
    return (FIXED_NOW + timedelta(days=days)).date().isoformat()


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a kflow subprocess: this one's, plus `extra`, with the clock of
    any sandbox it starts (`--sandbox`, `kflow sandbox`) starting at FIXED_NOW."""
    return {**os.environ, SANDBOX_NOW_VAR: FIXED_NOW.isoformat(), **(extra or {})}
