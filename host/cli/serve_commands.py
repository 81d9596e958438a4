"""`kflow serve` (schedules and webhooks) and `kflow worker` (queued executions)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Awaitable
from pathlib import Path

from aiohttp import web
from taskiq.acks import AcknowledgeType
from taskiq.api import run_receiver_task

from kflow.host.cli.catalog import BUILT_IN
from kflow.host.cli.common import (
    EXIT_OK,
    SimpleCommand,
    add_run_options,
    credentials_for,
    run_settings,
)
from kflow.host.cli.served_runs import (
    FILES_DIR,
    add_network_options,
    add_stored_option,
    confined,
    safe_url,
    served_settings,
    stored_bytes,
)
from kflow.host.errors import ConfigError, KflowError
from kflow.host.redaction import Redactor
from kflow.host.serve.admin_token import ENV_VAR, load_api_token
from kflow.host.serve.app import AdminApi, create_app
from kflow.host.serve.banner import banner_lines
from kflow.host.serve.brokers import IDLE_TIMEOUT_MS, make_broker
from kflow.host.serve.connections import ConnectionGuard, GuardedSite
from kflow.host.serve.execution_log import REQUESTS
from kflow.host.serve.execution_reader import ExecutionReader
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.jobs import register
from kflow.host.serve.redis_parts import ServeParts, WorkerParts
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.serve.throttle import AuthThrottle
from kflow.host.serve.webhooks import trigger_credentials

__all__ = ["COMMANDS"]


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flows", type=Path, nargs="+", metavar="FLOW_OR_DIR")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5678)
    parser.add_argument("--db", type=Path, default=Path("kflow.db"), help="executions database")
    parser.add_argument(
        "--keep-outputs", action="store_true", help="record every node's outputs with each run"
    )
    add_stored_option(parser)
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no line per request (executions are still logged, one line each)",
    )
    parser.add_argument("--max-body-mb", type=float, default=16.0, help="webhook body size cap")
    parser.add_argument(
        "--broker",
        help="redis://HOST:PORT to queue executions for kflow workers (default: "
        "run them in this process)",
    )
    parser.add_argument(
        "--grace", type=float, default=30.0, help="seconds running executions get on SIGTERM"
    )
    parser.add_argument(
        "--max-connections", type=int, default=1024, help="open connections per listener"
    )
    parser.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        help="seconds a caller has to send a request's head",
    )
    parser.add_argument(
        "--keepalive-timeout",
        type=float,
        default=75.0,
        help="seconds a kept-alive connection may stay silent",
    )
    parser.add_argument(
        "--admin-host",
        default="127.0.0.1",
        help="address of the REST API's own listener (with --admin-port)",
    )
    parser.add_argument(
        "--admin-port",
        type=int,
        help="serve the REST API on this port only, apart from the webhooks",
    )
    parser.add_argument(
        "--api-token-file",
        type=Path,
        metavar="FILE",
        help=f"the REST API's token (default: beside --db; made 0600 when missing; "
        f"${ENV_VAR} wins)",
    )
    add_network_options(parser)
    add_run_options(parser)


def _log_at_info(*, quiet: bool = False) -> None:
    """Serve's and workers' log lines (one per execution, and per request unless `quiet`)
    show by default; --debug shows more."""
    logger = logging.getLogger("kflow")
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    REQUESTS.setLevel(logging.WARNING if quiet else logging.NOTSET)


async def _serve(args: argparse.Namespace, redactor: Redactor) -> int:
    max_stored = stored_bytes(args)
    _log_at_info(quiet=args.quiet)
    flows = load_served_flows(args.flows)
    if not any(f.triggers for f in flows):
        raise ConfigError("none of the flows has a Schedule Trigger or a Webhook to serve")
    store = ExecutionStore(args.db)
    try:
        token = load_api_token(environ=os.environ, path=_token_file(args))
        reader = ExecutionReader(args.db)
    except ValueError as exc:
        store.close()
        raise ConfigError(str(exc)) from None
    redactor.add(token.value)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    reloads: set[asyncio.Task[None]] = set()
    async with credentials_for(args, redactor) as credentials:
        settings = served_settings(args)
        try:
            broker = make_broker(args.broker, concurrency=settings.concurrency)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        parts = ServeParts.connect(args.broker, store.instance) if args.broker else None
        server = Server(
            flows,
            store,
            credentials,
            settings,
            broker=broker,
            keep_outputs=args.keep_outputs,
            max_stored_bytes=max_stored,
            **(parts.options() if parts else {}),
        )
        for trigger in server.request_triggers():
            trigger_credentials(server, trigger)  # a webhook that cannot check callers: now
        admin = AdminApi(reader, token.value)
        throttle = AuthThrottle()
        max_body = int(args.max_body_mb * 1024 * 1024)
        apart = args.admin_port is not None
        apps = [
            create_app(server, max_body=max_body, admin=None if apart else admin, throttle=throttle)
        ]
        places = [(args.host, args.port)]
        if apart:
            apps.append(create_app(server, webhooks=False, admin=admin, throttle=throttle))
            places.append((args.admin_host, args.admin_port))
        runners = [web.AppRunner(app, access_log=None) for app in apps]
        for runner, (host, port) in zip(runners, places, strict=True):
            await runner.setup()
            assert runner.server is not None
            guard = ConnectionGuard(
                runner.server,
                max_connections=args.max_connections,
                header_timeout=args.header_timeout,
                idle_timeout=args.keepalive_timeout,
            )
            try:
                await GuardedSite(runner, guard, host, port).start()
            except OSError as exc:
                raise KflowError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        await _reach(server.start(), args.broker)

        async def reload() -> None:
            try:
                flows = load_served_flows(args.flows)
            except ConfigError as exc:
                print(f"kflow serve: not reloaded: {redactor.text(str(exc))}", file=sys.stderr)
                return
            await server.reload(flows)
            print(f"kflow serve: reloaded {len(flows)} flows", file=sys.stderr, flush=True)

        def on_hangup() -> None:
            task = asyncio.create_task(reload())
            reloads.add(task)
            task.add_done_callback(reloads.discard)

        loop.add_signal_handler(signal.SIGHUP, on_hangup)
        hooks = len(server.request_triggers())
        schedules = sum(len(t.rules) for f in flows for t in f.triggers)
        print(
            f"kflow serve: {len(flows)} flows, {hooks} webhooks, {schedules} schedule rules on "
            f"http://{args.host}:{args.port} (executions in {args.db}, files in "
            f"{settings.files_dir})",
            file=sys.stderr,
            flush=True,
        )
        for line in banner_lines(server, settings.public_url or ""):
            print(redactor.text(f"kflow serve:   {line}"), file=sys.stderr, flush=True)
        rest_host, rest_port = places[-1]
        print(
            f"kflow serve: REST API on http://{rest_host}:{rest_port}/rest/executions; its token "
            f"is {token.describe()} (send it as X-N8N-API-KEY)",
            file=sys.stderr,
            flush=True,
        )
        try:
            await stopping.wait()
        finally:
            print("kflow serve: stopping; running executions get a grace period", file=sys.stderr)
            await server.stop(grace=args.grace)
            for runner in runners:
                await runner.cleanup()
            if parts is not None:
                await parts.close()
            reader.close()
            store.close()
    return EXIT_OK


def _token_file(args: argparse.Namespace) -> Path:
    """Where the REST API's token is kept: --api-token-file, else beside the database."""
    if args.api_token_file is not None:
        return Path(args.api_token_file)
    return args.db.with_name(args.db.name + ".api-token")


