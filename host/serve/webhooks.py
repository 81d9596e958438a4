"""The request side of `kflow serve`: a request to /webhook/… becomes an execution.

The host finds the trigger by method and path, reads the body within its size and time
limits and decodes it (a bad charset or bytes that are not text are a 400), and hands the
request to the trigger's node, which refuses it or gives the items to run. What the node
made is checked before anything is recorded (too deep or too big: 400), and the caller's
credentials (Authorization, Cookie, the webhook's own secrets) are masked in what is
stored. An accepted request is recorded as a queued execution before it is answered: at
once, or when the flow ends. A client that fails authentication too often is answered 429
for a while without being checked.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Mapping
from typing import Any, Protocol

from aiohttp import web

from kflow.host.display import is_displayed
from kflow.host.errors import ConfigError
from kflow.host.redaction import Redactor
from kflow.host.serve.connections import BodyTimeout, BodyTooLarge, read_body
from kflow.host.serve.execution_log import EXECUTION_KEY
from kflow.host.serve.limits import MAX_QUERY_FIELDS
from kflow.host.serve.service import QueueUnavailable, Server, Trigger, UnqueueableJob
from kflow.host.triggers import IncomingRequest, Refusal, Reply, Response

__all__ = [
    "BODY_SECONDS",
    "EXECUTION_HEADER",
    "MAX_BODY_BYTES",
    "SECRET_REQUEST_HEADERS",
    "Throttle",
    "add_webhook_routes",
    "answered",
    "json_error",
    "node_answer",
    "read_incoming",
    "read_request_text",
    "refused",
    "request_secrets",
    "slot_credentials",
    "throttled",
    "trigger_credentials",
]

MAX_BODY_BYTES = 16 * 1024 * 1024
BODY_SECONDS = 30.0
"""Most seconds a caller may take to send its body."""
EXECUTION_HEADER = "X-Kflow-Execution-Id"
"""Names the recorded execution in an onReceived answer (whose body is n8n's, exactly)."""
SECRET_REQUEST_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "x-n8n-api-key", "x-api-key"}
)
"""Request headers whose values are masked before an execution's input is stored."""
RETRY_SECONDS = "5"
MIN_SECRET = 8
"""Shortest request credential that is masked in what is stored."""


class Throttle(Protocol):
    """Counts failed authentication per client (serve's AuthThrottle)."""

    def blocked(self, client: str | None) -> float | None: ...

    def failed(self, client: str | None) -> None: ...


def json_error(status: int, message: str, headers: Mapping[str, str] | None = None) -> web.Response:
    """n8n's error answer: `{code, message}`."""
    return web.json_response({"code": status, "message": message}, status=status, headers=headers)


def add_webhook_routes(
    app: web.Application,
    server: Server,
    *,
    max_body: int = MAX_BODY_BYTES,
    body_seconds: float = BODY_SECONDS,
    throttle: Throttle | None = None,
) -> None:
    """Routes /webhook/… and /webhook-test/… of `app` to `server`'s request triggers."""

    async def trigger_request(request: web.Request) -> web.StreamResponse:
        if not server.accepting:
            return json_error(503, "kflow serve is stopping", {"Retry-After": RETRY_SECONDS})
        path = request.match_info["path"]
        found = _match(server, request.method, path)
        if isinstance(found, str):
            return json_error(404, found)
        trigger, params = found
        blocked = throttled(request, throttle)
        if blocked is not None:
            return blocked
        incoming = await read_incoming(
            request,
            path=path,
            params=params,
            url=str(request.url.with_path(f"/{request.path.split('/')[1]}/{trigger.path}")),
            max_body=max_body,
            body_seconds=body_seconds,
        )
        if isinstance(incoming, web.Response):
            return incoming
        try:
            credentials = trigger_credentials(server, trigger)
        except ConfigError as exc:
            return json_error(500, f"The webhook cannot check its caller: {exc}")
        accepted = trigger.impl.accept_request(trigger.parameters, incoming, credentials)
        if isinstance(accepted, Refusal):
            return refused(accepted, request, throttle)
        items, reply = accepted
        redactor = server.credentials.redactor
        stored = request_secrets(incoming).deep(redactor.deep(items))
        wait_for = {"finished": "finished", "node": "node"}.get(reply.when)
        try:
            execution_id, done = await server.submit(trigger, stored, wait=wait_for)  # type: ignore[arg-type]
        except UnqueueableJob as exc:
            return json_error(400, f"The request was not accepted: {exc}")
        except QueueUnavailable:
            return json_error(
                503,
                "The queue is unavailable; nothing was recorded. Try again later",
                {"Retry-After": RETRY_SECONDS},
            )
        request[EXECUTION_KEY] = execution_id
        return await answered(execution_id, done, reply, redactor)

    app.router.add_route("*", "/webhook/{path:.*}", trigger_request)
    app.router.add_route("*", "/webhook-test/{path:.*}", trigger_request)


async def read_incoming(
    request: web.Request,
    *,
    path: str,
    params: dict[str, str],
    url: str,
    max_body: int,
    body_seconds: float,
    query: dict[str, str] | None = None,
) -> IncomingRequest | web.Response:
    """The request as a trigger node reads it (its query, unless `query` is given), or the
    4xx answer (body too large or too slow, too many query fields)."""
    text = await read_request_text(request, max_body, body_seconds)
    if isinstance(text, web.Response):
        return text
    if len(request.query) > MAX_QUERY_FIELDS:
        return json_error(400, f"The query has more than {MAX_QUERY_FIELDS} fields")
    return IncomingRequest(
        method=request.method,
        path=path,
        params=params,
        query=dict(request.query) if query is None else query,
        headers={k.lower(): v for k, v in request.headers.items()},
        content_type=request.content_type,
        text=text,
        remote=request.remote,
        url=url,
        test=request.path.startswith("/webhook-test/"),
    )


