"""The sandbox application: a Keitaro Admin API on aiohttp, answering like a tracker."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from kflow.sandbox.checks import BadRequest, Invalid
from kflow.sandbox.errors import error_response, field_errors_response
from kflow.sandbox.faults import FaultPlan
from kflow.sandbox.keys import API_KEY, CLOCK, POSTBACK_KEY, STORE
from kflow.sandbox.routes import ROUTE_TABLES
from kflow.sandbox.store import Store

__all__ = ["API_PREFIX", "RecordedRequest", "create_app"]

API_PREFIX = "/admin_api/v1"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the sandbox received it, and the status it answered."""

    method: str
    path: str
    query: dict[str, str]
    body: str
    status: int


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every answer is JSON, as from a tracker: unknown routes too."""
    try:
        return await handler(request)
    except BadRequest as exc:
        return error_response(400, str(exc))
    except Invalid as exc:
        return field_errors_response(exc.errors)
    except web.HTTPNotFound:
        return error_response(404, "Not found")
    except web.HTTPMethodNotAllowed:
        return error_response(405, "Method not allowed")


@web.middleware
async def _auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    """`Api-Key: KEY` or `Authorization: Bearer KEY`, else 401 `{"error": ...}`."""
    if request.path.startswith(API_PREFIX + "/") or request.path == API_PREFIX:
        given = request.headers.get("Api-Key", "")
        bearer = request.headers.get("Authorization", "")
        if not given and bearer.lower().startswith("bearer "):
            given = bearer[7:].strip()
        expected = request.app[API_KEY]
        if not given or not hmac.compare_digest(given.encode(), expected.encode()):
            return error_response(401, "Unauthorized")
    return await handler(request)


def _recorder(requests: list[RecordedRequest]) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        body = await request.text() if request.can_read_body else ""
        response = await handler(request)
        requests.append(
            RecordedRequest(
                request.method, request.path, dict(request.query), body, response.status
            )
        )
        return response

    return record


def create_app(
    store: Store,
    *,
    api_key: str,
    postback_key: str,
    clock: Callable[[], datetime] | None = None,
    faults: FaultPlan | None = None,
    record: list[RecordedRequest] | None = None,
) -> web.Application:
    """The sandbox app serving `store`, accepting only `api_key`.

    Args:
        store: The tracker's data.
        api_key: The one Admin API key accepted.
        postback_key: The path key of the postback URL (`/{postback_key}/postback`).
        clock: Returns "now" (aware); real time by default. Tests may fix it.
        faults: Faults to inject into a share of requests, if any.
        record: When given, every request is appended to it as it arrived (method, path,
            query, body text) with the status it was answered.
    """
    middlewares = [_errors, _auth]
    if record is not None:
        middlewares.insert(0, _recorder(record))
    if faults is not None:
        middlewares.insert(0, faults.middleware())
    app = web.Application(middlewares=middlewares)
    app[STORE] = store
    app[API_KEY] = api_key
    app[POSTBACK_KEY] = postback_key
    app[CLOCK] = clock or (lambda: datetime.now(UTC))
    for table in ROUTE_TABLES:
        app.add_routes(table)
    return app