def _worker_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--broker", required=True, help="redis://HOST:PORT, as given to serve")
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=IDLE_TIMEOUT_MS / 1000,
        help="seconds before a dead worker's executions go to another worker (this worker "
        "renews its own every third of it, however long they run)",
    )
    parser.add_argument(
        "--keep-outputs",
        action="store_true",
        help="send every node's outputs back with each result",
    )
    add_stored_option(parser)
    parser.add_argument(
        "--grace", type=float, default=30.0, help="seconds running executions get on SIGTERM"
    )
    add_network_options(parser)
    add_run_options(parser)


async def _worker(args: argparse.Namespace, redactor: Redactor) -> int:
    max_stored = stored_bytes(args)
    _log_at_info()
    settings = confined(run_settings(args), Path(FILES_DIR), args)
    try:
        broker = make_broker(
            args.broker,
            concurrency=settings.concurrency,
            idle_timeout_ms=int(args.idle_timeout * 1000),
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    async with credentials_for(args, redactor) as credentials:
        parts = WorkerParts.connect(args.broker, broker)
        runner = parts.runner(credentials, settings, keep_outputs=args.keep_outputs)
        runner.max_stored_bytes = max_stored
        runner.log_results = True
        register(broker, runner)
        broker.is_worker_process = True
        await _reach(broker.startup(), args.broker)
        leasing = asyncio.create_task(parts.lease.keep(int(args.idle_timeout * 1000)))
        receiving = asyncio.create_task(
            run_receiver_task(
                broker,
                max_async_tasks=settings.concurrency,
                max_prefetch=0,
                ack_time=AcknowledgeType.WHEN_SAVED,
            )
        )
        print(
            f"kflow worker: taking executions from {safe_url(args.broker)}",
            file=sys.stderr,
            flush=True,
        )
        await stopping.wait()
        print(
            "kflow worker: stopping; running executions get a grace period",
            file=sys.stderr,
            flush=True,
        )
        receiving.cancel()
        await asyncio.gather(receiving, return_exceptions=True)
        # What the receiver started runs on in tasks of its own: let them save and ack.
        running = asyncio.all_tasks() - {asyncio.current_task(), leasing}
        if running:
            _, late = await asyncio.wait(running, timeout=args.grace)
            if late:
                print(
                    f"kflow worker: {len(late)} tasks did not finish in {args.grace:g} s; "
                    "their executions go to another worker after the idle timeout",
                    file=sys.stderr,
                    flush=True,
                )
        runner.close()  # what still runs on its thread is cancelled, so the process can end
        leasing.cancel()
        await asyncio.gather(leasing, return_exceptions=True)
        await broker.shutdown()
        await parts.close()
    return EXIT_OK


async def _reach(step: Awaitable[None], broker: str | None) -> None:
    """Runs a step that talks to the broker; a broker out of reach is one clear error."""
    try:
        await step
    except Exception as exc:  # redis-py's errors are not OSErrors
        if broker is None:
            raise
        raise KflowError(f"cannot reach the broker {safe_url(broker)}: {exc}") from None


COMMANDS = (
    SimpleCommand("serve", BUILT_IN["serve"].help, _serve_arguments, _serve),
    SimpleCommand("worker", BUILT_IN["worker"].help, _worker_arguments, _worker),
)
