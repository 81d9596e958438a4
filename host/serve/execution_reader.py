"""Reads the executions database for the REST API, off the event loop.

The reader has its own read-only SQLite connection, used by one worker thread only: every
query (and the decoding of stored outputs) runs there, so a large read delays other reads
but never the webhooks and schedules served on the loop. Serve's ExecutionStore stays the
only writer; in WAL mode its writes and these reads do not wait for each other.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from kflow.host.serve.executions import Execution, execution_from_row

__all__ = ["MAX_ID", "MAX_LIMIT", "ExecutionReader"]

MAX_LIMIT = 1000
"""Executions one listing returns at most."""
MAX_ID = 2**63 - 1
"""The largest id SQLite can hold (a signed 64-bit integer)."""

_LISTED = (
    "id, flow, trigger, status, attempt, created_at, started_at, finished_at, items_in, "
    "items_out, error, retry_of, retry_success_id"
)
"""The columns of a listing: never the outputs, input or snapshot."""
_T = TypeVar("_T")
_Executions = list[Execution]


class ExecutionReader:
    """Read-only access to the executions database at `path` (which must exist).

    Raises:
        ValueError: The database cannot be opened.
    """

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 5000) -> None:
        self.path = Path(path)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kflow-rest-read")
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        try:
            self._pool.submit(self._open, busy_timeout_ms).result()
        except sqlite3.Error as exc:
            self._pool.shutdown(wait=True)
            raise ValueError(f"cannot read the executions database {self.path}: {exc}") from None

    def __repr__(self) -> str:
        return f"ExecutionReader({str(self.path)!r})"

    async def list(
        self, *, limit: int = 50, flow: str | None = None, before: int | None = None
    ) -> _Executions:
        """The newest executions first (of `flow` only, when given), without their outputs;
        with `before`, those older than that execution id.

        Raises:
            ValueError: `limit` is not within 1…MAX_LIMIT, or `before` not a valid id.
        """
        if not 1 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be from 1 to {MAX_LIMIT}")
        if before is not None and not 1 <= before <= MAX_ID:
            raise ValueError(f"before must be an execution id from 1 to {MAX_ID}")
        return await self._run(self._select_list, limit, flow, before)

    async def get(self, execution_id: int) -> Execution | None:
        """One execution with its outputs (when they were kept), or None."""
        if not 1 <= execution_id <= MAX_ID:
            return None
        return await self._run(self._select_one, execution_id)

    async def get_json(self, execution_id: int) -> bytes | None:
        """One execution as the UTF-8 JSON of `Execution.to_json(outputs=True)`, or None.

        The stored outputs are spliced in as they are, not parsed and written again, and
        the text is put together in the reader's thread: megabytes of outputs cost the
        event loop nothing but the sending.
        """
        if not 1 <= execution_id <= MAX_ID:
            return None
        return await self._run(self._select_json, execution_id)

    def close(self) -> None:
        """Closes the connection once the reads under way are done. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._pool.submit(self._close_connection)
        self._pool.shutdown(wait=True)

    async def _run(self, query: Callable[..., _T], *args: Any) -> _T:
        if self._closed:
            raise RuntimeError("the executions reader is closed")
        return await asyncio.get_running_loop().run_in_executor(self._pool, query, *args)

    # Everything below runs in the reader's thread.

    def _open(self, busy_timeout_ms: int) -> None:
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            conn.execute("PRAGMA query_only=1")
            conn.execute("SELECT 1 FROM executions LIMIT 1").fetchall()
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the executions reader is closed")
        return self._conn

    def _select_list(self, limit: int, flow: str | None, before: int | None) -> _Executions:
        where: list[str] = []
        args: list[Any] = []
        if flow is not None:
            where.append("flow = ?")
            args.append(flow)
        if before is not None:
            where.append("id < ?")
            args.append(before)
        sql = f"SELECT {_LISTED} FROM executions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._connection().execute(f"{sql} ORDER BY id DESC LIMIT ?", [*args, limit])
        return [execution_from_row(row) for row in rows]

    def _select_one(self, execution_id: int) -> Execution | None:
        row = self._row(execution_id)
        return None if row is None else execution_from_row(row)

    def _select_json(self, execution_id: int) -> bytes | None:
        row = self._row(execution_id)
        if row is None:
            return None
        head = execution_from_row(row, outputs=False).to_json()
        text = json.dumps(head, ensure_ascii=False, default=str)
        # The store wrote the outputs with json.dumps: they are JSON text already.
        text = f'{text[:-1]}, "outputs": {row["outputs"] or "null"}}}'
        return text.encode("utf-8", "surrogatepass")

    def _row(self, execution_id: int) -> sqlite3.Row | None:
        query = f"SELECT {_LISTED}, outputs FROM executions WHERE id = ?"
        found: sqlite3.Row | None = self._connection().execute(query, (execution_id,)).fetchone()
        return found
