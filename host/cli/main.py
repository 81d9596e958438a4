"""Parsing the command line, dispatching to a command, and reporting errors."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from kflow.host.cli import (
    credential_commands,
    export_commands,
    info_commands,
    run_commands,
    serve_commands,
)
from kflow.host.cli.common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED, Command
from kflow.host.errors import ConfigError, KflowError
from kflow.host.redaction import Redactor
from kflow.host.registry import plugin_commands

__all__ = ["main"]

_BUILT_IN: tuple[Command, ...] = (
    *run_commands.COMMANDS,
    *info_commands.COMMANDS,
    *credential_commands.COMMANDS,
    *export_commands.COMMANDS,
    *serve_commands.COMMANDS,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"kflow: error: {message}\n")


def _commands() -> dict[str, Command]:
    found = {command.name: command for command in _BUILT_IN}
    for command in plugin_commands():
        found.setdefault(command.name, command)
    return found


def _parser(commands: dict[str, Command]) -> argparse.ArgumentParser:
    parser = _Parser(prog="kflow", description="Run n8n-style nodes and flows.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks (secrets masked)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in commands.values():
        command.add_arguments(sub.add_parser(command.name, help=command.help))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kflow` console script."""
    commands = _commands()
    args = _parser(commands).parse_args(argv)
    redactor = Redactor()
    _log_to_stderr(redactor, debug=args.debug)
    try:
        command = commands.get(args.command)
        if command is None:
            raise ConfigError(f"unknown command {args.command!r}")
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
