"""`kflow node` and `kflow run`. A node is run as a one-node flow; JSONL input streams
through the engine's windowed run when the flow allows it."""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kflow.host.cli.catalog import BUILT_IN
from kflow.host.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    SimpleCommand,
    add_credential_choice,
    add_output_options,
    add_preview_options,
    add_run_options,
    credentials_for,
    parse_params,
    report_failures,
    run_settings,
)
from kflow.host.cli.results import (
    Printed,
    check_node_named,
    chosen_format,
    printed_items,
    write_printed,
)
from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.engine.executor import FlowResult, NodeStats, Progress
from kflow.host.engine.windowed import can_stream, run_windowed
from kflow.host.errors import ConfigError, KflowError
from kflow.host.flow import Flow, FlowNode
from kflow.host.interrupt import Interrupt, handle_signals
from kflow.host.items import Item
from kflow.host.redaction import Redactor
from kflow.host.registry import load_node
from kflow.host.streaming import ItemWriter, iter_jsonl

if TYPE_CHECKING:
    from kflow.host.cli.formats import CsvStreamWriter
    from kflow.host.subflows import Subflows

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
    add_output_options(parser)
    add_preview_options(parser)
    add_credential_choice(parser)


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow", type=Path, help="flow file")
    parser.add_argument(
        "--input", metavar="FILE", help="items for the first node: .json, .jsonl, -"
    )
    parser.add_argument("--summary", action="store_true", help="per-node items and time on stderr")
    parser.add_argument(
        "--node",
        metavar="NAME",
        help="print this node's items (default: every end node's, by name)",
    )
    add_run_options(parser, resumable=True)
    add_output_options(parser)
    add_preview_options(parser)


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
    from kflow.host.flow_loader import load_flow_data
    from kflow.host.validate import validate_flow  # jsonschema: `kflow node` needs neither

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
    from kflow.host.subflows import run_error_workflow

    async with credentials_for(args, redactor) as creds:
        runner = _subflows(creds, args, base)
        try:
            await run_error_workflow(flow, error, runner)
        except KflowError as failed:
            print(redactor.text(f"kflow: the error workflow failed: {failed}"), file=sys.stderr)


def _subflows(creds: Credentials, args: argparse.Namespace, base: Path) -> Subflows:
    """The run's sub-workflow runner: flows looked up next to the flow file, or in the
    files folder when there is one."""
    from kflow.host.subflows import Subflows

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
    _settle_heap()
    try:
        return await _execute_checked(flow, args, redactor, source, base, summary=summary)
    except KflowError:
        if getattr(args, "dry_run", None) == "all":
            print(
                "kflow: note: in a dry run held requests get no answer, so nodes after them "
                "have nothing to read; --dry-run-writes sends the requests that only read",
                file=sys.stderr,
            )
        raise


def _settle_heap() -> None:
    """Keeps the garbage collector off what start-up loaded (modules, node descriptions),
    which lives as long as the process: without this, a run of many items scans it again
    and again (about a fifth of the host's cost per item). Young objects are collected
    less often too; memory stays flat, as a run's objects are freed as it goes."""
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS, *gc.get_threshold()[1:])


_YOUNG_OBJECTS = 10_000
"""Allocations between two collections of the youngest objects (Python's default: 700)."""


async def _execute_checked(
    flow: Flow,
    args: argparse.Namespace,
    redactor: Redactor,
    source: _Source,
    base: Path,
    *,
    summary: bool,
) -> int:
    interrupt = Interrupt()
    fmt = chosen_format(args)
    picked = getattr(args, "node", None)
    check_node_named(flow, picked)
    with handle_signals(interrupt, lambda stop: _acknowledge(stop, redactor)):
        streamed = _streams(source.path) and fmt in ("json", "jsonl", "csv") and picked is None
        if streamed and can_stream(flow):
            assert source.path is not None
            stats, failed, total = await _windowed(
                flow, args, redactor, source, fmt, base, interrupt
            )
        else:
            from kflow.host.inputs import read_items

            items = (
                read_items(source.path, delimiter=args.csv_delimiter, encoding=args.encoding)[
                    source.skip :
                ]
                if source.path
                else None
            )
            async with credentials_for(args, redactor) as creds:
                result = await _in_memory(flow, creds, args, items, source.skip, base, interrupt)
            printed = printed_items(flow, result, picked)
            _write_or_keep(printed, args, redactor, fmt)
            stats, failed, total = result.stats, printed.failed(), len(printed.items)
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


def _write_or_keep(
    printed: Printed, args: argparse.Namespace, redactor: Redactor, fmt: str
) -> None:
    """Writes the items as asked. When that is refused after the run (a --fields or
    --chart column the items do not have), the items are printed as JSON on stdout before
    the error is raised, so that nothing the run did is lost."""
    try:
        write_printed(printed, args, redactor, fmt)
    except ConfigError as refused:
        keep = argparse.Namespace(**{**vars(args), "output": None, "fields": None})
        write_printed(printed, keep, redactor, "json")
        raise ConfigError(
            f"{refused}. The run's items are printed above as JSON, so that nothing is lost"
        ) from None


def _shows_bar(args: argparse.Namespace) -> bool:
    return not args.quiet and sys.stderr.isatty()


def _progress(args: argparse.Namespace, expected: int | None = None) -> Progress:
    """A bar on stderr when it is a terminal and --quiet is not given; else nothing."""
    if not _shows_bar(args):
        return Progress()
    from kflow.host.cli.output import RichProgress

    return RichProgress(expected)


def _line_count(source: _Source) -> int | None:
    """How many items a streamed file holds (its non-blank lines), for the bar's ETA;
    None for stdin."""
    if source.path is None or source.path == "-":
        return None
    try:
        with open(source.path, "rb") as lines:
            return max(sum(1 for line in lines if line.strip()) - source.skip, 0)
    except OSError:
        return None


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
    source: _Source,
    fmt: str,
    base: Path,
    interrupt: Interrupt,
) -> tuple[list[NodeStats], int, int]:
    """JSONL in, outputs written as each window completes: flat memory whatever the size.
    Returns the per-node statistics, how many items failed, and how many were written."""
    assert source.path is not None
    target = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    progress = _progress(args, _line_count(source) if _shows_bar(args) else None)
    writer: ItemWriter | CsvStreamWriter = ItemWriter(target, fmt, redactor)
    if fmt == "csv":
        from kflow.host.cli.formats import CsvStreamWriter
        from kflow.host.cli.results import fields_of

        writer = CsvStreamWriter(target, redactor, fields_of(args))
    try:
        with writer, _shown(progress):
            async with credentials_for(args, redactor) as creds:
                stats = await run_windowed(
                    flow,
                    itertools.islice(iter_jsonl(source.path), source.skip, None),
                    writer.write,
                    credentials=creds,
                    settings=run_settings(args),
                    base_dir=base,
                    first_index=source.skip,
                    interrupt=interrupt,
                    progress=progress,
                )
    finally:
        if target is not sys.stdout:
            target.close()
    return stats, writer.failed, writer.written


def _shown(progress: Progress) -> contextlib.AbstractContextManager[object]:
    """The bar's lifetime: drawn while the run lasts, when there is one."""
    if isinstance(progress, contextlib.AbstractContextManager):
        return progress
    return contextlib.nullcontext()


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
    progress = _progress(args)
    with _shown(progress):
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
    SimpleCommand("node", BUILT_IN["node"].help, _node_arguments, _node),
    SimpleCommand("run", BUILT_IN["run"].help, _run_arguments, _run),
)
