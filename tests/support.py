"""Constants and small helpers shared by the tests."""

from __future__ import annotations

from datetime import UTC, datetime

from kflow.testing.ports import free_port, wait_for_port

__all__ = ["CANARY_KEY", "FIRST_CLICK", "FIXED_NOW", "TRACKER", "free_port", "wait_for_port"]

CANARY_KEY = "canary0secret0key0do0not0leak0x1"
"""The API key every test uses; no output, log or error may ever contain it."""

TRACKER = "https://tracker.example.test"

FIXED_NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)

FIRST_CLICK = "hea230qdxnbfcz1o79b"
"""Subid of the first click of the demo data (seed 1)."""
