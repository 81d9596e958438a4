"""Calls that resume a waiting execution: `/webhook-waiting/<execution id>[/<suffix>]`.

An execution whose Wait node waits "On Webhook Call" is stored as waiting. A call to its
resume URL (n8n's `$execution.resumeUrl`) is checked by that node, as a Webhook checks its
callers (method, authentication, body); once accepted, the execution is queued again and
the node's output is the call's item. A URL of an execution that does not wait (any more)
gets 404, and a second call after the first resumed it gets 409.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from kflow.host.errors import ConfigError
from kflow.host.flow import parse_flow
from kflow.host.registry import load_node_version
from kflow.host.serve.jobs import RESUME_PREFIX
from kflow.host.serve.limits import MAX_QUERY_FIELDS
from kflow.host.serve.service import Server
from kflow.host.serve.webhooks import (
    EXECUTION_HEADER,
    Throttle,
    json_error,
    node_answer,
    read_request_text,
    request_secrets,
    slot_credentials,
)
from kflow.host.triggers import IncomingRequest, Refusal, Response
from kflow.host.waits import Suspension

__all__ = ["RESUME_PREFIX", "add_resume_routes"]


def add_resume_routes(
    app: web.Application,
    server: Server,
    *,
    max_body: int,
    body_seconds: float,
    throttle: Throttle | None = None,
) -> None:
    """Routes `/webhook-waiting/…` of `app` to the executions `server` keeps waiting."""

    async def resume_call(request: web.Request) -> web.StreamResponse:
        if not server.accepting:
            return json_error(503, "kflow serve is stopping", {"Retry-After": "5"})
        try:
            execution_id = int(request.match_info["execution"])
        except ValueError:
            return json_error(404, "There is no waiting execution at this URL")
        suffix = request.match_info.get("suffix", "").strip("/")
        try:
            found = server.store.waiting(execution_id)
        except ValueError:
            found = None
        if found is None:
            return json_error(404, f'The execution "{execution_id}" is not waiting')
        snapshot, stored = found
        try:
            waiting = Suspension.from_json(stored)
            flow = parse_flow(snapshot, source=f"execution {execution_id}")
            spec = flow.node(waiting.node)
            if spec is None:
                raise ConfigError(f"the waiting node {waiting.node!r} is not in the flow")
            impl, _ = load_node_version(spec.type, spec.typeVersion)
        except (ValueError, ConfigError) as exc:
            return json_error(500, f"The waiting execution cannot be resumed: {exc}")
        if not waiting.webhook or not hasattr(impl, "accept_request"):
            return json_error(404, f'The execution "{execution_id}" does not wait for a call')
        if impl.resume_suffix(spec.parameters) != suffix:
            return json_error(404, f'The execution "{execution_id}" waits at another URL')
        blocked = throttle.blocked(request.remote) if throttle is not None else None
        if blocked is not None:
            return json_error(
                429,
                "Too many failed authentication attempts; try again later",
                {"Retry-After": str(max(1, round(blocked)))},
            )
        text = await read_request_text(request, max_body, body_seconds)
        if isinstance(text, web.Response):
            return text
        if len(request.query) > MAX_QUERY_FIELDS:
            return json_error(400, f"The query has more than {MAX_QUERY_FIELDS} fields")
        incoming = IncomingRequest(
            method=request.method,
            path=request.path,
            params={},
            query=dict(request.query),
            headers={k.lower(): v for k, v in request.headers.items()},
            content_type=request.content_type,
            text=text,
            remote=request.remote,
            url=str(request.url.with_query(None)),
            test=False,
        )
        try:
            credentials = slot_credentials(server, impl, spec.parameters, spec.credentials)
        except ConfigError as exc:
            return json_error(500, f"The resume URL cannot check its caller: {exc}")
        accepted = impl.accept_request(spec.parameters, incoming, credentials)
        if isinstance(accepted, Refusal):
            if throttle is not None and accepted.status in (401, 403):
                throttle.failed(request.remote)
            if accepted.plain:
                return web.Response(
                    text=accepted.message, status=accepted.status, headers=accepted.headers
                )
            return json_error(accepted.status, accepted.message, accepted.headers)
        items, reply = accepted
        redactor = server.credentials.redactor
        stored_items = request_secrets(incoming).deep(redactor.deep(items))
        wait_for = {"finished": "finished", "node": "node"}.get(reply.when)
        resumed, done = await server.resume(execution_id, stored_items, wait=wait_for)  # type: ignore[arg-type]
        if not resumed:
            return json_error(409, f'The execution "{execution_id}" was resumed already')
        headers = {**reply.headers, EXECUTION_HEADER: str(execution_id)}
        if done is None:
            return web.json_response(
                {"message": "Workflow was started"}, status=reply.status, headers=headers
            )
        try:
            last = await done
        except Exception:  # the execution failed; its error is recorded
            return json_error(500, f"Error in workflow (execution {execution_id})")
        if isinstance(last, Response):
            return node_answer(last, redactor)
        if reply.data == "none":
            return web.Response(status=reply.status, headers=headers)
        answer: Any = last if reply.data == "all" else (last[0] if last else {})
        return web.json_response(
            redactor.deep(answer),
            status=reply.status,
            headers=headers,
            dumps=lambda value: json.dumps(value, ensure_ascii=False, default=str),
        )

    app.router.add_route("*", RESUME_PREFIX + "/{execution}", resume_call)
    app.router.add_route("*", RESUME_PREFIX + "/{execution}/{suffix:.*}", resume_call)