def throttled(request: web.Request, throttle: Throttle | None) -> web.Response | None:
    """429 for a client that failed authentication too often lately; None otherwise."""
    wait = throttle.blocked(request.remote) if throttle is not None else None
    if wait is None:
        return None
    return json_error(
        429,
        "Too many failed authentication attempts; try again later",
        {"Retry-After": str(max(1, round(wait)))},
    )


def refused(refusal: Refusal, request: web.Request, throttle: Throttle | None) -> web.Response:
    """A node's refusal as the answer; failed authentication is counted against the client."""
    if throttle is not None and refusal.status in (401, 403):
        throttle.failed(request.remote)
    if refusal.plain:
        return web.Response(text=refusal.message, status=refusal.status, headers=refusal.headers)
    return json_error(refusal.status, refusal.message, refusal.headers)


async def answered(
    execution_id: int, done: Awaitable[Any] | None, reply: Reply, redactor: Redactor
) -> web.Response:
    """The answer to an accepted request: at once, or when the execution ends (its last
    node's items, as the reply says) or a node answers; secrets masked."""
    if done is None:
        return web.json_response(
            {"message": "Workflow was started"},
            status=reply.status,
            headers={**reply.headers, EXECUTION_HEADER: str(execution_id)},
        )
    try:
        last = await done
    except Exception:  # the execution failed; its error is recorded
        return json_error(500, f"Error in workflow (execution {execution_id})")
    if isinstance(last, Response):
        return node_answer(last, redactor)
    if reply.data == "none":
        return web.Response(status=reply.status, headers=reply.headers)
    answer = last if reply.data == "all" else (last[0] if last else {})
    return web.json_response(
        redactor.deep(answer), status=reply.status, headers=reply.headers, dumps=_dumps
    )


async def read_request_text(request: web.Request, limit: int, seconds: float) -> str | web.Response:
    """The body as text, or the 4xx answer: too large (413), too slow (408), a charset that
    does not exist or bytes that are not in it (400)."""
    try:
        data = await read_body(request, timeout=seconds, limit=limit)
    except BodyTooLarge:
        return _closing(json_error(413, f"The body is larger than {limit} bytes"))
    except BodyTimeout:
        return _closing(json_error(408, f"The body did not arrive within {seconds:g} seconds"))
    charset = request.charset or "utf-8"
    try:
        return data.decode(charset)
    except LookupError:
        return json_error(400, f"Unknown charset {charset[:40]!r} in Content-Type")
    except UnicodeDecodeError:
        return json_error(400, f"The body is not valid {charset[:40]} text")


def _closing(response: web.Response) -> web.Response:
    """The answer, with the connection closed after it: the rest of the body is not read."""
    response.force_close()
    return response


def request_secrets(request: IncomingRequest) -> Redactor:
    """A redactor of this request's own credentials (its Authorization, Cookie…). A value
    shorter than `MIN_SECRET` is left alone: masking it everywhere it appears would mangle
    the rest of the request, and it guards nothing worth hiding."""
    return Redactor(
        v
        for k, v in request.headers.items()
        if k in SECRET_REQUEST_HEADERS and len(v.strip()) >= MIN_SECRET
    )


def node_answer(response: Response, redactor: Redactor) -> web.Response:
    """A node's answer (Respond to Webhook), with every known secret masked."""
    headers = {k: redactor.text(v) for k, v in response.headers.items()}
    if response.text is not None:
        return web.Response(
            text=redactor.text(response.text), status=response.status, headers=headers
        )
    if response.body is None:
        return web.Response(status=response.status, headers=headers)
    return web.json_response(
        redactor.deep(response.body), status=response.status, headers=headers, dumps=_dumps
    )


def _match(server: Server, method: str, path: str) -> tuple[Trigger, dict[str, str]] | str:
    """The trigger for the request and its path's `:name` values, or why there is none
    (n8n's messages)."""
    others = []
    for trigger in server.request_triggers():
        assert trigger.route is not None
        found = trigger.route.match(path.strip("/"))
        if found and trigger.method == method:
            return trigger, found.groupdict()
        if found:
            others.append(trigger.method)
    if others:
        return (
            f"This webhook is not registered for {method} requests. "
            f"Did you mean to make a {others[0]} request?"
        )
    return f'The requested webhook "{method} {path}" is not registered.'


def trigger_credentials(server: Server, trigger: Trigger) -> dict[str, dict[str, Any]]:
    """The credential data of the slots the trigger's parameters show.

    Raises:
        ConfigError: The trigger names an entry that is not loaded, or several could be meant.
    """
    return slot_credentials(server, trigger.impl, trigger.parameters, trigger.credentials)


def slot_credentials(
    server: Server, impl: Any, parameters: dict[str, Any], refs: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """The credential data of the slots a node's parameters show (`refs`: its credentials
    as the flow names them).

    Raises:
        ConfigError: The node names an entry that is not loaded, or several could be meant.
    """
    found = {}
    for slot in impl.description.credentials:
        if slot.displayOptions and not is_displayed(slot.displayOptions, parameters):
            continue
        ref = refs.get(slot.name)
        name = ref.get("name") if isinstance(ref, dict) else ref
        data = server.credentials.get(slot.name, name if isinstance(name, str) else None)
        if data is not None:
            found[slot.name] = data
    return found


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
