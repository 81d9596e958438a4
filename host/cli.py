"""The `kflow` command: node, run, validate, nodes, describe, sandbox, credentials test.

Exit codes: 0 done; 1 a node failed (API error, network); 2 bad input (parameters,
flow file, credentials, command line). Errors are one line on stderr; `--debug` adds
the traceback, with secrets masked like everything else.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
import traceback
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from kflow.host.credentials import Credentials, credentials_from_env, load_credentials_file
from kflow.host.engine import run_flow
from kflow.host.engine.executor import FlowResult, Progress
from kflow.host.engine.windowed import can_stream
from kflow.host.errors import ConfigError, KflowError
from kflow.host.flow import Flow, FlowNode
from kflow.host.flow_loader import load_flow_data
from kflow.host.http import (
    DEFAULT_CONCURRENCY,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_TIMEOUT,
    HttpClient,
)
from kflow.host.inputs import read_items, write_items
from kflow.host.items import Item, is_failure
from kflow.host.redaction import Redactor, mask
from kflow.host.registry import (
    credential_definitions,
    credential_test,
    load_node,
    n8n_type_name,
    node_types,
)
from kflow.host.settings import RunSettings
from kflow.host.validate import validate_flow

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
_TEST_TIMEOUT = 15.0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"kflow: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kflow", description="Run n8n-style nodes and flows.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks (secrets masked)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    node = commands.add_parser("node", help="run one node over items")
    node.add_argument("type", help="node type, e.g. keitaro")
    node.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter; values may hold expressions such as {{ $json.id }}",
    )
    node.add_argument("--items", metavar="FILE", help="input items: .json, .jsonl, or - for stdin")
    node.add_argument("--continue-on-fail", action="store_true", help="keep failed items as output")
    _run_args(node)

    run = commands.add_parser("run", help="run a flow file (YAML, or an n8n workflow export)")
    run.add_argument("flow", type=Path, help="flow file")
    run.add_argument("--input", metavar="FILE", help="items for the first node: .json, .jsonl, -")
    run.add_argument("--summary", action="store_true", help="per-node items and time on stderr")
    _run_args(run)

    validate = commands.add_parser("validate", help="check a flow file")
    validate.add_argument("flow", type=Path)

    commands.add_parser("nodes", help="list the installed node types")

    describe = commands.add_parser("describe", help="print a node's description as JSON")
    describe.add_argument("type")
    describe.add_argument("--format", choices=["n8n", "kflow"], default="n8n")

    sandbox = commands.add_parser("sandbox", help="serve the Keitaro sandbox")
    sandbox.add_argument("--port", type=int, default=8080)
    sandbox.add_argument("--api-key", help="key to accept (a fresh one by default)")
    sandbox.add_argument("--postback-key", help="key of the postback URL (a fresh one by default)")
    sandbox.add_argument("--db", help="SQLite file (in memory by default)")
    sandbox.add_argument("--seed", type=int, default=1, help="seed of the demo data")
    sandbox.add_argument(
        "--credentials-out", type=Path, metavar="FILE", help="write a credentials file for it"
    )
    sandbox.add_argument(
        "--faults",
        metavar="SPEC",
        default="",
        help="inject faults, e.g. 500=0.03,429=0.03,503=0.01,drop=0.01,lost=0.01,slow=0.02",
    )
    sandbox.add_argument("--fault-seed", type=int, default=0, help="seed of the fault decisions")
    sandbox.add_argument("--retry-after", type=int, default=1, help="Retry-After of 429 and 503")
    sandbox.add_argument("--slow-seconds", type=float, default=0.5, help="delay of slow answers")

    creds = commands.add_parser("credentials", help="work with credentials")
    creds_commands = creds.add_subparsers(dest="action", required=True, parser_class=_Parser)
    test = creds_commands.add_parser("test", help="check that credentials work")
    test.add_argument("--credentials", type=Path, metavar="FILE")
    test.add_argument("--sandbox", action="store_true")
    return parser


def _run_args(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--credentials", type=Path, metavar="FILE", help="credentials YAML file")
    source.add_argument("--sandbox", action="store_true", help="use an in-process sandbox")
    parser.add_argument(
        "--concurrency", type=int, default=DEFAULT_CONCURRENCY, help="most requests in flight"
    )
    parser.add_argument("--rate", type=float, help="most requests per second to one tracker")
    parser.add_argument(
        "--retries",
        type=int,
        default=3,
        help="tries per item for 429, 5xx and timeouts (1 for none)",
    )
    parser.add_argument(
        "--max-retry-wait",
        type=float,
        default=60.0,
        help="most seconds one item waits between tries",
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="total seconds per request"
    )
    parser.add_argument(
        "--connect-timeout",
        type=float,
        default=DEFAULT_CONNECT_TIMEOUT,
        help="seconds to open a connection",
    )
    parser.add_argument(
        "--max-response-mb",
        type=float,
        default=50.0,
        help="larger answers fail instead of filling memory",
    )
    parser.add_argument("--allow-env", action="store_true", help="let expressions read $env")
    parser.add_argument("--timezone", default="UTC", help="IANA zone of $now and $today")
    parser.add_argument("--format", choices=["json", "jsonl"], default="json")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write items here, not stdout")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kflow` console script."""
    args = _parser().parse_args(argv)
    redactor = Redactor()
    _log_to_stderr(redactor, debug=args.debug)
    try:
        return asyncio.run(_dispatch(args, redactor))
    except KflowError as exc:
        _report(exc, redactor, args.debug)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kflow: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        _report(exc, redactor, args.debug, prefix="internal error: ")
        return EXIT_FAILED


