"""Lets aioresponses 0.7.x build responses on aiohttp >= 3.14.

aiohttp 3.14 (a security release) added a required `stream_writer` argument to
`ClientResponse`; aioresponses 0.7.9 does not pass it yet (pnuckowski/aioresponses#289).
Until it does, the mock's response class gets a stand-in writer that reports 0 bytes sent.
Remove this module once aioresponses handles it.
"""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

import aioresponses.core
from aiohttp import ClientResponse

__all__ = ["install"]


class _MockedResponse(ClientResponse):
    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        kwargs.setdefault("stream_writer", SimpleNamespace(output_size=0))
        super().__init__(method, url, **kwargs)


def install() -> None:
    """Patches aioresponses when the installed aiohttp needs it; a no-op otherwise."""
    if "stream_writer" in inspect.signature(ClientResponse.__init__).parameters:
        aioresponses.core.ClientResponse = _MockedResponse  # type: ignore[misc]
