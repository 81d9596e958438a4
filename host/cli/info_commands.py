"""`kflow validate`, `kflow nodes` and `kflow describe`: what is installed and what a flow says."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kflow.host.cli.common import EXIT_BAD_INPUT, EXIT_OK, SimpleCommand, checked_flow
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
    parser.add_argument("type")
    parser.add_argument(
        "--version",
        type=float,
        default=None,
        help="the node type's version to describe (default: its default version)",
    )
    parser.add_argument(
        "--format",
        choices=["n8n", "kflow", "routes"],
        default="n8n",
        help="routes: one JSON object a line per operation (nodes that declare routes)",
    )


async def _describe(args: argparse.Namespace, redactor: Redactor) -> int:
    node = load_node(args.type, args.version)
    if args.format == "routes":
        routes = getattr(node, "routes", None)
        if routes is None:
            print(f"error: node {args.type!r} declares no routes", file=sys.stderr)
            return EXIT_BAD_INPUT
        for route in routes():
            print(json.dumps(route, ensure_ascii=False))
        return EXIT_OK
    data = node.description.to_n8n()
    if args.format == "n8n":
        data["name"] = n8n_type_name(args.type)
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return EXIT_OK


COMMANDS = (
    SimpleCommand("validate", "check a flow file", _validate_arguments, _validate),
    SimpleCommand("nodes", "list the installed node types", _nodes_arguments, _nodes),
    SimpleCommand("describe", "print a node's description as JSON", _describe_arguments, _describe),
)