class _RedactingFormatter(logging.Formatter):
    def __init__(self, redactor: Redactor) -> None:
        super().__init__("kflow: %(levelname)s: %(message)s")
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        record.levelname = record.levelname.lower()
        return self.redactor.text(super().format(record))


def _log_to_stderr(redactor: Redactor, *, debug: bool) -> None:
    """kflow's log lines (warnings, and more with --debug) on stderr, secrets masked."""
    logger = logging.getLogger("kflow")
    logger.handlers[:] = []
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_RedactingFormatter(redactor))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.WARNING)
    logger.propagate = False


def _report(exc: BaseException, redactor: Redactor, debug: bool, prefix: str = "") -> None:
    if debug:
        sys.stderr.write(redactor.text("".join(traceback.format_exception(exc))))
    text = str(exc) if isinstance(exc, KflowError) else f"{type(exc).__name__}: {exc}"
    print(redactor.text(f"kflow: error: {prefix}{text}"), file=sys.stderr)


async def _dispatch(args: argparse.Namespace, redactor: Redactor) -> int:
    match args.command:
        case "node":
            return await _cmd_node(args, redactor)
        case "run":
            return await _cmd_run(args, redactor)
        case "validate":
            return _cmd_validate(args)
        case "nodes":
            return _cmd_nodes()
        case "describe":
            data = load_node(args.type).description.to_n8n()
            if args.format == "n8n":
                data["name"] = n8n_type_name(args.type)
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return EXIT_OK
        case "sandbox":
            return await _cmd_sandbox(args)
        case "credentials":
            return await _cmd_credentials_test(args, redactor)
    raise ConfigError(f"unknown command {args.command!r}")


@asynccontextmanager
async def _credentials(args: argparse.Namespace, redactor: Redactor) -> AsyncIterator[Credentials]:
    """Credentials from --sandbox (started here), --credentials FILE, or the environment."""
    definitions = credential_definitions()
    if getattr(args, "sandbox", False):
        from kflow.sandbox import SandboxServer

        async with SandboxServer() as server:
            creds = Credentials(redactor)
            creds.add(definitions["keitaroApi"], server.credentials())
            yield creds
        return
    # One redactor for the whole command, so error lines and tracebacks are masked too.
    if args.credentials is not None:
        yield load_credentials_file(args.credentials, definitions, redactor=redactor)
    else:
        yield credentials_from_env(definitions, redactor=redactor)


