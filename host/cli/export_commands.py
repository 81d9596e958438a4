"""`kflow export n8n` (community packages) and `kflow export workflow` (n8n workflow JSON)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kflow.host.cli.catalog import BUILT_IN
from kflow.host.cli.common import EXIT_BAD_INPUT, EXIT_OK, SimpleCommand, checked_flow
from kflow.host.errors import ConfigError
from kflow.host.n8n_workflow import to_n8n_workflow
from kflow.host.redaction import Redactor
from kflow.host.registry import n8n_package_builders

__all__ = ["COMMANDS"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="kind", required=True)
    package = kinds.add_parser("n8n", help="write an installable n8n community package")
    package.add_argument("--out", type=Path, required=True, metavar="DIR")
    package.add_argument(
        "--package", help="which package, when several are installed (default: all)"
    )
    workflow = kinds.add_parser("workflow", help="write a flow as n8n workflow JSON")
    workflow.add_argument("flow", type=Path)
    workflow.add_argument("--format", choices=["n8n"], default="n8n")
    workflow.add_argument("--out", type=Path, metavar="FILE", help="default: stdout")


async def _export(args: argparse.Namespace, redactor: Redactor) -> int:
    if args.kind == "n8n":
        return _export_package(args)
    return _export_workflow(args)


def _export_package(args: argparse.Namespace) -> int:
    builders = n8n_package_builders()
    if args.package:
        if args.package not in builders:
            raise ConfigError(
                f"no n8n package {args.package!r}; installed: {', '.join(builders) or 'none'}"
            )
        builders = {args.package: builders[args.package]}
    if not builders:
        raise ConfigError("no installed node offers an n8n package")
    for name, build in builders.items():
        out = args.out if len(builders) == 1 else args.out / name
        written = build(out)
        print(f"{name}: {len(written)} files in {out}")
    return EXIT_OK


def _export_workflow(args: argparse.Namespace) -> int:
    flow = checked_flow(args.flow)
    if flow is None:
        return EXIT_BAD_INPUT
    text = json.dumps(to_n8n_workflow(flow), indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return EXIT_OK


COMMANDS = (SimpleCommand("export", BUILT_IN["export"].help, _arguments, _export),)
