"""Shared fixtures: the secret canary key, credentials, item contexts and a live sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.node import ItemContext
from kflow.host.redaction import Redactor
from kflow.sandbox import SandboxServer
from kflow.testing.services import redis_server
from tests import aioresponses_compat
from tests.support import CANARY_KEY, FIXED_NOW, TRACKER

aioresponses_compat.install()

pytest_plugins = ["pytester"]


@pytest.fixture
def redactor() -> Redactor:
    return Redactor([CANARY_KEY])


@pytest.fixture
def keitaro_credentials() -> dict[str, Any]:
    creds = Credentials()
    creds.add(KEITARO_API, {"domain": TRACKER, "apiKey": CANARY_KEY})
    data = creds.get("keitaroApi")
    assert data is not None
    return data


@pytest.fixture
def ctx_factory(
    keitaro_credentials: dict[str, Any], redactor: Redactor
) -> Callable[..., ItemContext]:
    """Builds an ItemContext from a parameter dict, the way the runner would."""

    def build(params: dict[str, Any], *, index: int = 0, item: dict[str, Any] | None = None):
        return ItemContext(
            node_name="Keitaro",
            item_index=index,
            item=item or {},
            params=params,
            credentials={"keitaroApi": keitaro_credentials},
            redactor=redactor,
        )

    return build


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    """A fresh, seeded sandbox on a free loopback port, with its clock fixed at FIXED_NOW."""
    async with SandboxServer(api_key=CANARY_KEY, clock=lambda: FIXED_NOW) as server:
        yield server


@pytest.fixture
def sandbox_credentials(sandbox: SandboxServer) -> dict[str, dict[str, Any]]:
    return {"keitaroApi": sandbox.credentials()}


@pytest.fixture(autouse=True)
def _no_canary_in_any_output(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """The secret canary must never show in what a test printed or logged."""
    yield
    out, err = capfd.readouterr()
    assert CANARY_KEY not in out, "the API key was printed to stdout"
    assert CANARY_KEY not in err, "the API key was printed to stderr"
    assert CANARY_KEY not in caplog.text, "the API key was logged"


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A redis-server of its own on a free loopback port (Debian's; `.ci/install-redis`)."""
    try:
        with redis_server(tmp_path) as url:
            yield url
    except FileNotFoundError as missing:
        pytest.fail(str(missing))
