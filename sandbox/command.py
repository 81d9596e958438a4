"""`kflow sandbox` and `--sandbox`, offered to kflow through entry points.

kflow finds this command in the `kflow.commands` group and the credential provider in
`kflow.sandboxes`; the sandbox never imports kflow's host, nor the host it. So a bad
`--now` or `KFLOW_SANDBOX_NOW` is reported by the sandbox (options.py), in kflow's words
and with its exit code 2 for bad input, rather than as a host error.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from kflow.sandbox.clock import ENV_VAR
from kflow.sandbox.faults import FaultPlan
from kflow.sandbox.options import bad_input, clock_for, env_clock_or_exit
from kflow.sandbox.server import SandboxServer

__all__ = ["COMMAND", "SandboxCommand", "serve_credentials"]

CREDENTIAL_TYPE = "keitaroApi"


@asynccontextmanager
async def serve_credentials() -> AsyncIterator[dict[str, dict[str, Any]]]:
    """A fresh in-process sandbox; while it runs, the keitaroApi credential that reaches it.

    Its clock starts at `KFLOW_SANDBOX_NOW` when that is set, and real time runs on from
    there; the demo data is seeded around that instant. A bad value ends kflow with exit 2.
    """
    async with SandboxServer(clock=env_clock_or_exit()) as server:
        yield {CREDENTIAL_TYPE: server.credentials()}


class SandboxCommand:
    """`kflow sandbox`: serve the Keitaro Admin API emulator until interrupted."""

    name = "sandbox"
    help = "serve the Keitaro sandbox"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8080)
        parser.add_argument("--api-key", help="key to accept (a fresh one by default)")
        parser.add_argument(
            "--postback-key", help="key of the postback URL (a fresh one by default)"
        )
        parser.add_argument("--db", help="SQLite file (in memory by default)")
        parser.add_argument("--seed", type=int, default=1, help="seed of the demo data")
        parser.add_argument(
            "--now",
            metavar="ISO",
            help=f"start the sandbox's clock and its demo data at this instant, e.g. "
            f"2026-11-20T12:00:00Z (default: ${ENV_VAR}, else real time)",
        )
        parser.add_argument(
            "--credentials-out", type=Path, metavar="FILE", help="write a credentials file for it"
        )
        parser.add_argument(
            "--faults",
            metavar="SPEC",
            default="",
            help="inject faults, e.g. 500=0.03,429=0.03,503=0.01,drop=0.01,lost=0.01,slow=0.02",
        )
        parser.add_argument("--fault-seed", type=int, default=0, help="seed of the fault decisions")
        parser.add_argument("--retry-after", type=int, default=1, help="Retry-After of 429 and 503")
        parser.add_argument("--slow-seconds", type=float, default=0.5, help="delay of slow answers")

    async def run(self, args: argparse.Namespace, redactor: object = None) -> int:
        """Serves until interrupted; 2 for bad options."""
        faults = None
        if args.faults:
            try:
                faults = FaultPlan.parse(
                    args.faults,
                    seed=args.fault_seed,
                    retry_after=args.retry_after,
                    slow_seconds=args.slow_seconds,
                )
            except ValueError as exc:
                return bad_input(f"--faults: {exc}")
        try:
            clock = clock_for(args.now)
        except ValueError as exc:
            return bad_input(str(exc))
        server = SandboxServer(
            faults=faults,
            port=args.port,
            api_key=args.api_key,
            postback_key=args.postback_key,
            db=args.db,
            seed=args.seed,
            clock=clock,
        )
        async with server:
            if args.credentials_out is not None:
                lines = "".join(f"  {k}: {v}\n" for k, v in server.credentials().items())
                args.credentials_out.write_text(f"{CREDENTIAL_TYPE}:\n{lines}", encoding="utf-8")
                args.credentials_out.chmod(0o600)
            if args.credentials_out:
                where = f"; credentials in {args.credentials_out}"
            elif args.api_key:
                where = "; it accepts the key given with --api-key"
            else:
                where = "; give --credentials-out FILE or --api-key KEY to be able to call it"
            print(f"Keitaro sandbox on {server.url}{where}", flush=True)
            if clock is not None:
                print(f"Its clock started at {clock.start.isoformat()}.", file=sys.stderr)
            print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
            await asyncio.Event().wait()
        return 0


COMMAND = SandboxCommand()
