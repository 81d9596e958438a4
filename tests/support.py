"""Constants and small helpers shared by the tests."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime

CANARY_KEY = "canary0secret0key0do0not0leak0x1"
"""The API key every test uses; no output, log or error may ever contain it."""

TRACKER = "https://tracker.example.test"

FIXED_NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)

FIRST_CLICK = "hea230qdxnbfcz1o79b"
"""Subid of the first click of the demo data (seed 1)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, *, tries: int = 100) -> None:
    """Returns once something accepts connections on 127.0.0.1:`port`.

    Raises:
        TimeoutError: Nothing did within `tries` × 50 ms.
    """
    for _ in range(tries):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")
