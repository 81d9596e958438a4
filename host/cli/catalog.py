"""The built-in commands by name: the module that holds each and its help line.

Light on purpose: `kflow --help` and the parser of one command are built from this table,
so that a command imports only its own module.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kflow.host.redaction import Redactor

__all__ = ["BUILT_IN", "Command", "Entry", "SimpleCommand"]


class Command(Protocol):
    """A `kflow` subcommand; plugins offer them through the `kflow.commands` entry points."""

    name: str
    help: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, redactor: Redactor) -> Awaitable[int]: ...


@dataclass(frozen=True)
class SimpleCommand:
    """A command made of a name, a help line, an argument builder and an async handler."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    handler: Callable[[argparse.Namespace, Redactor], Awaitable[int]]

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        self.arguments(parser)

    def run(self, args: argparse.Namespace, redactor: Redactor) -> Awaitable[int]:
        return self.handler(args, redactor)


@dataclass(frozen=True)
class Entry:
    """A built-in command: the module whose COMMANDS hold it and its one-line help."""

    module: str
    help: str


_RUN = "kflow.host.cli.run_commands"
_INFO = "kflow.host.cli.info_commands"
_SERVE = "kflow.host.cli.serve_commands"
_COMPLETION = "kflow.host.cli.completion"
_EXECUTIONS = "kflow.host.cli.execution_commands"

BUILT_IN: dict[str, Entry] = {
    "node": Entry(_RUN, "run one node over items"),
    "run": Entry(_RUN, "run a flow file (YAML, or an n8n workflow export)"),
    "validate": Entry(_INFO, "check a flow file"),
    "nodes": Entry(_INFO, "list the installed node types"),
    "describe": Entry(_INFO, "show a node's resources, operations and parameters"),
    "credentials": Entry("kflow.host.cli.credential_commands", "work with credentials"),
    "export": Entry("kflow.host.cli.export_commands", "write an n8n package or n8n workflow JSON"),
    "serve": Entry(_SERVE, "run flows on their schedules and webhooks"),
    "worker": Entry(_SERVE, "run queued executions from kflow serve"),
    "executions": Entry(_EXECUTIONS, "list, show or retry what kflow serve ran"),
    "completion": Entry(_COMPLETION, "print a shell completion script: bash, zsh or fish"),
    "__complete": Entry(_COMPLETION, "(used by the completion scripts)"),
}
"""Names starting with `_` are hidden from the listing."""
