"""`--sandbox` credentials and `python -m kflow.sandbox.adnetwork`.

The provider yields the httpBearerAuth credential and, under `$env`, AD_NETWORK_URL, so
that `kflow run … --sandbox --allow-env` points `$env.AD_NETWORK_URL` at the emulator.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from kflow.sandbox.adnetwork.server import AdNetworkServer
from kflow.sandbox.clock import ENV_VAR
from kflow.sandbox.options import bad_input, clock_for, env_clock_or_exit

__all__ = ["COMMAND", "AdNetworkCommand", "serve_credentials"]

CREDENTIAL_TYPE = "httpBearerAuth"
ENVIRONMENT = "$env"


@asynccontextmanager
async def serve_credentials() -> AsyncIterator[dict[str, dict[str, Any]]]:
    """A fresh in-process emulator; while it runs, the httpBearerAuth credential that
    reaches it and `$env.AD_NETWORK_URL`. Its "today" follows `KFLOW_SANDBOX_NOW` when it
    is set; a bad value ends with exit 2."""
    clock = env_clock_or_exit()
    async with AdNetworkServer(clock=clock) as server:
        yield {CREDENTIAL_TYPE: server.credentials(), ENVIRONMENT: server.environment()}


class AdNetworkCommand:
    """Serves the ad-network emulator until interrupted."""

    name = "adnetwork-sandbox"
    help = "serve the ad-network spend API emulator"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8082)
        parser.add_argument("--token", help="bearer token to accept (a fresh one by default)")
        parser.add_argument("--seed", type=int, default=1, help="seed of the spend amounts")
        parser.add_argument(
            "--min-interval",
            type=float,
            default=0.0,
            metavar="SECONDS",
            help="answer 429 to requests closer together than this (default: no limit)",
        )
        parser.add_argument(
            "--now",
            metavar="ISO",
            help=f"start the emulator's clock at this instant, e.g. 2026-11-20T12:00:00Z "
            f"(default: ${ENV_VAR}, else real time)",
        )

    async def run(self, args: argparse.Namespace, redactor: object = None) -> int:
        """Serves until interrupted; 2 for bad options."""
        try:
            clock = clock_for(args.now)
        except ValueError as exc:
            return bad_input(str(exc))
        if args.min_interval < 0:
            return bad_input("--min-interval: must be 0 or more seconds")
        server = AdNetworkServer(
            port=args.port,
            token=args.token,
            seed=args.seed,
            clock=clock,
            min_interval=args.min_interval,
        )
        async with server:
            print(f"Ad-network emulator on {server.url}", flush=True)
            print(f"export AD_NETWORK_URL={server.url}", flush=True)
            if args.token is None:
                print(f"It accepts the bearer token {server.token}", flush=True)
            print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
            await asyncio.Event().wait()
        return 0


COMMAND = AdNetworkCommand()
