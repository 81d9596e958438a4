"""kflow's pytest plugin (registered through the `pytest11` entry point).

Fixtures:
    kflow_sandbox: a fresh Keitaro sandbox on loopback for each test, with a known key.
    kflow_sandbox_module: one sandbox shared by a test module.
    kflow_sandbox_now: where the sandboxes' clocks start (an aware datetime, by default
        2026-11-20T12:00:00Z); their demo data is seeded around it, and from there their
        clocks run with real elapsed time. Override it in a conftest or test module to move
        them; with `scope="module"` or wider when kflow_sandbox_module uses it. For a `kflow
        … --sandbox` subprocess, set `KFLOW_SANDBOX_NOW` to its `.isoformat()`.
    kflow_run: the run helpers (`await kflow_run.node(...)`, `await kflow_run.flow(...)`).
    memory_transport: a fresh MemoryTransport.
    secret_canary: a credential value that fails the test if any output or log shows it.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from kflow.testing.run import run_flow, run_node
from kflow.testing.transport import MemoryTransport

__all__ = ["SANDBOX_KEY", "SANDBOX_NOW"]

SANDBOX_KEY = "kflow-test-sandbox-key-0123456789"
"""The Admin API key the fixtures' sandboxes accept."""

SANDBOX_NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
"""Where the fixtures' sandbox clocks start unless `kflow_sandbox_now` is overridden."""


class _Sandbox:
    """A Keitaro sandbox served from a thread of its own, so sync and async tests can use it."""

    def __init__(self, now: datetime) -> None:
        from kflow.sandbox import SandboxServer
        from kflow.sandbox.clock import StartedClock

        clock = StartedClock(now)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.server = SandboxServer(api_key=SANDBOX_KEY, clock=clock)
        asyncio.run_coroutine_threadsafe(self.server.start(), self._loop).result(timeout=30)

    def credentials(self) -> dict[str, Any]:
        """keitaroApi credential data that reaches this sandbox."""
        return {"keitaroApi": self.server.credentials()}

    @property
    def url(self) -> str:
        return str(self.server.url)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()


def _serve(now: datetime) -> Iterator[_Sandbox]:
    sandbox = _Sandbox(now)
    try:
        yield sandbox
    finally:
        sandbox.close()


@pytest.fixture(scope="session")
def kflow_sandbox_now() -> datetime:
    """Where the sandboxes' clocks start: an aware datetime (SANDBOX_NOW unless overridden)."""
    return SANDBOX_NOW


@pytest.fixture
def kflow_sandbox(kflow_sandbox_now: datetime) -> Iterator[_Sandbox]:
    """A fresh Keitaro sandbox for this test (`.url`, `.credentials()`, `.server.store`)."""
    yield from _serve(kflow_sandbox_now)


@pytest.fixture(scope="module")
def kflow_sandbox_module(kflow_sandbox_now: datetime) -> Iterator[_Sandbox]:
    """One Keitaro sandbox for the whole test module."""
    yield from _serve(kflow_sandbox_now)


@pytest.fixture
def kflow_run() -> SimpleNamespace:
    """`await kflow_run.node(type, items, parameters, …)` and `await kflow_run.flow(…)`."""
    return SimpleNamespace(node=run_node, flow=run_flow)


@pytest.fixture
def memory_transport() -> MemoryTransport:
    """A fresh in-memory transport: declare answers, then read `.sent`."""
    return MemoryTransport()


@pytest.fixture
def secret_canary(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[str]:
    """A secret to use as a credential; the test fails if its output or logs show it."""
    capture = _capture(request)
    caplog.set_level(logging.DEBUG)
    # kflow's own logger may not propagate to the root logger that caplog listens on.
    kflow_logger = logging.getLogger("kflow")
    kflow_logger.addHandler(caplog.handler)
    canary = "canary-" + secrets.token_hex(12)
    try:
        yield canary
    finally:
        kflow_logger.removeHandler(caplog.handler)
    out, err = capture.readouterr()
    records = [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.records]
    logs = "\n".join(record.getMessage() for record in records)
    texts = (("stdout", out), ("stderr", err), ("logs", logs))
    shown = [where for where, text in texts if canary in text]
    if shown:
        pytest.fail(f"the secret canary showed in {', '.join(shown)}")


def _capture(request: pytest.FixtureRequest) -> Any:
    """The test's output capture: capfd, or capsys when the test already uses that."""
    name = "capsys" if "capsys" in request.fixturenames else "capfd"
    return request.getfixturevalue(name)