def _settings(args: argparse.Namespace) -> RunSettings:
    return RunSettings(
        concurrency=args.concurrency,
        timeout=args.timeout,
        connect_timeout=args.connect_timeout,
        rate=args.rate,
        retries=args.retries,
        max_retry_wait=args.max_retry_wait,
        max_response_bytes=int(args.max_response_mb * 1024 * 1024),
        allow_env=args.allow_env,
        timezone=_timezone(args.timezone),
    )


def _timezone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"--timezone {name!r} is not an IANA time zone") from None
    return name


def _params(pairs: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"-p {pair!r}: expected NAME=VALUE")
        # On the command line `{{ … }}` is an expression even without n8n's leading `=`.
        if "{{" in value and not value.startswith("="):
            value = "=" + value
        params[name.strip()] = value
    return params


async def _cmd_node(args: argparse.Namespace, redactor: Redactor) -> int:
    impl = load_node(args.type)
    name = impl.description.defaults.get("name") or impl.description.displayName
    streams = args.items is not None and (args.items == "-" or args.items.endswith(".jsonl"))
    if streams and not hasattr(impl, "run"):
        return await _stream_node(args, impl, name, redactor)
    spec = FlowNode(
        name=name,
        type=args.type,
        parameters=_params(args.param),
        onError="continueRegularOutput" if args.continue_on_fail else None,
    )
    items = read_items(args.items) if args.items else None
    async with _credentials(args, redactor) as creds:
        result = await _run(Flow(name=name, nodes=[spec]), creds, args, items, Path.cwd())
    return _emit(result.items, args, redactor)


async def _stream_node(args: argparse.Namespace, impl: Any, name: str, redactor: Redactor) -> int:
    """`kflow node` over JSONL input: read lazily, written as each window completes."""
    from kflow.host.settings import NodeSettings
    from kflow.host.streaming import iter_jsonl, stream_node

    node_settings = NodeSettings(onError="continueRegularOutput" if args.continue_on_fail else None)
    async with _credentials(args, redactor) as creds:
        target = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
        try:
            result = await stream_node(
                impl,
                iter_jsonl(args.items),
                _params(args.param),
                target,
                fmt=args.format,
                node_name=name,
                credentials=creds.as_dict(),
                redactor=creds.redactor,
                settings=_settings(args),
                node_settings=node_settings,
            )
        finally:
            if target is not sys.stdout:
                target.close()
    _report_failures(result.failed, result.items_out)
    return EXIT_OK


async def _cmd_run(args: argparse.Namespace, redactor: Redactor) -> int:
    loaded = load_flow_data(args.flow)
    flow, problems = validate_flow(loaded)
    if problems or flow is None:
        raise ConfigError("\n".join(p.render(str(args.flow)) for p in problems))
    streams = args.input is not None and (args.input == "-" or args.input.endswith(".jsonl"))
    if streams and can_stream(flow):
        return await _run_windowed(args, flow, redactor)
    items = read_items(args.input) if args.input else None
    async with _credentials(args, redactor) as creds:
        result = await _run(flow, creds, args, items, args.flow.resolve().parent)
    if args.summary:
        from kflow.host.cli_output import print_summary

        print_summary(result.stats)
    return _emit(result.items, args, redactor)


async def _run_windowed(args: argparse.Namespace, flow: Flow, redactor: Redactor) -> int:
    """`kflow run` over JSONL input for a straight-line flow: flat memory, outputs as they come."""
    from kflow.host.engine.windowed import run_windowed
    from kflow.host.streaming import ItemWriter, iter_jsonl

    target = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    writer = ItemWriter(target, args.format, redactor)
    try:
        async with _credentials(args, redactor) as creds:
            stats = await run_windowed(
                flow,
                iter_jsonl(args.input),
                writer.write,
                credentials=creds,
                settings=_settings(args),
                base_dir=args.flow.resolve().parent,
            )
        writer.close()
    finally:
        if target is not sys.stdout:
            target.close()
    if args.summary:
        from kflow.host.cli_output import print_summary

        print_summary(stats)
    _report_failures(writer.failed, writer.written)
    return EXIT_OK


