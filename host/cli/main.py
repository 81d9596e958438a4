"""Parsing the command line, dispatching to a command, and reporting errors.

Only the chosen command's module is imported: `kflow --help` lists the commands from the
catalog (and plugins by their entry point names) without loading any of them.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from importlib.metadata import EntryPoint, entry_points

from kflow.host.cli.catalog import BUILT_IN, Command
from kflow.host.cli.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED
from kflow.host.errors import KflowError
from kflow.host.redaction import Redactor

__all__ = ["build_parser", "load_command", "main"]

PLUGIN_GROUP = "kflow.commands"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"kflow: error: {message}\n")


def _plugins() -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=PLUGIN_GROUP) if ep.name not in BUILT_IN}


def load_command(name: str) -> Command | None:
    """The command object of that name (a built-in's module or a plugin is imported now),
    or None when there is no such command or its plugin cannot be loaded."""
    entry = BUILT_IN.get(name)
    if entry is not None:
        module = importlib.import_module(entry.module)
        found: Command = next(c for c in module.COMMANDS if c.name == name)
        return found
    plugin = _plugins().get(name)
    if plugin is None:
        return None
    try:
        loaded: Command = plugin.load()
        return loaded
    except Exception as exc:  # any import-time failure of a third-party package
        logging.getLogger("kflow").warning(
            "the command %r of %s could not be loaded: %s", name, plugin.value, exc
        )
        return None


def _examples(name: str) -> str | None:
    try:
        from kflow.host.cli.examples import EXAMPLES
    except ImportError:
        return None
    return EXAMPLES.get(name)


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The `kflow` parser. Every command is listed; only `chosen` gets its arguments (all
    of them when chosen is "*", which loads every command)."""
    parser = _Parser(
        prog="kflow",
        description="Run n8n-style nodes and flows.",
        epilog=_examples(""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks (secrets masked)")
    listed = {name: entry.help for name, entry in BUILT_IN.items()}
    for name, ep in _plugins().items():
        listed[name] = f"plugin ({ep.value.partition(':')[0]})"
    public = [name for name in listed if not name.startswith("_")]
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        parser_class=_Parser,
        metavar="{" + ",".join(public) + "}",
    )
    for name, help_line in listed.items():
        shown = {} if name.startswith("_") else {"help": help_line}
        if chosen not in (name, "*"):
            sub.add_parser(name, add_help=False, **shown)
            continue
        command = load_command(name)
        if command is None:
            continue
        command_parser = sub.add_parser(
            name,
            **shown,
            description=command.help,
            epilog=_examples(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.add_arguments(command_parser)
    return parser


def _chosen(argv: Sequence[str]) -> str | None:
    """The command named on the line: its first word that is not an option."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kflow` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    name = _chosen(argv)
    args = build_parser(name).parse_args(argv)
    redactor = Redactor()
    _log_to_stderr(redactor, debug=args.debug)
    try:
        command = load_command(args.command)
        if command is None:
            print(f"kflow: error: the command {args.command!r} could not load", file=sys.stderr)
            return EXIT_FAILED
        return asyncio.run(command.run(args, redactor))
    except KflowError as exc:
        _report(exc, redactor, args.debug)
        return exc.exit_code
    except KeyboardInterrupt:
        # Before a command took over the signals (`kflow node` and `kflow run` stop
        # gracefully and report what was sent themselves).
        print("kflow: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`kflow … | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
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
