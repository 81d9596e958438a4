"""`--sandbox` credentials (the `kflow.sandboxes` entry point) and the standalone command."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from kflow.sandbox.clock import ENV_VAR
from kflow.sandbox.options import bad_input, clock_for, env_clock_or_exit
from kflow.sandbox.telegram.server import TelegramServer

__all__ = ["COMMAND", "TelegramCommand", "serve_credentials"]

CREDENTIAL_TYPE = "telegramApi"


@asynccontextmanager
async def serve_credentials() -> AsyncIterator[dict[str, dict[str, Any]]]:
    """A fresh in-process emulator; while it runs, the telegramApi credential that reaches
    it. Message dates follow `KFLOW_SANDBOX_NOW` when it is set; a bad value ends with exit 2."""
    clock = env_clock_or_exit()
    async with TelegramServer(clock=clock) as server:
        yield {CREDENTIAL_TYPE: server.credentials()}


class TelegramCommand:
    """Serves the Telegram Bot API emulator until interrupted."""

    name = "telegram-sandbox"
    help = "serve the Telegram Bot API emulator"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8081)
        parser.add_argument("--token", help="bot token to accept (a fresh one by default)")
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
        async with TelegramServer(port=args.port, token=args.token, clock=clock) as server:
            print(f"Telegram emulator on {server.url}", flush=True)
            if args.token is None:
                print(f"It accepts the bot token {server.token}", flush=True)
            print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
            await asyncio.Event().wait()
        return 0


COMMAND = TelegramCommand()
