"""Calls that resume a waiting execution: `/webhook-waiting/<execution id>[/<suffix>]`.

An execution whose Wait node waits "On Webhook Call" is stored as waiting. A call to its
resume URL (n8n's `$execution.resumeUrl`) must carry the execution's own token (`?signature=`,
made when it was recorded; compared in constant time, 401 otherwise, as in n8n); it is then
checked by that node, as a Webhook checks its
callers (method, authentication, body); once accepted, the execution is queued again and
the node's output is the call's item. A URL of an execution that does not wait (any more)
gets 404, and a second call after the first resumed it gets 409.
"""

from __future__ import annotations

import hmac

from aiohttp import web

from kflow.host.errors import ConfigError
from kflow.host.flow import parse_flow
from kflow.host.registry import load_node_version
from kflow.host.serve.execution_log import EXECUTION_KEY
from kflow.host.serve.jobs import RESUME_PREFIX, RESUME_SIGNATURE
from kflow.host.serve.service import Server
from kflow.host.serve.webhooks import (
    Throttle,
    answered,
    json_error,
    read_incoming,
    refused,
    request_secrets,
    slot_credentials,
    throttled,
)
from kflow.host.triggers import Refusal
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
        blocked = throttled(request, throttle)
        if blocked is not None:
            return blocked
        try:
            found = server.store.waiting(execution_id)
        except ValueError:
            found = None
        if found is None:
            return json_error(404, f'The execution "{execution_id}" is not waiting')
        snapshot, stored, token = found
        given = request.query.get(RESUME_SIGNATURE, "")
        if not token or not hmac.compare_digest(given.encode(), token.encode()):
            if throttle is not None:
                throttle.failed(request.remote)
            return web.json_response({"error": "Invalid token"}, status=401)
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
        incoming = await read_incoming(
            request,
            path=request.path,
            params={},
            url=str(request.url.with_query(None)),
            query={k: v for k, v in request.query.items() if k != RESUME_SIGNATURE},
            max_body=max_body,
            body_seconds=body_seconds,
        )
        if isinstance(incoming, web.Response):
            return incoming
        try:
            credentials = slot_credentials(server, impl, spec.parameters, spec.credentials)
        except ConfigError as exc:
            return json_error(500, f"The resume URL cannot check its caller: {exc}")
        accepted = impl.accept_request(spec.parameters, incoming, credentials)
        if isinstance(accepted, Refusal):
            return refused(accepted, request, throttle)
        items, reply = accepted
        redactor = server.credentials.redactor
        stored_items = request_secrets(incoming).deep(redactor.deep(items))
        wait_for = {"finished": "finished", "node": "node"}.get(reply.when)
        resumed, done = await server.resume(execution_id, stored_items, wait=wait_for)  # type: ignore[arg-type]
        if not resumed:
            return json_error(409, f'The execution "{execution_id}" was resumed already')
        request[EXECUTION_KEY] = execution_id
        return await answered(execution_id, done, reply, redactor)

    app.router.add_route("*", RESUME_PREFIX + "/{execution}", resume_call)
    app.router.add_route("*", RESUME_PREFIX + "/{execution}/{suffix:.*}", resume_call)
