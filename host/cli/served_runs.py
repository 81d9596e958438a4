"""What serve, workers and `kflow executions retry` share about the runs they make:
files confined, private addresses refused, how much of a failed run is kept."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from kflow.host.cli.common import default_state_dir, run_settings
from kflow.host.errors import ConfigError
from kflow.host.serve.run_data import DEFAULT_MAX_STORED_BYTES
from kflow.host.settings import RunSettings

__all__ = [
    "FILES_DIR",
    "add_network_options",
    "add_stored_option",
    "confined",
    "safe_url",
    "served_settings",
    "stored_bytes",
]


def add_stored_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-stored-mb",
        type=float,
        default=DEFAULT_MAX_STORED_BYTES / 1024 / 1024,
        help="how much of a failed run's node items (and of the run to retry it from) "
        "each execution keeps",
    )


def stored_bytes(args: argparse.Namespace) -> int:
    if args.max_stored_mb < 0:
        raise ConfigError("--max-stored-mb must be 0 or more")
    return int(args.max_stored_mb * 1024 * 1024)


def served_settings(args: argparse.Namespace) -> RunSettings:
    """The settings of the runs serve makes (and a retry): files confined beside the
    database unless --files-dir, nodes' history beside it unless --state-dir."""
    settings = confined(run_settings(args), args.db.parent / FILES_DIR, args)
    if args.state_dir == default_state_dir():
        # Under serve, nodes' history sits beside the executions database.
        settings = settings.model_copy(update={"state_dir": args.db.parent.resolve()})
    return settings


FILES_DIR = "kflow-files"
"""The files folder of serve (beside its database) and of a worker (in its folder) when
--files-dir does not name one."""


def confined(settings: RunSettings, default: Path, args: argparse.Namespace) -> RunSettings:
    """The settings of served runs: file nodes confined to --files-dir, else to `default`
    (made when a node first writes there); requests to private addresses refused unless
    --allow-private-network; the public URL resume URLs start with."""
    folder = settings.files_dir or default
    public = args.public_url or f"http://{getattr(args, 'host', '127.0.0.1')}:"
    public += "" if args.public_url else str(getattr(args, "port", 5678))
    return settings.model_copy(
        update={
            "files_dir": folder.resolve(),
            # The sandboxes listen on loopback: --sandbox lets nodes reach them.
            "block_private_network": not (
                args.allow_private_network or getattr(args, "sandbox", False)
            ),
            "public_url": public.rstrip("/"),
        }
    )


def add_network_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-private-network",
        action="store_true",
        help="let nodes send requests to loopback, private and link-local addresses "
        "(refused by default: a flow's URLs may come from callers)",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="where callers reach this serve (resume URLs start with it; default http://HOST:PORT)",
    )


def safe_url(url: str) -> str:
    """The broker URL without a password."""
    return re.sub(r"//[^@/]*@", "//****@", url)
