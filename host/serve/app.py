"""The HTTP side of `kflow serve`: request triggers, `/healthz`, and the executions as JSON.

The host finds the trigger by method and path, reads the body within the size cap (413),
and hands the request to the trigger's node, which refuses it or gives the items to run.
An accepted request is recorded as a queued execution before it is answered: at once, or
when the flow ends.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from kflow.host.display import is_displayed
from kflow.host.serve.requests import IncomingRequest, Refusal, Response
from kflow.host.serve.service import Server, Trigger

__all__ = ["EXECUTION_HEADER", "MAX_BODY_BYTES", "create_app"]

MAX_BODY_BYTES = 16 * 1024 * 1024
EXECUTION_HEADER = "X-Kflow-Execution-Id"
"""Names the recorded execution in an onReceived answer (whose body is n8n's, exactly)."""
_SERVER: web.AppKey[Server] = web.AppKey("server", Server)
_LIMIT: web.AppKey[int] = web.AppKey("max_body", int)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"code": status, "message": message}, status=status, headers=headers)


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


def _credentials(server: Server, trigger: Trigger) -> dict[str, dict[str, Any]]:
    """The credential data of the slots the trigger's parameters show."""
    found = {}
    for slot in trigger.impl.description.credentials:
        if slot.displayOptions and not is_displayed(slot.displayOptions, trigger.parameters):
            continue
        ref = trigger.credentials.get(slot.name)
        name = ref.get("name") if isinstance(ref, dict) else ref
        data = server.credentials.get(slot.name, name if isinstance(name, str) else None)
        if data is not None:
            found[slot.name] = data
    return found


async def trigger_request(request: web.Request) -> web.StreamResponse:
    server = request.app[_SERVER]
    if not server.accepting:
        return _error(503, "kflow serve is stopping", {"Retry-After": "5"})
    path = request.match_info["path"]
    found = _match(server, request.method, path)
    if isinstance(found, str):
        return _error(404, found)
    trigger, params = found
    try:
        text = await request.text()
    except web.HTTPRequestEntityTooLarge:
        return _error(413, f"The body is larger than {request.app[_LIMIT]} bytes")
    incoming = IncomingRequest(
        method=request.method,
        path=path,
        params=params,
        query=dict(request.query),
        headers={k.lower(): v for k, v in request.headers.items()},
        content_type=request.content_type,
        text=text,
        remote=request.remote,
        url=str(request.url.with_path(f"/{request.path.split('/')[1]}/{trigger.path}")),
        test=request.path.startswith("/webhook-test/"),
    )
    accepted = trigger.impl.accept_request(
        trigger.parameters, incoming, _credentials(server, trigger)
    )
    if isinstance(accepted, Refusal):
        if accepted.plain:
            return web.Response(
                text=accepted.message, status=accepted.status, headers=accepted.headers
            )
        return _error(accepted.status, accepted.message, accepted.headers)
    items, reply = accepted
    wait = {"finished": "finished", "node": "node"}.get(reply.when)
    execution_id, done = await server.submit(trigger, items, wait=wait)  # type: ignore[arg-type]
    if done is None:
        return web.json_response(
            {"message": "Workflow was started"},
            status=reply.status,
            headers={**reply.headers, EXECUTION_HEADER: str(execution_id)},
        )
    try:
        last = await done
    except Exception:  # the execution failed; its error is recorded
        return _error(500, f"Error in workflow (execution {execution_id})")
    if isinstance(last, Response):
        if last.text is not None:
            return web.Response(text=last.text, status=last.status, headers=last.headers)
        if last.body is None:
            return web.Response(status=last.status, headers=last.headers)
        return web.json_response(last.body, status=last.status, headers=last.headers, dumps=_dumps)
    if reply.data == "none":
        return web.Response(status=reply.status, headers=reply.headers)
    answer = last if reply.data == "all" else (last[0] if last else {})
    return web.json_response(answer, status=reply.status, headers=reply.headers, dumps=_dumps)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def executions(request: web.Request) -> web.Response:
    store = request.app[_SERVER].store
    try:
        limit = min(int(request.query.get("limit", "50")), 1000)
    except ValueError:
        return _error(400, "limit must be a whole number")
    found = store.list(limit=limit, flow=request.query.get("flow"))
    return web.json_response({"data": [e.to_json() for e in found]}, dumps=_dumps)


async def execution(request: web.Request) -> web.Response:
    found = request.app[_SERVER].store.get(int(request.match_info["id"]))
    if found is None:
        return _error(404, "Execution not found")
    return web.json_response(found.to_json(outputs=True), dumps=_dumps)


def create_app(server: Server, *, max_body: int = MAX_BODY_BYTES) -> web.Application:
    """The HTTP app serving `server`'s request triggers and executions."""
    app = web.Application(client_max_size=max_body)
    app[_SERVER] = server
    app[_LIMIT] = max_body
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/rest/executions", executions)
    app.router.add_get(r"/rest/executions/{id:\d+}", execution)
    app.router.add_route("*", "/webhook/{path:.*}", trigger_request)
    app.router.add_route("*", "/webhook-test/{path:.*}", trigger_request)
    return app