async def _run(
    flow: Flow, creds: Credentials, args: argparse.Namespace, items: list[Item] | None, base: Path
) -> FlowResult:
    progress: Progress = Progress()
    context: Any = contextlib.nullcontext()
    if sys.stderr.isatty():
        from kflow.host.cli_output import RichProgress

        progress = context = RichProgress()
    with context:
        return await run_flow(
            flow,
            credentials=creds,
            settings=_settings(args),
            items=items,
            base_dir=base,
            progress=progress,
        )


def _emit(outputs: list[Item], args: argparse.Namespace, redactor: Redactor) -> int:
    safe: list[Item] = [{"json": redactor.deep(item["json"])} for item in outputs]
    if args.output is not None:
        with args.output.open("w", encoding="utf-8") as out:
            write_items(safe, out, fmt=args.format)
    else:
        write_items(safe, sys.stdout, fmt=args.format)
    _report_failures(sum(is_failure(item["json"]) for item in outputs), len(outputs))
    return EXIT_OK


def _report_failures(failed: int, total: int) -> None:
    if failed:
        print(
            f"kflow: {failed} of {total} items failed; their errors are in the output",
            file=sys.stderr,
        )


def _cmd_validate(args: argparse.Namespace) -> int:
    loaded = load_flow_data(args.flow)
    flow, problems = validate_flow(loaded)
    for problem in problems:
        print(problem.render(str(args.flow)), file=sys.stderr)
    if problems or flow is None:
        return EXIT_BAD_INPUT
    print(f"{args.flow}: valid ({len(flow.nodes)} nodes)")
    return EXIT_OK


def _cmd_nodes() -> int:
    for name, found in sorted(node_types().items()):
        description = found.description
        print(f"{name:12} {description.displayName}: {description.description}")
    return EXIT_OK


async def _cmd_sandbox(args: argparse.Namespace) -> int:
    from kflow.sandbox import SandboxServer
    from kflow.sandbox.faults import FaultPlan

    faults = None
    if args.faults:
        try:
            faults = FaultPlan.parse(
                args.faults,
                seed=args.fault_seed,
                retry_after=args.retry_after,
                slow_seconds=args.slow_seconds,
            )
        except ValueError as exc:
            raise ConfigError(f"--faults: {exc}") from None
    server = SandboxServer(
        faults=faults,
        port=args.port,
        api_key=args.api_key,
        postback_key=args.postback_key,
        db=args.db,
        seed=args.seed,
    )
    async with server:
        if args.credentials_out is not None:
            lines = "".join(f"  {k}: {v}\n" for k, v in server.credentials().items())
            args.credentials_out.write_text(f"keitaroApi:\n{lines}", encoding="utf-8")
            args.credentials_out.chmod(0o600)
        where = f"; credentials in {args.credentials_out}" if args.credentials_out else ""
        print(
            f"Keitaro sandbox on {server.url} (API key {mask(server.api_key)}{where})", flush=True
        )
        print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
        await asyncio.Event().wait()
    return EXIT_OK


async def _cmd_credentials_test(args: argparse.Namespace, redactor: Redactor) -> int:
    async with _credentials(args, redactor) as creds:
        loaded = creds.as_dict()
        if not loaded:
            raise ConfigError(
                "no credentials to test: give --credentials FILE, set them in the environment "
                "(KEITARO_URL and KEITARO_API_KEY), or use --sandbox"
            )
        worst = EXIT_OK
        async with HttpClient(timeout=_TEST_TIMEOUT) as http:
            for type_name, data in loaded.items():
                test = credential_test(type_name)
                result = await test(data, http, creds.redactor)
                line = {
                    "credentials": type_name,
                    "status": result.status,
                    "message": result.message,
                }
                print(json.dumps(line, ensure_ascii=False))
                worst = worst if result.status == "valid" else EXIT_FAILED
    return worst
