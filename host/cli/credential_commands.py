"""`kflow credentials test`: checks each loaded credential with its node's test."""

from __future__ import annotations

import argparse
import json

from kflow.host.cli.catalog import BUILT_IN
from kflow.host.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    SimpleCommand,
    add_credential_choice,
    add_credential_options,
    credentials_for,
)
from kflow.host.errors import ConfigError
from kflow.host.http import HttpClient
from kflow.host.redaction import Redactor
from kflow.host.registry import credential_definitions, credential_test

__all__ = ["COMMANDS"]

_TEST_TIMEOUT = 15.0


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    test = actions.add_parser("test", help="check that credentials work")
    add_credential_options(test)
    add_credential_choice(test)


def _env_hint() -> str:
    names = [
        " and ".join(definition.env.values())
        for definition in credential_definitions().values()
        if definition.env
    ]
    return f" ({'; or '.join(names)})" if names else ""


async def _credentials(args: argparse.Namespace, redactor: Redactor) -> int:
    async with credentials_for(args, redactor) as creds:
        loaded = creds.entries()
        if args.credential is not None:
            loaded = [entry for entry in loaded if entry.name == args.credential]
            if not loaded:
                names = ", ".join(repr(e.name) for e in creds.entries() if e.name) or "none"
                raise ConfigError(
                    f"--credential {args.credential!r}: no credentials of that name "
                    f"(named ones: {names})"
                )
        if not loaded:
            raise ConfigError(
                "no credentials to test: give --credentials FILE, set them in the environment"
                f"{_env_hint()}, or use --sandbox"
            )
        worst = EXIT_OK
        async with HttpClient(timeout=_TEST_TIMEOUT) as http:
            for entry in loaded:
                result = await credential_test(entry.type_name)(entry.data, http, creds.redactor)
                line = {"credentials": entry.type_name}
                if entry.name is not None:
                    line["name"] = entry.name
                line.update(status=result.status, message=result.message)
                print(json.dumps(line, ensure_ascii=False))
                worst = worst if result.status == "valid" else EXIT_FAILED
    return worst


COMMANDS = (SimpleCommand("credentials", BUILT_IN["credentials"].help, _arguments, _credentials),)
