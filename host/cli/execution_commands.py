"""`kflow executions`: what serve ran — list, show, retry."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from kflow.host.cli.catalog import BUILT_IN
from kflow.host.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    SimpleCommand,
    add_run_options,
    credentials_for,
)
from kflow.host.cli.served_runs import (
    add_network_options,
    add_stored_option,
    safe_url,
    served_settings,
    stored_bytes,
)
from kflow.host.errors import ConfigError
from kflow.host.redaction import Redactor
from kflow.host.serve.execution_log import execution_line
from kflow.host.serve.execution_view import TEXT_ITEMS, document, jsonl_lines, text_lines
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.jobs import JobRunner
from kflow.host.serve.ledgers import RedisLedger, SqliteLedger
from kflow.host.serve.retry import plan_retry, run_retry

__all__ = ["COMMANDS"]


def _executions_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="list|show|retry")
    listing = actions.add_parser("list", help="the newest executions first")
    _db_argument(listing)
    listing.add_argument("--flow", help="only this flow's executions")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--format", choices=["table", "json", "jsonl"], default="table")
    showing = actions.add_parser(
        "show", help="one execution: its input, every node's items, and its error"
    )
    showing.add_argument("id", type=int, help="the execution to show")
    _db_argument(showing)
    showing.add_argument(
        "--format",
        choices=["text", "json", "jsonl"],
        default="text",
        help="text (readable), json (one object), jsonl (the head, then one line per node run)",
    )
    showing.add_argument(
        "--items",
        type=int,
        metavar="N",
        help=f"at most N items per node output (text: {TEXT_ITEMS} unless given; json and "
        "jsonl: all)",
    )
    retrying = actions.add_parser(
        "retry",
        help="run a failed execution again, as a new one (from the start, or from the "
        "failed node with --from-failed)",
    )
    retrying.add_argument("id", type=int, help="the execution to retry")
    _db_argument(retrying)
    retrying.add_argument(
        "--from-failed",
        action="store_true",
        help="go on from the node that failed, with the stored outputs of the nodes before it",
    )
    retrying.add_argument(
        "--original",
        action="store_true",
        help="run the flow as it ran (stored with the execution), not its flow file as it is now",
    )
    retrying.add_argument(
        "--format",
        choices=["json", "jsonl"],
        default="json",
        help="how the retry's last node's items are printed",
    )
    retrying.add_argument(
        "--broker",
        help="redis://HOST:PORT that serve used: the effect ledger of its executions is there",
    )
    add_stored_option(retrying)
    add_network_options(retrying)
    add_run_options(retrying)


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=Path("kflow.db"), help="executions database (serve's --db)"
    )


async def _executions(args: argparse.Namespace, redactor: Redactor) -> int:
    if not args.db.exists():
        raise ConfigError(f"{args.db}: no executions database here (kflow serve --db)")
    store = ExecutionStore(args.db)
    try:
        if args.action == "show":
            return _show(store, args, redactor)
        if args.action == "retry":
            return await _retry(store, args, redactor)
        _list(store, args, redactor)
        return EXIT_OK
    finally:
        store.close()


def _show(store: ExecutionStore, args: argparse.Namespace, redactor: Redactor) -> int:
    if args.items is not None and args.items < 0:
        raise ConfigError("--items must be 0 or more")
    try:
        details = store.details(args.id)
    except ValueError as exc:
        raise ConfigError(f"execution {args.id} cannot be read back: {exc}") from None
    if details is None:
        print(f"kflow: no execution {args.id} in {args.db}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        text = json.dumps(document(details, items=args.items), ensure_ascii=False, indent=2)
        lines = [text]
    elif args.format == "jsonl":
        lines = list(jsonl_lines(details, items=args.items))
    else:
        lines = list(text_lines(details, items=TEXT_ITEMS if args.items is None else args.items))
    for line in lines:
        print(redactor.text(line))
    return EXIT_OK


def _list(store: ExecutionStore, args: argparse.Namespace, redactor: Redactor) -> None:
    listed = store.list(limit=args.limit, flow=args.flow)
    if args.format != "table":
        rows = [execution.to_json() for execution in listed]
        if args.format == "json":
            print(redactor.text(json.dumps(rows, ensure_ascii=False, indent=2)))
        for row in rows if args.format == "jsonl" else []:
            print(redactor.text(json.dumps(row, ensure_ascii=False)))
        return
    table = Table("id", "flow", "mode", "status", "started", "finished", "in", "out", "error")
    for e in listed:
        status = e.status
        if e.retry_success_id is not None:
            status += f" (retried: {e.retry_success_id})"
        table.add_row(
            str(e.id),
            e.flow,
            e.mode + (f" of {e.retry_of}" if e.retry_of is not None else ""),
            status,
            e.started_at or "",
            e.finished_at or "",
            str(e.items_in),
            str(e.items_out or ""),
            redactor.text(e.error or ""),
        )
    Console().print(table)


def _retry_ledger(store: ExecutionStore, broker: str | None) -> SqliteLedger | RedisLedger:
    """Where the executions' effects were recorded: serve's database, or with a Redis
    broker, Redis."""
    if broker is None:
        return SqliteLedger(store.conn)
    if not broker.startswith(("redis://", "rediss://")):
        raise ConfigError(f"--broker {safe_url(broker)}: give redis://HOST:PORT, as given to serve")
    return RedisLedger(broker)


async def _retry(store: ExecutionStore, args: argparse.Namespace, redactor: Redactor) -> int:
    max_stored = stored_bytes(args)
    retry = plan_retry(store, args.id, from_failed=args.from_failed, original=args.original)
    for note in retry.notes:
        print(redactor.text(f"kflow: {note}"), file=sys.stderr)
    async with credentials_for(args, redactor) as credentials:

        async def started(execution_id: int, job: object) -> int:
            return store.start(execution_id)

        ledger = _retry_ledger(store, args.broker)
        runner = JobRunner(
            credentials,
            served_settings(args),
            ledger=ledger,
            started=started,
            max_stored_bytes=max_stored,
        )
        try:
            new_id, result = await run_retry(store, retry, runner)
        finally:
            runner.close()
            if isinstance(ledger, RedisLedger):
                await ledger.close()
    where = f" from node {retry.from_node!r}" if retry.from_node else ""
    line = execution_line(new_id, retry.job.flow, result)
    print(redactor.text(f"kflow: {line} (retry of execution {args.id}{where})"), file=sys.stderr)
    if result.get("waiting"):
        print(
            "kflow: the retry waits (a Wait node); a kflow serve on this database resumes it",
            file=sys.stderr,
        )
        return EXIT_OK
    items = result.get("last") or []
    if args.format == "jsonl":
        for item in items:
            print(redactor.text(json.dumps(item, ensure_ascii=False)))
    else:
        print(redactor.text(json.dumps(items, ensure_ascii=False, indent=2)))
    if result["error"]:
        print(f"kflow: see it with: kflow executions show {new_id} --db {args.db}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


COMMANDS = (
    SimpleCommand("executions", BUILT_IN["executions"].help, _executions_arguments, _executions),
)
