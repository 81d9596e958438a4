"""`kflow serve` (schedules and webhooks) and `kflow worker` (queued executions)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

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
    served_settings,
    stored_bytes,
)
from kflow.host.redaction import Redactor
from kflow.host.serve.admin_token import ENV_VAR
from kflow.host.serve.brokers import IDLE_TIMEOUT_MS
from kflow.host.serve.execution_log import REQUESTS
from kflow.host.serve.lifecycle import Listener, ServeOptions, serve
from kflow.host.serve.worker import WorkerOptions, work

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
    admin = None if args.admin_port is None else Listener(args.admin_host, args.admin_port)
    options = ServeOptions(
        flows=tuple(args.flows),
        db=args.db,
        settings=served_settings(args),
        token_file=_token_file(args),
        webhooks=Listener(args.host, args.port),
        admin=admin,
        broker=args.broker,
        keep_outputs=args.keep_outputs,
        max_stored_bytes=max_stored,
        max_body_bytes=int(args.max_body_mb * 1024 * 1024),
        grace=args.grace,
        max_connections=args.max_connections,
        header_timeout=args.header_timeout,
        keepalive_timeout=args.keepalive_timeout,
    )
    await serve(options, credentials_for(args, redactor), redactor, _say)
    return EXIT_OK


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


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
    options = WorkerOptions(
        broker=args.broker,
        settings=confined(run_settings(args), Path(FILES_DIR), args),
        idle_timeout_ms=int(args.idle_timeout * 1000),
        keep_outputs=args.keep_outputs,
        max_stored_bytes=max_stored,
        grace=args.grace,
    )
    await work(options, credentials_for(args, redactor), _say)
    return EXIT_OK


COMMANDS = (
    SimpleCommand("serve", BUILT_IN["serve"].help, _serve_arguments, _serve),
    SimpleCommand("worker", BUILT_IN["worker"].help, _worker_arguments, _worker),
)
