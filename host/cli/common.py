"""What the commands share: exit codes, run options, credentials, parameters, output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kflow.host.cli.catalog import Command, SimpleCommand
from kflow.host.cli.exit_codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK
from kflow.host.credentials import Credentials, credentials_from_env, load_credentials_file
from kflow.host.errors import ConfigError
from kflow.host.flow import Flow
from kflow.host.http import DEFAULT_CONCURRENCY, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT
from kflow.host.redaction import Redactor
from kflow.host.registry import credential_definitions, sandbox_providers
from kflow.host.settings import RunSettings

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "Command",
    "SimpleCommand",
    "add_credential_choice",
    "add_credential_options",
    "add_output_options",
    "add_preview_options",
    "add_run_options",
    "credentials_for",
    "parse_params",
    "report_failures",
    "run_settings",
]

SANDBOX_ENVIRONMENT = "$env"
"""The key under which a sandbox provider gives variables for `$env` (its addresses)."""


def add_credential_options(parser: argparse.ArgumentParser) -> None:
    """--credentials FILE or --sandbox."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--credentials", type=Path, metavar="FILE", help="credentials YAML file")
    source.add_argument(
        "--sandbox", action="store_true", help="start the installed sandboxes and use them"
    )


def add_credential_choice(parser: argparse.ArgumentParser) -> None:
    """--credential NAME: the entry of a credentials file to use, by name."""
    parser.add_argument(
        "--credential",
        metavar="NAME",
        help="use the credentials file's entry of this name (a file may hold several)",
    )


def add_run_options(parser: argparse.ArgumentParser, *, resumable: bool = False) -> None:
    """The options of commands that run nodes; `resumable` ones (over input items) take
    --skip too."""
    add_credential_options(parser)
    parser.add_argument(
        "--concurrency", type=int, default=DEFAULT_CONCURRENCY, help="most requests in flight"
    )
    parser.add_argument("--rate", type=float, help="most requests per second to one tracker")
    parser.add_argument(
        "--retries",
        type=int,
        default=3,
        help="tries per item for 429, 5xx and timeouts (1 for none)",
    )
    parser.add_argument(
        "--max-retry-wait",
        type=float,
        default=60.0,
        help="most seconds one item waits between tries",
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="total seconds per request"
    )
    parser.add_argument(
        "--connect-timeout",
        type=float,
        default=DEFAULT_CONNECT_TIMEOUT,
        help="seconds to open a connection",
    )
    parser.add_argument(
        "--max-response-mb",
        type=float,
        default=50.0,
        help="larger answers fail instead of filling memory",
    )
    parser.add_argument(
        "--allow-env",
        action="store_true",
        help="let expressions read $env (never the variables credentials come from)",
    )
    parser.add_argument(
        "--files-dir",
        type=Path,
        metavar="DIR",
        help="file nodes read and write only inside DIR",
    )
    parser.add_argument(
        "--state-dir",
        type=Path,
        metavar="DIR",
        default=default_state_dir(),
        help="where nodes remember values across runs (Remove Duplicates' history); "
        "default: $KFLOW_STATE_DIR, else ~/.local/state/kflow",
    )
    parser.add_argument("--timezone", default="UTC", help="IANA zone of $now and $today")
    if resumable:
        parser.add_argument(
            "--csv-delimiter",
            choices=["auto", "comma", "semicolon", "tab"],
            default="auto",
            help="a CSV input's separator (auto: told from its header row)",
        )
        parser.add_argument(
            "--encoding",
            choices=["auto", "utf-8", "cp1251"],
            default="auto",
            help="a CSV input's text encoding (auto: UTF-8, with or without BOM, else cp1251)",
        )
        parser.add_argument(
            "--skip",
            type=int,
            metavar="N",
            help="leave out the first N input items (to resume an interrupted run)",
        )


