"""The executions database (SQLite in WAL mode): what ran, when, from which trigger, and how.

`kflow serve` is its only writer; `kflow executions` and `/rest/executions` read it. Each
schedule fire is recorded under a unique key (flow, rule, instant) before its execution is
queued, so one fire can never run twice.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

__all__ = ["Execution", "ExecutionDetails", "ExecutionStore", "Job", "execution_from_row"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS executions (
    id INTEGER PRIMARY KEY,
    flow TEXT NOT NULL,
    trigger TEXT NOT NULL,
    status TEXT NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    items_in INTEGER NOT NULL DEFAULT 0,
    items_out INTEGER,
    error TEXT,
    input TEXT NOT NULL DEFAULT '[]',
    snapshot TEXT NOT NULL DEFAULT '{}',
    start_node TEXT NOT NULL DEFAULT '',
    outputs TEXT,
    task_id TEXT
);
CREATE INDEX IF NOT EXISTS executions_status ON executions(status);
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS fires (
    flow TEXT NOT NULL,
    rule TEXT NOT NULL,
    instant TEXT NOT NULL,
    execution_id INTEGER NOT NULL,
    PRIMARY KEY (flow, rule, instant)
);
"""
STATUSES = ("queued", "running", "waiting", "success", "error")
_ADDED_COLUMNS = {
    "task_id": "TEXT",
    "wait_till": "TEXT",
    "waiting": "TEXT",
    "resume_items": "TEXT",
    "resume_token": "TEXT",
    "flow_file": "TEXT",
    "retry_of": "INTEGER",
    "retry_success_id": "INTEGER",
    "run_data": "TEXT",
    "error_detail": "TEXT",
    "failed_at": "TEXT",
    "ledger": "TEXT",
}
MODES = {"request": "webhook", "schedule": "trigger"}
"""n8n's execution mode of each kind of trigger (a retry's mode is `retry`)."""


def _now() -> str:
    return _instant(datetime.now(UTC))


