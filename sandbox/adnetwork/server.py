"""Running the ad-network emulator on loopback: `async with AdNetworkServer() as server`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any

from aiohttp import web

from kflow.sandbox.adnetwork.app import NETWORK_KEY, Network, create_app

__all__ = ["ENV_URL", "AdNetworkServer"]

HOST = "127.0.0.1"
ENV_URL = "AD_NETWORK_URL"
"""The variable that tells flows where the emulator is (`$env.AD_NETWORK_URL`)."""


class AdNetworkServer:
    """An emulator listening on loopback.

    Args:
        port: Port to listen on; 0 picks a free one.
        token: The bearer token to accept; a fresh one by default.
        seed: Seed of the spend amounts.
        clock: Returns "now" (aware): which day is today, and how much of it has passed.
        min_interval: Seconds a caller must leave between requests, else 429; 0 for none.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        token: str | None = None,
        seed: int = 1,
        clock: Callable[[], datetime] | None = None,
        min_interval: float = 0.0,
    ) -> None:
        self.app = create_app(token=token, seed=seed, clock=clock, min_interval=min_interval)
        self._port = port
        self.port = port
        self._runner: web.AppRunner | None = None

    def __repr__(self) -> str:
        return f"AdNetworkServer(url={self.url!r})"

    @property
    def url(self) -> str:
        """The API's base URL (AD_NETWORK_URL)."""
        return f"http://{HOST}:{self.port}"

    @property
    def network(self) -> Network:
        return self.app[NETWORK_KEY]

    @property
    def token(self) -> str:
        return self.network.token

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every API request so far, as `GET /_emulator/requests` lists them."""
        return self.network.requests

    def credentials(self) -> dict[str, str]:
        """httpBearerAuth credential fields accepted by this emulator."""
        return {"token": self.token}

    def environment(self) -> dict[str, str]:
        """The variables that point flows at this emulator."""
        return {ENV_URL: self.url}

    async def start(self) -> AdNetworkServer:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, HOST, self._port).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> AdNetworkServer:
        return await self.start()

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()
