"""`kflow node` and `kflow run`. A node is run as a one-node flow; JSONL input streams
through the engine's windowed run when the flow allows it."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from kflow.host.cli.common import (
    EXIT_OK,
    SimpleCommand,
    add_run_options,
    credentials_for,
    emit,
    parse_params,
    report_failures,
    run_settings,
)
from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.engine.executor import FlowResult, Progress
from kflow.host.engine.windowed import can_stream, run_windowed
from kflow.host.errors import ConfigError
from kflow.host.flow import Flow, FlowNode
from kflow.host.flow_loader import load_flow_data
from kflow.host.inputs import read_items
from kflow.host.items import Item
from kflow.host.redaction import Redactor
from kflow.host.registry import load_node
from kflow.host.streaming import ItemWriter, iter_jsonl
from kflow.host.validate import validate_flow

__all__ = ["COMMANDS"]


def _node_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("type", help="node type, e.g. keitaro")
    parser.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter; values may hold expressions such as {{ $json.id }}",
    )
    parser.add_argument(
        "--items", metavar="FILE", help="input items: .json, .jsonl, or - for stdin"
    )
    parser.add_argument(
        "--continue-on-fail", action="store_true", help="keep failed items as output"
    )
    add_run_options(parser)


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow", type=Path, help="flow file")
    parser.add_argument(
        "--input", metavar="FILE", help="items for the first node: .json, .jsonl, -"
    )
    parser.add_argument("--summary", action="store_true", help="per-node items and time on stderr")
    add_run_options(parser)


def _streams(path: str | None) -> bool:
    return path is not None and (path == "-" or path.endswith(".jsonl"))


async def _node(args: argparse.Namespace, redactor: Redactor) -> int:
    impl = load_node(args.type)
    name = impl.description.defaults.get("name") or impl.description.displayName
    spec = FlowNode(
        name=name,
        type=args.type,
        parameters=parse_params(args.param),
        onError="continueRegularOutput" if args.continue_on_fail else None,
    )
    flow = Flow(name=name, nodes=[spec])
    return await _execute(flow, args, redactor, args.items, Path.cwd(), summary=False)


async def _run(args: argparse.Namespace, redactor: Redactor) -> int:
    loaded = load_flow_data(args.flow)
    flow, problems = validate_flow(loaded)
    if problems or flow is None:
        raise ConfigError("\n".join(p.render(str(args.flow)) for p in problems))
    base = args.flow.resolve().parent
    return await _execute(flow, args, redactor, args.input, base, summary=args.summary)


async def _execute(
    flow: Flow,
    args: argparse.Namespace,
    redactor: Redactor,
    source: str | None,
    base: Path,
    *,
    summary: bool,
) -> int:
    if _streams(source) and can_stream(flow):
        assert source is not None
        return await _windowed(flow, args, redactor, source, base, summary=summary)
    items = read_items(source) if source else None
    async with credentials_for(args, redactor) as creds:
        result = await _in_memory(flow, creds, args, items, base)
    if summary:
        from kflow.host.cli.output import print_summary

        print_summary(result.stats)
    return emit(result.items, args, redactor)


async def _windowed(
    flow: Flow,
    args: argparse.Namespace,
    redactor: Redactor,
    source: str,
    base: Path,
    *,
    summary: bool,
) -> int:
    """JSONL in, outputs written as each window completes: flat memory whatever the size."""
    target = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    writer = ItemWriter(target, args.format, redactor)
    try:
        async with credentials_for(args, redactor) as creds:
            stats = await run_windowed(
                flow,
                iter_jsonl(source),
                writer.write,
                credentials=creds,
                settings=run_settings(args),
                base_dir=base,
            )
        writer.close()
    finally:
        if target is not sys.stdout:
            target.close()
    if summary:
        from kflow.host.cli.output import print_summary

        print_summary(stats)
    report_failures(writer.failed, writer.written)
    return EXIT_OK


async def _in_memory(
    flow: Flow, creds: Credentials, args: argparse.Namespace, items: list[Item] | None, base: Path
) -> FlowResult:
    progress: Progress = Progress()
    context: Any = contextlib.nullcontext()
    if sys.stderr.isatty():
        from kflow.host.cli.output import RichProgress

        progress = context = RichProgress()
    with context:
        return await run_flow(
            flow,
            credentials=creds,
            settings=run_settings(args),
            items=items,
            base_dir=base,
            progress=progress,
        )


COMMANDS = (
    SimpleCommand("node", "run one node over items", _node_arguments, _node),
    SimpleCommand("run", "run a flow file (YAML, or an n8n workflow export)", _run_arguments, _run),
)
