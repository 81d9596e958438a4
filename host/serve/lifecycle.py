"""`kflow serve` from start to stop: the database and token opened, the listeners started
behind their connection guards, the flows reloaded on SIGHUP, and a drain on SIGINT or
SIGTERM. The CLI parses the command line into `ServeOptions` and prints what `say` gets.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from kflow.host.credentials import Credentials
from kflow.host.errors import ConfigError, KflowError
from kflow.host.redaction import Redactor
from kflow.host.serve.admin_token import load_api_token
from kflow.host.serve.app import AdminApi, create_app
from kflow.host.serve.banner import banner_lines
from kflow.host.serve.brokers import make_broker, safe_url
from kflow.host.serve.connections import ConnectionGuard, GuardedSite
from kflow.host.serve.execution_reader import ExecutionReader
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.redis_parts import ServeParts
from kflow.host.serve.run_data import DEFAULT_MAX_STORED_BYTES
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.serve.throttle import AuthThrottle
from kflow.host.serve.webhooks import trigger_credentials
from kflow.host.settings import RunSettings

__all__ = ["Listener", "Say", "ServeOptions", "reach", "serve", "stop_on_signals"]

Say = Callable[[str], None]
"""Where serve's and a worker's own lines go (the CLI prints them on stderr)."""


@dataclass(frozen=True)
class Listener:
    """An address serve listens on."""

    host: str
    port: int


@dataclass(frozen=True)
class ServeOptions:
    """What `kflow serve` was asked to do.

    Attributes:
        flows: Flow files and folders.
        db: The executions database.
        settings: The runs' settings (files confined, public URL…).
        token_file: Where the REST API's token is kept.
        broker: redis:// URL of the queue shared with workers (None: run in this process).
        admin: The REST API's own listener (None: beside the webhooks).
        grace: Seconds running executions get when serve stops.
    """

    flows: tuple[Path, ...]
    db: Path
    settings: RunSettings
    token_file: Path
    webhooks: Listener
    admin: Listener | None = None
    broker: str | None = None
    keep_outputs: bool = False
    max_stored_bytes: int = DEFAULT_MAX_STORED_BYTES
    max_body_bytes: int = 16 * 1024 * 1024
    grace: float = 30.0
    max_connections: int = 1024
    header_timeout: float = 10.0
    keepalive_timeout: float = 75.0


def stop_on_signals() -> asyncio.Event:
    """An event set on SIGINT or SIGTERM."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    return stopping


async def reach(step: Awaitable[None], broker: str | None) -> None:
    """Runs a step that talks to the broker; a broker out of reach is one clear error."""
    try:
        await step
    except Exception as exc:  # redis-py's errors are not OSErrors
        if broker is None:
            raise
        raise KflowError(f"cannot reach the broker {safe_url(broker)}: {exc}") from None


async def serve(
    options: ServeOptions,
    credentials: AbstractAsyncContextManager[Credentials],
    redactor: Redactor,
    say: Say,
) -> None:
    """Serves the flows until SIGINT or SIGTERM, then drains.

    Raises:
        ConfigError: No flow has a trigger to serve, a flow does not load, the token or
            the broker URL is bad.
        KflowError: A listener or the broker cannot be reached.
    """
    flows = load_served_flows(list(options.flows))
    if not any(f.triggers for f in flows):
        raise ConfigError("none of the flows has a Schedule Trigger or a Webhook to serve")
    store = ExecutionStore(options.db)
    try:
        token = load_api_token(environ=os.environ, path=options.token_file)
        reader = ExecutionReader(options.db)
    except ValueError as exc:
        store.close()
        raise ConfigError(str(exc)) from None
    redactor.add(token.value)
    stopping = stop_on_signals()
    reloads: set[asyncio.Task[None]] = set()
    async with credentials as found:
        settings = options.settings
        try:
            broker = make_broker(options.broker, concurrency=settings.concurrency)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        parts = ServeParts.connect(options.broker, store.instance) if options.broker else None
        server = Server(
            flows,
            store,
            found,
            settings,
            broker=broker,
            keep_outputs=options.keep_outputs,
            max_stored_bytes=options.max_stored_bytes,
            **(parts.options() if parts else {}),
        )
        for trigger in server.request_triggers():
            trigger_credentials(server, trigger)  # a webhook that cannot check callers: now
        runners, rest = await _listen(server, options, AdminApi(reader, token.value))
        await reach(server.start(), options.broker)

        async def reload() -> None:
            try:
                flows = load_served_flows(list(options.flows))
            except ConfigError as exc:
                say(f"kflow serve: not reloaded: {redactor.text(str(exc))}")
                return
            await server.reload(flows)
            say(f"kflow serve: reloaded {len(flows)} flows")

        def on_hangup() -> None:
            task = asyncio.create_task(reload())
            reloads.add(task)
            task.add_done_callback(reloads.discard)

        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, on_hangup)
        hooks = len(server.request_triggers())
        schedules = sum(len(t.rules) for f in flows for t in f.triggers)
        say(
            f"kflow serve: {len(flows)} flows, {hooks} webhooks, {schedules} schedule rules on "
            f"http://{options.webhooks.host}:{options.webhooks.port} (executions in "
            f"{options.db}, files in {settings.files_dir})"
        )
        for line in banner_lines(server, settings.public_url or ""):
            say(redactor.text(f"kflow serve:   {line}"))
        say(
            f"kflow serve: REST API on http://{rest.host}:{rest.port}/rest/executions; its token "
            f"is {token.describe()} (send it as X-N8N-API-KEY)"
        )
        try:
            await stopping.wait()
        finally:
            say("kflow serve: stopping; running executions get a grace period")
            await server.stop(grace=options.grace)
            for runner in runners:
                await runner.cleanup()
            if parts is not None:
                await parts.close()
            reader.close()
            store.close()


async def _listen(
    server: Server, options: ServeOptions, admin: AdminApi
) -> tuple[list[web.AppRunner], Listener]:
    """Starts the webhooks' listener (with the REST API, unless it has its own) behind
    connection guards; returns the runners and where the REST API is."""
    throttle = AuthThrottle()
    apart = options.admin is not None
    apps = [
        create_app(
            server,
            max_body=options.max_body_bytes,
            admin=None if apart else admin,
            throttle=throttle,
        )
    ]
    places = [options.webhooks]
    if options.admin is not None:
        apps.append(create_app(server, webhooks=False, admin=admin, throttle=throttle))
        places.append(options.admin)
    runners = [web.AppRunner(app, access_log=None) for app in apps]
    for runner, place in zip(runners, places, strict=True):
        await runner.setup()
        assert runner.server is not None
        guard = ConnectionGuard(
            runner.server,
            max_connections=options.max_connections,
            header_timeout=options.header_timeout,
            idle_timeout=options.keepalive_timeout,
        )
        try:
            await GuardedSite(runner, guard, place.host, place.port).start()
        except OSError as exc:
            raise KflowError(
                f"cannot listen on {place.host}:{place.port}: {exc.strerror or exc}"
            ) from None
    return runners, places[-1]
