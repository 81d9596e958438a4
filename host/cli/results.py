"""Which items a run prints and how: every end node's items (or `--node`'s), as JSON,
JSON Lines, a table, CSV or an HTML report, to stdout or `--output`."""

from __future__ import annotations

import argparse
import shutil
import sys
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kflow.host.engine.executor import FlowResult
from kflow.host.engine.graph import build_graph
from kflow.host.errors import ConfigError
from kflow.host.flow import Flow
from kflow.host.inputs import write_items
from kflow.host.items import Item, is_failure
from kflow.host.redaction import Redactor
from kflow.host.wording import did_you_mean, listed, shown

if TYPE_CHECKING:
    from kflow.host.cli.report_chart import ChartSpec

__all__ = ["Printed", "chart_spec", "chosen_format", "fields_of", "printed_items", "write_printed"]

_ONE_TABLE = ("jsonl", "csv", "html")


@dataclass(frozen=True)
class Printed:
    """The items a run prints, by the name of the node (and output) they come from."""

    sections: dict[str, list[Item]]

    @property
    def items(self) -> list[Item]:
        return [item for items in self.sections.values() for item in items]

    def failed(self) -> int:
        return sum(is_failure(item["json"]) for item in self.items)


def chosen_format(args: argparse.Namespace) -> str:
    """The output format: --format, else --output's extension, else JSON; a --format that
    contradicts the extension is refused, and so is a malformed --chart (before the run)."""
    from kflow.host.cli.formats import format_for

    fmt = format_for(args.output, args.format)
    if (args.chart or args.chart_kind or args.no_chart) and fmt != "html":
        raise ConfigError("--chart, --chart-kind and --no-chart are for --format html")
    chart_spec(args)
    return fmt


def printed_items(flow: Flow, result: FlowResult, node: str | None) -> Printed:
    """`node`'s items when named; else every end node's (a node that ran and feeds no other),
    in the order they first ran. An end node with several outputs gives each further output
    that holds items a section of its own ("If, false", "Switch, output 3"); lists a node
    returns beyond its outputs (Filter's discarded items) are not printed."""
    if node is not None:
        if node not in result.outputs:
            raise ConfigError(_unknown_node(node, flow))
        return Printed({node: _first(result.outputs[node])})
    graph = build_graph(flow)
    ends = [
        name
        for name in dict.fromkeys(result.executed)
        if name in graph.nodes and not any(graph.nodes[name].children.values())
    ]
    if not ends:
        return Printed({result.last_node or "output": result.items})
    sections: dict[str, list[Item]] = {}
    for name in ends:
        outputs = result.outputs.get(name) or [[]]
        sections[name] = list(outputs[0])
        names = graph.nodes[name].output_names()
        for index, items in enumerate(outputs[1 : len(names)], start=1):
            if items:
                label = f"output {index + 1}" if names[index].isdigit() else names[index]
                sections[f"{name}, {label}"] = list(items)
    return Printed(sections)


def check_node_named(flow: Flow, node: str | None) -> None:
    """Refuses, before anything runs, a --node that names no node of the flow."""
    if node is not None and node not in {n.name for n in flow.nodes}:
        raise ConfigError(_unknown_node(node, flow))


def _first(outputs: list[list[Item]]) -> list[Item]:
    return list(outputs[0]) if outputs else []


def _unknown_node(node: str, flow: Flow) -> str:
    names = [n.name for n in flow.nodes]
    if node in names:
        return f"--node {shown(node)}: that node did not run, so it has no items to print"
    hint = did_you_mean(node, names)
    hint = f"{hint} " if hint else ""
    return f"--node {shown(node)}: the flow has no such node; {hint}its nodes: {listed(names)}"


def write_printed(printed: Printed, args: argparse.Namespace, redactor: Redactor, fmt: str) -> None:
    """Writes the printed items (redacted) in `fmt` to --output or stdout."""
    sections = {
        name: [{"json": redactor.deep(item["json"])} for item in items]  # type: ignore[typeddict-item]
        for name, items in printed.sections.items()
    }
    if len(sections) > 1 and fmt in _ONE_TABLE:
        raise ConfigError(
            f"the flow ends in {len(sections)} nodes ({', '.join(sections)}) and {fmt} holds "
            "one list of items: pick one with --node NAME, or use --format json or table"
        )
    target: AbstractContextManager[IO[str]] = (
        args.output.open("w", encoding="utf-8", newline="")
        if args.output is not None
        else nullcontext(sys.stdout)
    )
    with target as out:
        _write(sections, args, fmt, out)


def _write(
    sections: dict[str, list[Item]], args: argparse.Namespace, fmt: str, out: IO[str]
) -> None:
    only = next(iter(sections.values())) if len(sections) == 1 else None
    if fmt in ("json", "jsonl"):
        if only is not None:
            write_items(only, out, fmt=fmt)
        else:
            import json

            from kflow.host.inputs import json_number

            data = {name: [item["json"] for item in items] for name, items in sections.items()}
            out.write(json.dumps(data, ensure_ascii=False, indent=2, default=json_number) + "\n")
        return
    fields = fields_of(args)
    if fmt != "html":
        from kflow.host.cli.formats import write_report

        terminal = args.output is None and out.isatty()
        width = shutil.get_terminal_size().columns if terminal else 10_000
        values = {name: [item["json"] for item in items] for name, items in sections.items()}
        write_report(values, fmt, out, fields=fields, width=width, color=terminal)
        return
    from kflow.host.cli.report_html import render_table_html
    from kflow.host.tabular import table_from_items

    (items,) = sections.values()
    table = table_from_items([item["json"] for item in items], fields)
    title = Path(args.output).stem if args.output is not None else "kflow report"
    out.write(
        render_table_html(table, title=title, chart=chart_spec(args), auto_chart=not args.no_chart)
    )


def chart_spec(args: argparse.Namespace) -> ChartSpec | None:
    """--chart as a ChartSpec (its form checked; its columns are checked against the
    table); None without one. Refused with a format other than html."""
    if not args.chart:
        return None
    from kflow.host.cli.report_chart import parse_chart

    return parse_chart(args.chart, kind=args.chart_kind)


def fields_of(args: argparse.Namespace) -> list[str] | None:
    if not args.fields:
        return None
    return [name.strip() for name in args.fields.split(",") if name.strip()]
