"""The emulator's aiohttp app: the paged spend API, and `/_emulator/requests` for tests."""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from time import monotonic
from typing import Any

from aiohttp import web

from kflow.sandbox.adnetwork.data import spend_rows

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_DAYS",
    "MAX_LIMIT",
    "NETWORK_KEY",
    "Network",
    "create_app",
    "new_token",
]

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_DAYS = 31
"""The longest period one request may ask for, in days."""
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Network:
    """What the emulator knows: its token, seed, clock, rate limit and the requests it got."""

    token: str
    seed: int = 1
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    min_interval: float = 0.0
    """Seconds a caller must leave between two requests, or get 429; 0 for no limit."""
    requests: list[dict[str, Any]] = field(default_factory=list)
    _last: float | None = None

    def too_soon(self) -> bool:
        """Whether this request comes sooner than the rate limit allows (and if not, notes it)."""
        now = monotonic()
        if self.min_interval and self._last is not None and now - self._last < self.min_interval:
            return True
        self._last = now
        return False


NETWORK_KEY: web.AppKey[Network] = web.AppKey("adnetwork", Network)


class _BadRequest(Exception):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def _error(status: int, code: str, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message, **extra}}, status=status)


def _day(query: Any, name: str) -> date:
    text = query.get(name)
    if text is None or text == "":
        raise _BadRequest(name, f"{name} is required (YYYY-MM-DD)")
    if not _DAY.fullmatch(text):
        raise _BadRequest(name, f"{name} must be a date as YYYY-MM-DD, not {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _BadRequest(name, f"{name} {text!r} is not a calendar date") from None


def _number(query: Any, name: str, default: int, low: int, high: int | None) -> int:
    text = query.get(name)
    if text is None or text == "":
        return default
    if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
        limit = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise _BadRequest(name, f"{name} must be a whole number {limit}, not {text!r}")
    return int(text)


def _period(query: Any, today: date) -> list[date]:
    start, end = _day(query, "date_from"), _day(query, "date_to")
    if start > end:
        raise _BadRequest("date_to", "date_to is before date_from")
    if end > today:
        raise _BadRequest("date_to", f"date_to {end} is after today ({today}, UTC)")
    days = (end - start).days + 1
    if days > MAX_DAYS:
        raise _BadRequest("date_to", f"at most {MAX_DAYS} days per request, not {days}")
    return [start + timedelta(days=n) for n in range(days)]


def _rows(network: Network, days: list[date], now: datetime, campaigns: set[str]) -> list[dict]:
    rows = []
    for day in days:
        # Today's stats grow through the day: only the hours gone by are counted.
        share = (now.hour, 24) if day == now.date() else (1, 1)
        rows.extend(
            row.as_json()
            for row in spend_rows(day, seed=network.seed, share=share)
            if not campaigns or row.campaign.campaign_id in campaigns
        )
    return rows


async def spend(request: web.Request) -> web.Response:
    """`GET /v1/stats/spend?date_from&date_to[&page][&limit][&campaign_id=1,2]`."""
    network = request.app[NETWORK_KEY]
    if request.headers.get("Authorization", "") != f"Bearer {network.token}":
        response = _error(401, "unauthorized", "Missing or invalid bearer token")
        response.headers["WWW-Authenticate"] = 'Bearer realm="stats"'
        return response
    if network.too_soon():
        response = _error(429, "rate_limited", "Too many requests, slow down")
        response.headers["Retry-After"] = str(max(1, math.ceil(network.min_interval)))
        return response
    query = request.query
    now = network.clock().astimezone(UTC)
    try:
        days = _period(query, now.date())
        limit = _number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        page = _number(query, "page", 1, 1, None)
        wanted = {p.strip() for p in query.get("campaign_id", "").split(",") if p.strip()}
        rows = _rows(network, days, now, wanted)
        pages = max(1, math.ceil(len(rows) / limit))
        if page > pages:
            raise _BadRequest("page", f"page {page} is past the last page ({pages})")
    except _BadRequest as bad:
        return _error(400, "invalid_parameter", bad.message, parameter=bad.parameter)
    following = None
    if page < pages:
        following = str(request.url.with_query({**query, "page": str(page + 1), "limit": limit}))
    return web.json_response(
        {
            "data": rows[(page - 1) * limit : page * limit],
            "page": page,
            "pages": pages,
            "limit": limit,
            "total": len(rows),
            "next_page_url": following,
        }
    )


async def requests_log(request: web.Request) -> web.Response:
    """`GET /_emulator/requests`: every API request so far (method, path, query, status,
    whether it carried the right token)."""
    return web.json_response({"requests": request.app[NETWORK_KEY].requests})


@web.middleware
async def _record(request: web.Request, handler: Callable) -> web.StreamResponse:
    response: web.StreamResponse = await handler(request)
    if not request.path.startswith("/_emulator/"):
        query: dict[str, Any] = {}
        for key in request.query:
            values = request.query.getall(key)
            query[key] = values[0] if len(values) == 1 else values
        network = request.app[NETWORK_KEY]
        network.requests.append(
            {
                "method": request.method,
                "path": request.path,
                "query": query,
                "status": response.status,
                "authorized": request.headers.get("Authorization") == f"Bearer {network.token}",
            }
        )
    return response


def create_app(
    *,
    token: str | None = None,
    seed: int = 1,
    clock: Callable[[], datetime] | None = None,
    min_interval: float = 0.0,
) -> web.Application:
    """The emulator's app; a fresh random token when none is given."""
    app = web.Application(middlewares=[_record])
    app[NETWORK_KEY] = Network(
        token=token or new_token(),
        seed=seed,
        clock=clock or (lambda: datetime.now(UTC)),
        min_interval=min_interval,
    )
    app.router.add_get("/v1/stats/spend", spend)
    app.router.add_get("/_emulator/requests", requests_log)
    return app


def new_token() -> str:
    """A fresh random API token."""
    return f"adn_{secrets.token_urlsafe(24)}"
