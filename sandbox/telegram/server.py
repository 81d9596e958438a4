"""Running the Telegram emulator on loopback: `async with TelegramServer() as server`."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from aiohttp import web

from kflow.sandbox.telegram.app import STORE_KEY, create_app
from kflow.sandbox.telegram.store import BotStore

__all__ = ["TelegramServer", "new_token"]

HOST = "127.0.0.1"


def new_token() -> str:
    """A fresh random bot token, shaped like BotFather's (`<bot id>:<35 characters>`)."""
    return f"{secrets.randbelow(9 * 10**9) + 10**9}:AA{secrets.token_urlsafe(25)[:33]}"


class TelegramServer:
    """An emulator listening on loopback.

    Args:
        port: Port to listen on; 0 picks a free one.
        token: The bot token to accept; a fresh one by default.
        clock: Returns "now" (aware) for message dates; real time by default.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        token: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.token = token or new_token()
        self.app = create_app(token=self.token, clock=clock)
        self._port = port
        self.port = port
        self._runner: web.AppRunner | None = None

    def __repr__(self) -> str:
        return f"TelegramServer(url={self.url!r})"

    @property
    def url(self) -> str:
        """The base URL to put in the telegramApi credential."""
        return f"http://{HOST}:{self.port}"

    @property
    def store(self) -> BotStore:
        return self.app[STORE_KEY]

    def credentials(self) -> dict[str, str]:
        """telegramApi credential fields that reach this emulator."""
        return {"accessToken": self.token, "baseUrl": self.url}

    async def __aenter__(self) -> TelegramServer:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, HOST, self._port).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