def _instant(moment: datetime) -> str:
    """An instant as stored: UTC, to the millisecond (so that text order is time order)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Job:
    """Everything an execution needs: the flow as it was when triggered, where it starts,
    the trigger's items, and once queued, the execution's name for the effect ledger
    (`<database id>:<id>`), its attempt as last recorded (runs are counted as they start), and
    where a worker sends a Respond to Webhook answer when serve waits for one. An execution
    that was put to wait carries the run to `resume` (host/waits.py's Suspension as JSON) and
    the items a webhook call resumed it with. `resume_token` signs its resume URL (made
    when the execution is recorded; a caller must give it back)."""

    flow: str
    trigger: str
    snapshot: dict[str, Any]
    start: str
    items: list[dict[str, Any]]
    execution: str = ""
    attempt: int = 1
    reply_to: str = ""
    resume: dict[str, Any] = field(default_factory=dict)
    resume_items: list[dict[str, Any]] = field(default_factory=list)
    resume_token: str = field(default="", repr=False)


@dataclass(frozen=True)
class Execution:
    """One execution as recorded."""

    id: int
    flow: str
    trigger: str
    status: str
    attempt: int
    created_at: str
    started_at: str | None
    finished_at: str | None
    items_in: int
    items_out: int | None
    error: str | None
    outputs: list[Any] | None
    retry_of: int | None = None
    retry_success_id: int | None = None

    @property
    def mode(self) -> str:
        """n8n's execution mode: webhook, trigger (a schedule) or retry."""
        if self.retry_of is not None:
            return "retry"
        return MODES.get(self.trigger.split(":", 1)[0], "trigger")

    def to_json(self, *, outputs: bool = False) -> dict[str, Any]:
        """The execution as JSON; the retry links under n8n's names (retryOf,
        retrySuccessId)."""
        skipped = ("outputs", "retry_of", "retry_success_id")
        data = {k: v for k, v in self.__dict__.items() if k not in skipped}
        data["mode"] = self.mode
        data["retryOf"] = self.retry_of
        data["retrySuccessId"] = self.retry_success_id
        if outputs:
            data["outputs"] = self.outputs
        return data


@dataclass(frozen=True)
class ExecutionDetails:
    """What `kflow executions show` and a retry read besides the execution's head: the
    trigger's items, the flow file, every node's items as kept (host/serve/run_data.py),
    the error's details, and the run as it stood when a node failed (None when not kept)."""

    execution: Execution
    input: list[Any]
    flow_file: str | None
    snapshot: dict[str, Any]
    start_node: str
    run_data: dict[str, Any] | None
    error_detail: dict[str, Any] | None
    failed_at: dict[str, Any] | None


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _locked(method: _Method) -> _Method:
    """Runs an ExecutionStore method holding the store's lock."""

    @functools.wraps(method)
    def locked(self: ExecutionStore, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return method(self, *args, **kwargs)

    return cast(_Method, locked)


class ExecutionStore:
    """The executions database at `path` (created when missing, readable by its owner only)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:" and not Path(self.path).exists():
            # Only serve's user reads what ran (SQLite gives its -wal and -shm the same mode).
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.lock = threading.RLock()
        """Held by every use of `conn`: serve writes from a thread of its own."""
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA busy_timeout=5000")
        self.conn.executescript(_SCHEMA)
        columns = {row["name"] for row in self.conn.execute("PRAGMA table_info(executions)")}
        for name, kind in _ADDED_COLUMNS.items():
            if name not in columns:  # a database from before the column was kept
                self.conn.execute(f"ALTER TABLE executions ADD COLUMN {name} {kind}")
        self.conn.execute(
            "INSERT OR IGNORE INTO meta (name, value) VALUES ('instance', ?)",
            (uuid.uuid4().hex,),
        )
        row = self.conn.execute("SELECT value FROM meta WHERE name = 'instance'").fetchone()
        self.instance: str = row["value"]
        """This database's id; it names executions outside it (the effect ledger)."""

    @_locked
    def close(self) -> None:
        self.conn.close()

    @_locked
    def create(
        self,
        job: Job,
        *,
        flow_file: str | None = None,
        retry_of: int | None = None,
        ledger: str | None = None,
    ) -> int:
        """Records a queued execution (its flow snapshot and input, the file the flow came
        from, the execution it retries and, for a retry from a failed node, the run to go
        on with and the name in the effect ledger it shares with the execution it retries);
        returns its id."""
        cursor = self.conn.execute(_INSERT, _values(job, flow_file, retry_of, ledger))
        return int(cursor.lastrowid or 0)

    @_locked
    def claim_fire(
        self, job: Job, rule: str, instant: datetime, *, flow_file: str | None = None
    ) -> int | None:
        """Records a schedule fire and its queued execution at once; None when that fire
        was recorded before (it already happened)."""
        key = instant.astimezone(UTC).isoformat()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if self.conn.execute(
                "SELECT 1 FROM fires WHERE flow = ? AND rule = ? AND instant = ?",
                (job.flow, rule, key),
            ).fetchone():
                self.conn.execute("ROLLBACK")
                return None
            execution = self.conn.execute(_INSERT, _values(job, flow_file, None, None)).lastrowid
            self.conn.execute(
                "INSERT INTO fires (flow, rule, instant, execution_id) VALUES (?, ?, ?, ?)",
                (job.flow, rule, key, execution),
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return int(execution or 0)

    @_locked
    def last_fire(self, flow: str, rule: str) -> datetime | None:
        row = self.conn.execute(
            "SELECT MAX(instant) AS last FROM fires WHERE flow = ? AND rule = ?", (flow, rule)
        ).fetchone()
        return datetime.fromisoformat(row["last"]) if row and row["last"] else None

    @_locked
    def start(self, execution_id: int) -> int:
        """Marks a queued execution as running (a finished one stays as it ended) and
        counts the run; returns which run it is (1 the first time)."""
        self.conn.execute(
            "UPDATE executions SET attempt = attempt + (started_at IS NOT NULL), "
            "status = CASE WHEN status IN ('queued', 'running') THEN 'running' ELSE status END, "
            "started_at = ? WHERE id = ?",
            (_now(), execution_id),
        )
        row = self.conn.execute(
            "SELECT attempt FROM executions WHERE id = ?", (execution_id,)
        ).fetchone()
        return int(row["attempt"]) if row else 1

    @_locked
    def finish(
        self,
        execution_id: int,
        *,
        error: str | None,
        items_out: int,
        outputs: list[Any] | None,
        started: str | None = None,
        attempt: int | None = None,
        run_data: dict[str, Any] | None = None,
        error_detail: dict[str, Any] | None = None,
        failed_at: dict[str, Any] | None = None,
    ) -> str | None:
        """Records how an execution ended (and when it started and which run of it this
        was, when the worker says): with a failed run, every node's items as kept, the
        error's details and the run as it stood when its node failed. A retry that
        succeeds marks the execution it retried (`retry_success_id`). Returns the
        execution's flow (None when there is no such execution)."""
        rows = self.conn.execute(
            "UPDATE executions SET status = ?, started_at = COALESCE(?, started_at), "
            "attempt = COALESCE(?, attempt), finished_at = ?, items_out = ?, error = ?, "
            "outputs = ?, run_data = ?, error_detail = ?, failed_at = ? WHERE id = ? "
            "RETURNING flow",
            (
                "error" if error else "success",
                started,
                attempt,
                _now(),
                items_out,
                error,
                _json_or_null(outputs),
                _json_or_null(run_data),
                _json_or_null(error_detail),
                _json_or_null(failed_at),
                execution_id,
            ),
        ).fetchall()  # to its end, so that the statement is done
        if not error:
            self.conn.execute(
                "UPDATE executions SET retry_success_id = ? WHERE id = "
                "(SELECT retry_of FROM executions WHERE id = ?)",
                (execution_id, execution_id),
            )
        return str(rows[0]["flow"]) if rows else None

    @_locked
    def suspend(self, execution_id: int, waiting: dict[str, Any], until: datetime | None) -> None:
        """Records an execution put to wait: the run to resume (JSON) and until when (None:
        until its resume URL is called)."""
        self.conn.execute(
            "UPDATE executions SET status = 'waiting', waiting = ?, wait_till = ?, "
            "resume_items = NULL, task_id = NULL WHERE id = ?",
            (
                json.dumps(waiting, ensure_ascii=False, default=str),
                None if until is None else _instant(until),
                execution_id,
            ),
        )

    @_locked
    def due_waits(self, now: datetime) -> list[int]:
        """Waiting executions whose time has come, oldest first."""
        rows = self.conn.execute(
            "SELECT id FROM executions WHERE status = 'waiting' AND wait_till IS NOT NULL "
            "AND wait_till <= ? ORDER BY id",
            (_instant(now),),
        )
        return [int(row["id"]) for row in rows]

    @_locked
    def waiting(self, execution_id: int) -> tuple[dict[str, Any], dict[str, Any], str] | None:
        """A waiting execution's flow snapshot, stored wait and resume token; None when it
        does not wait.

        Raises:
            ValueError: What was recorded cannot be read back.
        """
        row = self.conn.execute(
            "SELECT snapshot, waiting, resume_token FROM executions "
            "WHERE id = ? AND status = 'waiting'",
            (execution_id,),
        ).fetchone()
        if row is None or not row["waiting"]:
            return None
        return json.loads(row["snapshot"]), json.loads(row["waiting"]), row["resume_token"] or ""

    @_locked
    def resume(self, execution_id: int, items: list[dict[str, Any]] | None = None) -> bool:
        """Queues a waiting execution again (with the items of the webhook call that resumed
        it); False when it no longer waits (resumed by a call, or its time, just before)."""
        cursor = self.conn.execute(
            "UPDATE executions SET status = 'queued', resume_items = ?, task_id = NULL "
            "WHERE id = ? AND status = 'waiting'",
            (None if items is None else json.dumps(items, ensure_ascii=False), execution_id),
        )
        return cursor.rowcount == 1

    @_locked
    def queued(self, execution_id: int, task_id: str) -> None:
        """Records that the execution's job is in the queue, as task `task_id`."""
        self.conn.execute("UPDATE executions SET task_id = ? WHERE id = ?", (task_id, execution_id))

    @_locked
    def discard(self, execution_id: int) -> None:
        """Forgets an execution that could not be queued (its caller was told so)."""
        self.conn.execute(
            "DELETE FROM executions WHERE id = ? AND status = 'queued' AND started_at IS NULL",
            (execution_id,),
        )

    @_locked
    def fail(self, execution_id: int, error: str) -> None:
        """Records an execution that cannot run at all (a job that cannot be queued)."""
        self.conn.execute(
            "UPDATE executions SET status = 'error', finished_at = ?, items_out = 0, error = ? "
            "WHERE id = ?",
            (_now(), error, execution_id),
        )

    @_locked
    def unfinished(self) -> list[tuple[int, str | None]]:
        """Executions queued or interrupted (running when the server stopped), oldest first,
        each with the task it was queued as (None: never queued)."""
        rows = self.conn.execute(
            "SELECT id, task_id FROM executions WHERE status IN ('queued', 'running') ORDER BY id"
        )
        return [(int(row["id"]), row["task_id"]) for row in rows]

    @_locked
    def job_of(self, execution_id: int) -> Job | None:
        """What the execution needs to run: its flow snapshot, start node and input.

        Raises:
            ValueError: What was recorded cannot be read back.
        """
        row = self.conn.execute(
            "SELECT flow, trigger, input, snapshot, start_node, attempt, waiting, resume_items, "
            "resume_token, ledger FROM executions WHERE id = ?",
            (execution_id,),
        ).fetchone()
        if row is None:
            return None
        return Job(
            flow=row["flow"],
            trigger=row["trigger"],
            snapshot=json.loads(row["snapshot"]),
            start=row["start_node"],
            items=json.loads(row["input"]),
            execution=row["ledger"] or f"{self.instance}:{execution_id}",
            attempt=int(row["attempt"]),
            resume=json.loads(row["waiting"]) if row["waiting"] else {},
            resume_items=json.loads(row["resume_items"]) if row["resume_items"] else [],
            resume_token=row["resume_token"] or "",
        )

    @_locked
    def details(self, execution_id: int) -> ExecutionDetails | None:
        """The execution with everything `kflow executions show` and a retry read.

        Raises:
            ValueError: What was recorded cannot be read back.
        """
        row = self.conn.execute("SELECT * FROM executions WHERE id = ?", (execution_id,))
        found = row.fetchone()
        if found is None:
            return None
        return ExecutionDetails(
            execution=execution_from_row(found),
            input=json.loads(found["input"]),
            flow_file=found["flow_file"],
            snapshot=json.loads(found["snapshot"]),
            start_node=found["start_node"],
            run_data=_parsed(found["run_data"]),
            error_detail=_parsed(found["error_detail"]),
            failed_at=_parsed(found["failed_at"]),
        )

    @_locked
    def get(self, execution_id: int, *, outputs: bool = True) -> Execution | None:
        """The execution (with its kept outputs, unless `outputs` is False), or None."""
        columns = "*" if outputs else _HEAD
        row = self.conn.execute(f"SELECT {columns} FROM executions WHERE id = ?", (execution_id,))
        found = row.fetchone()
        return execution_from_row(found) if found else None

    @_locked
    def list(self, *, limit: int = 50, flow: str | None = None) -> list[Execution]:
        where, args = ("WHERE flow = ?", [flow]) if flow else ("", [])
        rows = self.conn.execute(
            f"SELECT * FROM executions {where} ORDER BY id DESC LIMIT ?", [*args, limit]
        )
        return [execution_from_row(row) for row in rows]


_HEAD = (
    "id, flow, trigger, status, attempt, created_at, started_at, finished_at, items_in, "
    "items_out, error, retry_of, retry_success_id"
)
"""The columns of an execution's head: never its outputs, input or snapshot."""

_INSERT = (
    "INSERT INTO executions (flow, trigger, status, created_at, items_in, input, snapshot, "
    "start_node, resume_token, flow_file, retry_of, waiting, ledger) "
    "VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _values(
    job: Job, flow_file: str | None, retry_of: int | None, ledger: str | None
) -> tuple[Any, ...]:
    return (
        job.flow,
        job.trigger,
        _now(),
        len(job.items),
        json.dumps(job.items, ensure_ascii=False),
        json.dumps(job.snapshot, ensure_ascii=False),
        job.start,
        secrets.token_urlsafe(24),
        flow_file,
        retry_of,
        _json_or_null(job.resume or None),
        ledger,
    )


def _json_or_null(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _parsed(text: str | None) -> Any:
    return json.loads(text) if text else None


def execution_from_row(row: sqlite3.Row, *, outputs: bool = True) -> Execution:
    """An execution from a row of the executions table (its outputs parsed when asked for
    and selected)."""
    # `in` on a Row looks at its values, not its column names.
    stored = row["outputs"] if outputs and "outputs" in row.keys() else None  # noqa: SIM118
    return Execution(
        id=row["id"],
        flow=row["flow"],
        trigger=row["trigger"],
        status=row["status"],
        attempt=row["attempt"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        items_in=row["items_in"],
        items_out=row["items_out"],
        error=row["error"],
        outputs=json.loads(stored) if stored else None,
        retry_of=row["retry_of"],
        retry_success_id=row["retry_success_id"],
    )
