"""`kflow node` and `kflow run`. A node is run as a one-node flow; JSONL input streams
through the engine's windowed run when the flow allows it."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kflow.host.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    SimpleCommand,
    add_credential_choice,
    add_run_options,
    credentials_for,
    parse_params,
    report_failures,
    run_settings,
    write_outputs,
)
from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.engine.executor import FlowResult, NodeStats, Progress
from kflow.host.engine.windowed import can_stream, run_windowed
from kflow.host.errors import ConfigError, KflowError
from kflow.host.flow import Flow, FlowNode
from kflow.host.flow_loader import load_flow_data
from kflow.host.inputs import read_items
from kflow.host.interrupt import Interrupt, handle_signals
from kflow.host.items import Item, is_failure
from kflow.host.redaction import Redactor
from kflow.host.registry import load_node
from kflow.host.streaming import ItemWriter, iter_jsonl
from kflow.host.subflows import Subflows, run_error_workflow
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
    add_run_options(parser, resumable=True)
    add_credential_choice(parser)


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow", type=Path, help="flow file")
    parser.add_argument(
        "--input", metavar="FILE", help="items for the first node: .json, .jsonl, -"
    )
    parser.add_argument("--summary", action="store_true", help="per-node items and time on stderr")
    add_run_options(parser, resumable=True)


def _streams(path: str | None) -> bool:
    return path is not None and (path == "-" or path.endswith(".jsonl"))


async def _node(args: argparse.Namespace, redactor: Redactor) -> int:
    impl = load_node(args.type)
    name = impl.description.defaults.get("name") or impl.description.displayName
    chosen = {"name": args.credential} if args.credential else None
    spec = FlowNode(
        name=name,
        type=args.type,
        parameters=parse_params(args.param),
        onError="continueRegularOutput" if args.continue_on_fail else None,
        credentials={slot.name: chosen for slot in impl.description.credentials} if chosen else {},
    )
    flow = Flow(name=name, nodes=[spec])
    source = _Source(args.items, "--items", _skip(args, args.items, "--items"))
    return await _execute(flow, args, redactor, source, Path.cwd(), summary=False)


async def _run(args: argparse.Namespace, redactor: Redactor) -> int:
    source = _Source(args.input, "--input", _skip(args, args.input, "--input"))
    loaded = load_flow_data(args.flow)
    flow, problems = validate_flow(loaded)
    if problems or flow is None:
        raise ConfigError("\n".join(p.render(str(args.flow)) for p in problems))
    base = args.flow.resolve().parent
    try:
        return await _execute(flow, args, redactor, source, base, summary=args.summary)
    except KflowError as error:
        await _error_workflow(flow, error, args, redactor, base)
        raise


async def _error_workflow(
    flow: Flow, error: KflowError, args: argparse.Namespace, redactor: Redactor, base: Path
) -> None:
    """Runs the flow's error workflow (settings.errorWorkflow), if it names one; its own
    failure is reported without hiding the run's."""
    if not flow.settings.get("errorWorkflow"):
        return
    async with credentials_for(args, redactor) as creds:
        runner = _subflows(creds, args, base)
        try:
            await run_error_workflow(flow, error, runner)
        except KflowError as failed:
            print(redactor.text(f"kflow: the error workflow failed: {failed}"), file=sys.stderr)


def _subflows(creds: Credentials, args: argparse.Namespace, base: Path) -> Subflows:
    """The run's sub-workflow runner: flows looked up next to the flow file, or in the
    files folder when there is one."""
    settings = run_settings(args)
    folder = settings.files_dir.resolve() if settings.files_dir is not None else base
    return Subflows(folder, creds, settings)


@dataclass(frozen=True)
class _Source:
    """Where the run's items come from: a file or `-` (None: the flow's own), the option
    that gives them, and how many of its first items to leave out (--skip)."""

    path: str | None
    option: str
    skip: int = 0


def _skip(args: argparse.Namespace, path: str | None, option: str) -> int:
    skip: int | None = args.skip
    if skip is None:
        return 0
    if path is None:
        raise ConfigError(f"--skip needs input items: {option} FILE, or {option} - for stdin")
    if skip < 0:
        raise ConfigError("--skip must be 0 or more")
    return skip


async def _execute(
    flow: Flow,
    args: argparse.Namespace,
    redactor: Redactor,
    source: _Source,
    base: Path,
    *,
    summary: bool,
) -> int:
    interrupt = Interrupt()
    with handle_signals(interrupt, lambda stop: _acknowledge(stop, redactor)):
        if _streams(source.path) and can_stream(flow):
            assert source.path is not None
            stats, failed, total = await _windowed(
                flow, args, redactor, source.path, source.skip, base, interrupt
            )
        else:
            items = read_items(source.path)[source.skip :] if source.path else None
            async with credentials_for(args, redactor) as creds:
                result = await _in_memory(flow, creds, args, items, source.skip, base, interrupt)
            stats, outputs = result.stats, result.items
            write_outputs(outputs, args, redactor)
            failed, total = sum(is_failure(item["json"]) for item in outputs), len(outputs)
        if summary:
            from kflow.host.cli.output import print_summary

            print_summary(stats)
        if not interrupt.requested:
            report_failures(failed, total)
            return EXIT_OK
        from kflow.host.cli.output import stop_summary

        resume = "--skip" if source.path else f"{source.option} FILE --skip"
        print(redactor.text(stop_summary(interrupt, resume=resume)), file=sys.stderr)
        return EXIT_INTERRUPTED


def _acknowledge(interrupt: Interrupt, redactor: Redactor) -> None:
    """Says at once what a signal did, so that the user knows it was heard."""
    if interrupt.aborted:
        text = "kflow: aborting: cancelling the requests in flight"
    else:
        text = (
            "kflow: stopping: no new item starts and the requests in flight finish "
            "(Ctrl-C again to cancel them)"
        )
    print(redactor.text(text), file=sys.stderr, flush=True)


async def _windowed(
    flow: Flow,
    args: argparse.Namespace,
    redactor: Redactor,
    source: str,
    skip: int,
    base: Path,
    interrupt: Interrupt,
) -> tuple[list[NodeStats], int, int]:
    """JSONL in, outputs written as each window completes: flat memory whatever the size.
    Returns the per-node statistics, how many items failed, and how many were written."""
    target = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        with ItemWriter(target, args.format, redactor) as writer:
            async with credentials_for(args, redactor) as creds:
                stats = await run_windowed(
                    flow,
                    itertools.islice(iter_jsonl(source), skip, None),
                    writer.write,
                    credentials=creds,
                    settings=run_settings(args),
                    base_dir=base,
                    first_index=skip,
                    interrupt=interrupt,
                )
    finally:
        if target is not sys.stdout:
            target.close()
    return stats, writer.failed, writer.written


async def _in_memory(
    flow: Flow,
    creds: Credentials,
    args: argparse.Namespace,
    items: list[Item] | None,
    skip: int,
    base: Path,
    interrupt: Interrupt,
) -> FlowResult:
    if skip and not items:
        return FlowResult([], None, [])  # every input item was skipped: nothing to run
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
            item_offsets=dict.fromkeys((node.name for node in flow.nodes), skip),
            interrupt=interrupt,
            input_offset=skip,
            subflows=_subflows(creds, args, base),
        )


COMMANDS = (
    SimpleCommand("node", "run one node over items", _node_arguments, _node),
    SimpleCommand("run", "run a flow file (YAML, or an n8n workflow export)", _run_arguments, _run),
)
