"""The HTTP side of `kflow serve`, assembled: webhooks (webhooks.py), the REST API
(rest.py, behind its token) and `/healthz`.

One app can carry both, or serve can give each its own listener (`--admin-host`,
`--admin-port`), so that webhooks face the internet while the REST API stays on loopback.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from kflow.host.serve.connections import guard_middleware
from kflow.host.serve.execution_log import request_log_middleware
from kflow.host.serve.execution_reader import ExecutionReader
from kflow.host.serve.rest import add_rest_routes
from kflow.host.serve.resume_calls import add_resume_routes
from kflow.host.serve.service import Server
from kflow.host.serve.throttle import AuthThrottle
from kflow.host.serve.webhooks import (
    BODY_SECONDS,
    EXECUTION_HEADER,
    MAX_BODY_BYTES,
    add_webhook_routes,
)

__all__ = ["EXECUTION_HEADER", "MAX_BODY_BYTES", "AdminApi", "create_app"]


@dataclass(frozen=True)
class AdminApi:
    """What the REST API needs: the executions to read, and the token that guards them."""

    reader: ExecutionReader
    token: str


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_app(
    server: Server,
    *,
    max_body: int = MAX_BODY_BYTES,
    body_seconds: float = BODY_SECONDS,
    webhooks: bool = True,
    admin: AdminApi | None = None,
    throttle: AuthThrottle | None = None,
) -> web.Application:
    """The HTTP app: `server`'s request triggers (unless `webhooks` is False), the REST API
    when `admin` is given, and `/healthz`. Failed authentication (webhooks and REST) is
    counted per client by `throttle` (one is made when not given). Serve it through a
    `connections.GuardedSite`, whose guard this app's middleware tells which connections are
    busy. Each request is logged once answered (execution_log.py)."""
    app = web.Application(
        client_max_size=max_body, middlewares=[request_log_middleware, guard_middleware]
    )
    throttle = throttle or AuthThrottle()
    app.router.add_get("/healthz", healthz)
    if webhooks:
        add_webhook_routes(
            app, server, max_body=max_body, body_seconds=body_seconds, throttle=throttle
        )
        add_resume_routes(
            app, server, max_body=max_body, body_seconds=body_seconds, throttle=throttle
        )
    if admin is not None:
        add_rest_routes(app, admin.reader, token=admin.token, throttle=throttle)
    return app
