"""`kflow validate`, `kflow nodes` and `kflow describe`: what is installed and what a flow says."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from kflow.host.cli import describe_text
from kflow.host.cli.catalog import BUILT_IN
from kflow.host.cli.common import EXIT_BAD_INPUT, EXIT_OK, SimpleCommand, checked_flow
from kflow.host.errors import ConfigError
from kflow.host.node import NodeType
from kflow.host.redaction import Redactor
from kflow.host.registry import (
    load_node,
    load_node_type,
    n8n_type_map,
    n8n_type_name,
    node_types,
)
from kflow.host.versions import default_version, versions_of

__all__ = ["COMMANDS"]


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("flow", type=Path)


async def _validate(args: argparse.Namespace, redactor: Redactor) -> int:
    flow = checked_flow(args.flow)
    if flow is None:
        return EXIT_BAD_INPUT
    print(f"{args.flow}: valid ({len(flow.nodes)} nodes)")
    return EXIT_OK


def _nodes_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--n8n",
        action="store_true",
        help="list the n8n node types kflow runs, with their versions (the default marked *)",
    )


async def _nodes(args: argparse.Namespace, redactor: Redactor) -> int:
    if args.n8n:
        for n8n_type, name in sorted(n8n_type_map().items()):
            node = load_node_type(name)
            default = default_version(node)
            versions = ", ".join(f"{v:g}*" if v == default else f"{v:g}" for v in versions_of(node))
            print(f"{n8n_type:36} {versions:40} {name}")
        return EXIT_OK
    for name in sorted(node_types()):
        description = load_node_type(name).description
        print(f"{name:16} {description.displayName}: {description.description}")
    return EXIT_OK


def _describe_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("type", help="node type, e.g. keitaro or httpRequest")
    parser.add_argument(
        "resource",
        nargs="?",
        metavar="RESOURCE",
        help="show this resource's operations (a node without resources: an operation)",
    )
    parser.add_argument(
        "operation",
        nargs="?",
        metavar="OPERATION",
        help="show this operation's route, an example and its parameters",
    )
    parser.add_argument(
        "--version",
        type=float,
        default=None,
        help="the node type's version to describe (default: its default version)",
    )
    parser.add_argument(
        "--format",
        choices=["text", "n8n", "kflow", "routes"],
        default="text",
        help="text (default): for people; n8n / kflow: the description as JSON; "
        "routes: one JSON object a line per operation (nodes that declare routes)",
    )


async def _describe(args: argparse.Namespace, redactor: Redactor) -> int:
    node = load_node(args.type, args.version)
    words = [word for word in (args.resource, args.operation) if word is not None]
    routes = getattr(node, "routes", None)
    if args.format == "text":
        print(describe_text.render(_facts(args, node), words, _width()), end="")
        return EXIT_OK
    if args.format == "routes":
        if routes is None:
            print(f"error: node {args.type!r} declares no routes", file=sys.stderr)
            return EXIT_BAD_INPUT
        chosen = describe_text.selectors(_facts(args, node), words)
        for route in routes():
            if all(route.get(key) == value for key, value in chosen.items()):
                print(json.dumps(route, ensure_ascii=False))
        return EXIT_OK
    if words:
        raise ConfigError(
            f"--format {args.format} prints the whole description; RESOURCE and OPERATION "
            "go with --format text or routes"
        )
    data = node.description.to_n8n()
    if args.format == "n8n":
        data["name"] = n8n_type_name(args.type)
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return EXIT_OK


def _facts(args: argparse.Namespace, node: NodeType) -> describe_text.NodeFacts:
    node_type = load_node_type(args.type)
    default = default_version(node_type)
    routes = getattr(node, "routes", None)
    return describe_text.NodeFacts(
        type_name=args.type,
        n8n_type=n8n_type_name(args.type),
        description=node.description,
        version=default if args.version is None else float(args.version),
        versions=tuple(versions_of(node_type)),
        default_version=default,
        routes=tuple(routes()) if routes is not None else (),
    )


def _width() -> int:
    """The terminal's width (COLUMNS, else 80 when not a terminal), at least 60."""
    return max(shutil.get_terminal_size().columns, 60)


COMMANDS = (
    SimpleCommand("validate", BUILT_IN["validate"].help, _validate_arguments, _validate),
    SimpleCommand("nodes", BUILT_IN["nodes"].help, _nodes_arguments, _nodes),
    SimpleCommand(
        "describe",
        BUILT_IN["describe"].help,
        _describe_arguments,
        _describe,
    ),
)