def add_preview_options(parser: argparse.ArgumentParser) -> None:
    """--dry-run, --dry-run-writes and --verbose (never under serve)."""
    held = parser.add_mutually_exclusive_group()
    held.add_argument(
        "--dry-run",
        dest="dry_run",
        action="store_const",
        const="all",
        help="send nothing: print each request (secrets masked) and output it instead",
    )
    held.add_argument(
        "--dry-run-writes",
        dest="dry_run",
        action="store_const",
        const="writes",
        help="send the requests that only read (reports, logs, GETs); print and hold the rest",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="add each request's body to the output's request"
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """How the items are printed: format, columns, file, chart, progress."""
    parser.add_argument(
        "--format",
        choices=["json", "jsonl", "table", "csv", "html"],
        help="json (the default), jsonl, table (aligned, with totals), csv, or html (a page "
        "with a sortable table and a chart); --output's extension picks it when not given",
    )
    parser.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write items here, not stdout (.json, .jsonl, .csv, .html, .txt for a table)",
    )
    parser.add_argument(
        "--fields",
        metavar="A,B,…",
        help="columns of table, csv and html, in order (campaign_id, or a path: request.url)",
    )
    parser.add_argument(
        "--chart",
        metavar="MEASURE:DIMENSION[:SERIES]",
        help="the chart of --format html, e.g. profit:day:campaign",
    )
    parser.add_argument(
        "--chart-kind", choices=["line", "bar"], help="the chart's kind (default: line over time)"
    )
    parser.add_argument("--no-chart", action="store_true", help="an html page with the table only")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


@asynccontextmanager
async def credentials_for(
    args: argparse.Namespace, redactor: Redactor
) -> AsyncIterator[Credentials]:
    """Credentials from --sandbox (the installed sandboxes, started here), --credentials
    FILE, or the environment."""
    definitions = credential_definitions()
    if getattr(args, "sandbox", False):
        providers = sandbox_providers()
        if not providers:
            raise ConfigError("--sandbox: no sandbox is installed")
        async with AsyncExitStack() as stack:
            creds = Credentials(redactor)
            for provide in providers:
                served = await stack.enter_async_context(provide())
                for type_name, data in served.items():
                    if type_name == SANDBOX_ENVIRONMENT:
                        creds.environment.update({str(k): str(v) for k, v in data.items()})
                    elif type_name in definitions:
                        creds.add(definitions[type_name], data)
            yield creds
        return
    # One redactor for the whole command, so error lines and tracebacks are masked too.
    if getattr(args, "credentials", None) is not None:
        yield load_credentials_file(args.credentials, definitions, redactor=redactor)
    else:
        yield credentials_from_env(definitions, redactor=redactor)


def run_settings(args: argparse.Namespace) -> RunSettings:
    """The run's settings from the command line."""
    return RunSettings(
        concurrency=args.concurrency,
        timeout=args.timeout,
        connect_timeout=args.connect_timeout,
        rate=args.rate,
        retries=args.retries,
        max_retry_wait=args.max_retry_wait,
        max_response_bytes=int(args.max_response_mb * 1024 * 1024),
        allow_env=args.allow_env,
        timezone=_timezone(args.timezone),
        files_dir=args.files_dir,
        hidden_env=_credential_variables(),
        state_dir=args.state_dir,
        dry_run=getattr(args, "dry_run", None),
        verbose=getattr(args, "verbose", False),
    )


def default_state_dir() -> Path:
    """$KFLOW_STATE_DIR, else $XDG_STATE_HOME/kflow, else ~/.local/state/kflow."""
    named = os.environ.get("KFLOW_STATE_DIR")
    if named:
        return Path(named)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "kflow"


def _credential_variables() -> frozenset[str]:
    """The environment variables installed credential types are read from."""
    return frozenset(
        variable
        for definition in credential_definitions().values()
        for variable in (*definition.env.values(), *definition.optional_env.values())
    )


def _timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"--timezone {name!r} is not an IANA time zone") from None
    return name


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """-p NAME=VALUE pairs. On the command line `{{ … }}` is an expression even without
    n8n's leading `=`."""
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"-p {pair!r}: expected NAME=VALUE")
        if "{{" in value and not value.startswith("="):
            value = "=" + value
        params[name.strip()] = value
    return params


def report_failures(failed: int, total: int) -> None:
    """One line on stderr when some items failed (their errors are in the output)."""
    if failed:
        print(
            f"kflow: {failed} of {total} items failed; their errors are in the output",
            file=sys.stderr,
        )


def checked_flow(path: Path) -> Flow | None:
    """The flow in `path`, or None after printing every problem it has to stderr."""
    from kflow.host.flow_loader import load_flow_data
    from kflow.host.validate import validate_flow  # jsonschema: only commands that read flows

    flow, problems = validate_flow(load_flow_data(path))
    for problem in problems:
        print(problem.render(str(path)), file=sys.stderr)
    return None if problems else flow
