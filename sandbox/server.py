"""Running the sandbox: on a port for `kflow sandbox`, or in-process on a free loopback port."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from aiohttp import web

from kflow.sandbox.app import RecordedRequest, create_app
from kflow.sandbox.faults import FaultPlan
from kflow.sandbox.seed import DEFAULT_SEED, seed_store
from kflow.sandbox.store import Store

__all__ = ["SandboxServer", "new_api_key", "new_postback_key"]

HOST = "127.0.0.1"


def new_api_key() -> str:
    """A fresh random Admin API key (32 hex characters, like a tracker's)."""
    return secrets.token_hex(16)


def new_postback_key() -> str:
    """A fresh postback key (7 hex characters, like a tracker's)."""
    return secrets.token_hex(4)[:7]


class SandboxServer:
    """A sandbox listening on loopback; `async with` starts and stops it.

    Args:
        port: Port to listen on; 0 picks a free one.
        api_key: Key to accept; a fresh one by default.
        postback_key: Key of the postback URL; a fresh one by default.
        db: SQLite file; in memory by default. A new or empty database is seeded.
        seed: Seed of the demo data.
        clock: Returns "now" (aware); real time by default. The demo data is seeded around
            its first reading. `kflow.sandbox.clock.StartedClock` starts one at an instant.
        faults: Faults to inject into a share of requests.
        record: Keep every request in `requests` (method, path, query, body, status).
    """

    def __init__(
        self,
        *,
        port: int = 0,
        api_key: str | None = None,
        postback_key: str | None = None,
        db: str | Path | None = None,
        seed: int = DEFAULT_SEED,
        clock: Callable[[], datetime] | None = None,
        faults: FaultPlan | None = None,
        record: bool = False,
    ) -> None:
        self.api_key = api_key or new_api_key()
        self.postback_key = postback_key or new_postback_key()
        self.requests: list[RecordedRequest] = []
        self.store = Store(db)
        if self.store.is_empty():
            seed_store(self.store, seed=seed, now=clock() if clock else None)
        self.app = create_app(
            self.store,
            api_key=self.api_key,
            postback_key=self.postback_key,
            clock=clock,
            faults=faults,
            record=self.requests if record else None,
        )
        self.faults = faults
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port = port

    def __repr__(self) -> str:
        return f"SandboxServer(url={self.url!r})"

    @property
    def url(self) -> str:
        """The tracker URL to put in credentials, e.g. `http://127.0.0.1:8123`."""
        return f"http://{HOST}:{self.port}"

    def credentials(self) -> dict[str, str]:
        """keitaroApi credential fields that reach this sandbox."""
        return {"domain": self.url, "apiKey": self.api_key, "postbackKey": self.postback_key}

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, self._port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.store.close()

    async def __aenter__(self) -> SandboxServer:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()
