"""Typed keys of the sandbox application's state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from kflow.sandbox.store import Store

__all__ = ["API_KEY", "CLOCK", "POSTBACK_KEY", "STORE"]

STORE = web.AppKey("store", Store)
API_KEY = web.AppKey("api_key", str)
CLOCK = web.AppKey("clock", Callable[[], datetime])
POSTBACK_KEY = web.AppKey("postback_key", str)
