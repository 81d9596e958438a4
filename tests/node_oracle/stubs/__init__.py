"""Local servers that oracle cases call (an ad network, a Telegram Bot API, ...).

A case names the stubs it needs (`Case.stubs`); each is `stubs/<name>.py` with
`app() -> aiohttp.web.Application`. In the workflow a stub's address is written
`http://<name>.stub` and replaced by where it listens, in n8n and in kflow alike, and
replaced back in the answers. Stubs answer from the request alone: n8n runs a family's
cases one after another against one server, kflow runs each case against its own.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web

from kflow.testing.ports import free_port

__all__ = ["placeholder", "serving"]


def placeholder(name: str) -> str:
    """How a case writes the stub's address."""
    return f"http://{name}.stub"


@contextmanager
def serving(names: set[str] | frozenset[str]) -> Iterator[dict[str, str]]:
    """Runs the named stubs on loopback (a thread with its own loop); yields each
    placeholder → the address it listens at."""
    if not names:
        yield {}
        return
    loop = asyncio.new_event_loop()
    runners: list[web.AppRunner] = []
    addresses: dict[str, str] = {}

    async def start() -> None:
        for name in sorted(names):
            module = importlib.import_module(f"tests.node_oracle.stubs.{name}")
            runner = web.AppRunner(module.app(), access_log=None)
            await runner.setup()
            port = free_port()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            runners.append(runner)
            addresses[placeholder(name)] = f"http://127.0.0.1:{port}"

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    try:
        yield addresses
    finally:

        async def stop() -> None:
            for runner in runners:
                await runner.cleanup()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()


def substitute(text: str, addresses: dict[str, str], *, back: bool = False) -> str:
    """`text` with each placeholder replaced by its address (or, `back`, the reverse)."""
    for name, address in addresses.items():
        if back:
            # Messages may name the server without its scheme ("127.0.0.1:PORT").
            text = text.replace(address, name)
            text = text.replace(address.split("://", 1)[1], name.split("://", 1)[1])
        else:
            text = text.replace(name, address)
    return text
