"""serve's REST side: the executions as JSON, behind the API token.

    GET /rest/executions[?limit=1…1000][&before=ID][&flow=NAME]   newest first, no outputs
    GET /rest/executions/{id}                                      one, with its outputs

Every `/rest/` request needs the token, in `X-N8N-API-KEY` (n8n's public API header) or as
`Authorization: Bearer <token>`. A client that sent too many wrong tokens is answered 429
until its wait is over, without its token being looked at. Reads go through the
ExecutionReader, off the event loop.
"""

from __future__ import annotations

import json
import logging
import math
import re
import sqlite3
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from kflow.host.serve.admin_token import token_matches
from kflow.host.serve.execution_reader import MAX_ID, MAX_LIMIT, ExecutionReader

if TYPE_CHECKING:
    from kflow.host.serve.throttle import AuthThrottle

__all__ = ["API_KEY_HEADER", "DEFAULT_LIMIT", "MAX_FLOW_CHARS", "add_rest_routes"]

API_KEY_HEADER = "X-N8N-API-KEY"
DEFAULT_LIMIT = 50
MAX_FLOW_CHARS = 200
LOG = logging.getLogger("kflow.serve")

_CHALLENGE = 'Bearer realm="kflow"'
_NO_STORE = {"Cache-Control": "no-store"}
_DIGITS = re.compile(r"[0-9]+")
_KNOWN = re.compile(r"executions(/[^/]+)?")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def add_rest_routes(
    app: web.Application,
    reader: ExecutionReader,
    *,
    token: str,
    throttle: AuthThrottle | None = None,
) -> None:
    """Adds the executions endpoints, read through `reader` and guarded by `token`, to
    `app`; everything else under `/rest/` answers 404 (once the token is right).

    With `throttle`, wrong tokens are counted per client address (`request.remote`).
    A catch-all takes the rest of `/rest/`: add any other `/rest/` route before this.
    """

    def guarded(handler: Handler) -> Handler:
        async def checked(request: web.Request) -> web.StreamResponse:
            client = request.remote or ""
            if throttle is not None:
                wait = throttle.blocked(client)
                if wait is not None:
                    seconds = max(1, math.ceil(wait))
                    return _error(
                        429,
                        f"Too many wrong API keys from this address; try again in {seconds} s",
                        {"Retry-After": str(seconds)},
                    )
            given = _presented(request)
            if given is None:
                return _error(
                    401,
                    f"An API key is required: send it in the {API_KEY_HEADER} header or as "
                    "Authorization: Bearer <key>",
                    {"WWW-Authenticate": _CHALLENGE},
                )
            if not token_matches(given, token):
                if throttle is not None:
                    throttle.failed(client)
                return _error(
                    401,
                    "The API key is not valid",
                    {"WWW-Authenticate": f'{_CHALLENGE}, error="invalid_token"'},
                )
            if throttle is not None:
                throttle.succeeded(client)
            try:
                return await handler(request)
            except sqlite3.Error:
                LOG.exception("the executions database could not be read")
                return _error(
                    503, "The executions database cannot be read right now", {"Retry-After": "1"}
                )

        return checked

    async def executions(request: web.Request) -> web.StreamResponse:
        query = request.query
        limit = _whole(query.get("limit", str(DEFAULT_LIMIT)), MAX_LIMIT)
        if limit is None:
            return _error(400, f"limit must be a whole number from 1 to {MAX_LIMIT}")
        before = None
        if "before" in query:
            before = _whole(query["before"], MAX_ID)
            if before is None:
                return _error(
                    400, f"before must be an execution id: a whole number from 1 to {MAX_ID}"
                )
        flow = query.get("flow") or None
        if flow is not None and len(flow) > MAX_FLOW_CHARS:
            return _error(400, f"flow must be at most {MAX_FLOW_CHARS} characters")
        found = await reader.list(limit=limit, flow=flow, before=before)
        return _json({"data": [e.to_json() for e in found]})

    async def execution(request: web.Request) -> web.StreamResponse:
        execution_id = _whole(request.match_info["id"], MAX_ID)
        if execution_id is None:
            return _error(400, f"An execution id is a whole number from 1 to {MAX_ID}")
        found = await reader.get_json(execution_id)
        if found is None:
            return _error(404, "Execution not found")
        return web.Response(body=found, content_type="application/json", headers=_NO_STORE)

    async def elsewhere(request: web.Request) -> web.StreamResponse:
        if _KNOWN.fullmatch(request.match_info["tail"]):
            return _error(405, "Only GET is allowed here", {"Allow": "GET, HEAD"})
        return _error(404, "Not found")

    app.router.add_get("/rest/executions", guarded(executions))
    app.router.add_get("/rest/executions/{id}", guarded(execution))
    # Last, so that it only takes what the routes above leave: other paths and methods.
    app.router.add_route("*", "/rest/{tail:.*}", guarded(elsewhere))


def _presented(request: web.Request) -> str | None:
    """The token the request carries: its X-N8N-API-KEY, else its Bearer token."""
    key = request.headers.get(API_KEY_HEADER, "").strip()
    if key:
        return key
    scheme, _, credentials = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return None


def _whole(text: str, high: int) -> int | None:
    """`text` as a whole number from 1 to `high`, or None."""
    if not _DIGITS.fullmatch(text):
        return None
    digits = text.lstrip("0")
    if not digits or len(digits) > len(str(high)):
        return None
    value = int(digits)
    return value if value <= high else None


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(
        {"code": status, "message": message},
        status=status,
        headers={**_NO_STORE, **(headers or {})},
    )


def _json(body: dict[str, Any]) -> web.Response:
    return web.json_response(body, headers=_NO_STORE, dumps=_dumps)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
