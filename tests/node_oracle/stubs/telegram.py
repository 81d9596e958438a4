"""The Telegram Bot API for oracle cases: kflow's emulator, fresh, on a frozen clock.

Answers depend on the request alone as long as each case sends to chats no other case
uses (message ids count per chat) and names only files it uploaded itself. n8n ends its
attribution link with `_<instance id>`, which differs per n8n install; the stub drops it,
so n8n's answers and kflow's (which has no instance id) can be compared.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from kflow.sandbox.telegram import create_app
from kflow.sandbox.telegram.store import DEFAULT_TOKEN

__all__ = ["NOW", "TOKEN", "app"]

TOKEN = DEFAULT_TOKEN
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
_INSTANCE = re.compile(r"(utm_campaign=n8n-nodes-base\.telegram)_[0-9a-f]{16,}")


def _without_instance(params: dict[str, Any]) -> dict[str, Any]:
    return {
        key: _INSTANCE.sub(r"\1", value) if isinstance(value, str) else value
        for key, value in params.items()
    }


def app() -> web.Application:
    return create_app(token=TOKEN, clock=lambda: NOW, params_filter=_without_instance)
