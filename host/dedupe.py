"""What Remove Duplicates remembers across executions: values seen, or the highest / latest.

A scope is a workflow's ("workflow": shared by its nodes) or one node's ("node"). Each
scope keeps one kind of history, its mode: `entries` (a hash of each value seen, at most
`max_entries`, oldest dropped first) or `latestIncrementalKey` / `latestDate` (only the
highest number / latest date). A call in another mode than the one the scope was started
with fails until the scope is cleared, as in n8n.

Two stores: `SqliteDedupe` (one file; several processes may share it) and `RedisDedupe`
(for workers over Redis). Both give a node its view, bound to the workflow and the node,
through `for_node(workflow_key, node_name)`.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from kflow.host.errors import NodeOperationError

__all__ = [
    "DedupeHistory",
    "DedupeMode",
    "DedupeModeError",
    "DedupeScope",
    "DedupeStore",
    "Processed",
    "RedisDedupe",
    "SqliteDedupe",
]

DedupeMode = Literal["entries", "latestIncrementalKey", "latestDate"]
DedupeScope = Literal["node", "workflow"]
_LATEST = ("latestIncrementalKey", "latestDate")


@dataclass(frozen=True)
class Processed:
    """The values of one call split into those not seen before (`new`) and the others."""

    new: list[str]
    seen: list[str]


class DedupeStore(Protocol):
    """One node's view of the history: bound to its workflow and its name."""

    async def count(self, scope: DedupeScope, mode: DedupeMode) -> int:
        """How many values the scope remembers (0 unless both it and `mode` are entries)."""
        ...

    async def check_and_record(
        self,
        values: Sequence[str],
        scope: DedupeScope,
        mode: DedupeMode,
        *,
        max_entries: int | None = None,
        ranks: Sequence[float] | None = None,
    ) -> Processed:
        """Splits `values` into new and seen and remembers, in one transaction.

        entries: a value is seen when an earlier call recorded it; the new ones are
        recorded, then only the `max_entries` newest are kept (None: all). Order kept.
        latest modes: `ranks` gives each value's number (a date: its epoch milliseconds);
        a value is new when it ranks above the one remembered, which becomes the highest
        new one. Both lists come in ascending rank. A scope's first call finds every
        value new (in the order given) and remembers the highest.

        Raises:
            DedupeModeError: The scope was started in another mode.
        """
        ...

    async def clear(self, scope: DedupeScope) -> None:
        """Forgets the scope's history, whatever its mode."""
        ...


class DedupeHistory(Protocol):
    """Where a run's nodes remember values across executions: SqliteDedupe, RedisDedupe."""

    def for_node(self, workflow_key: str, node_name: str) -> DedupeStore:
        """The view of one node of one workflow."""
        ...


class DedupeModeError(NodeOperationError):
    """A scope's history was started with another 'Keep Items Where' setting."""

    def __init__(self, node: str, found: str, wanted: str) -> None:
        super().__init__(
            node,
            f"The deduplication history of this scope was kept in mode {found!r}, not "
            f"{wanted!r} (another 'Keep Items Where' setting): clear it with the "
            "'Clear Deduplication History' operation, or use another scope",
            parameter="Keep Items Where",
        )


def value_hash(value: str) -> str:
    """What an entry keeps of a value (never the value itself)."""
    return base64.b64encode(hashlib.sha256(value.encode("utf-8")).digest()[:18]).decode()


def _context(scope: str, node: str) -> str:
    return f"n:{node}" if scope == "node" else ""


def _compare(mode: str, left: float, right: float) -> int:
    # n8n compares dates as objects: equal dates answer -1 both ways.
    if mode == "latestIncrementalKey" and left == right:
        return 0
    return 1 if left > right else -1


def _split_latest(
    values: Sequence[str], ranks: Sequence[float], mode: str, stored: float | None
) -> tuple[Processed, tuple[str, float] | None]:
    """The split, and the (value, rank) to remember; None: keep what is remembered."""
    pairs = list(zip(values, ranks, strict=True))
    ordered = sorted(pairs, key=functools.cmp_to_key(lambda a, b: _compare(mode, a[1], b[1])))
    if stored is None:
        return Processed(list(values), []), (ordered[-1] if ordered else None)
    new: list[str] = []
    seen: list[str] = []
    largest: tuple[str, float] | None = None
    for value, rank in ordered:
        if _compare(mode, rank, stored) == 1:
            new.append(value)
            if largest is None or _compare(mode, rank, largest[1]) == 1:
                largest = (value, rank)
        else:
            seen.append(value)
    return Processed(new, seen), largest


def _split_entries(values: Sequence[str], known: set[str]) -> tuple[Processed, list[str]]:
    """The split, and the hashes to record (in order, once each)."""
    new: list[str] = []
    seen: list[str] = []
    recorded: list[str] = []
    for value in values:
        digest = value_hash(value)
        if digest in known:
            seen.append(value)
        else:
            new.append(value)
            if digest not in recorded:
                recorded.append(digest)
    return Processed(new, seen), recorded


def _check_ranks(mode: str, values: Sequence[str], ranks: Sequence[float] | None) -> None:
    if mode in _LATEST and (ranks is None or len(ranks) != len(values)):
        raise ValueError(f"mode {mode!r} needs one rank per value")


class _Backend(Protocol):
    async def count(self, workflow: str, context: str, mode: str) -> int: ...

    async def check_and_record(
        self,
        workflow: str,
        context: str,
        node: str,
        values: Sequence[str],
        mode: str,
        max_entries: int | None,
        ranks: Sequence[float] | None,
    ) -> Processed: ...

    async def clear(self, workflow: str, context: str) -> None: ...


@dataclass(frozen=True)
class _NodeDedupe:
    """A store's view for one node of one workflow (a `DedupeStore`)."""

    backend: _Backend
    workflow: str
    node: str

    async def count(self, scope: DedupeScope, mode: DedupeMode) -> int:
        return await self.backend.count(self.workflow, _context(scope, self.node), mode)

    async def check_and_record(
        self,
        values: Sequence[str],
        scope: DedupeScope,
        mode: DedupeMode,
        *,
        max_entries: int | None = None,
        ranks: Sequence[float] | None = None,
    ) -> Processed:
        _check_ranks(mode, values, ranks)
        return await self.backend.check_and_record(
            self.workflow,
            _context(scope, self.node),
            self.node,
            list(values),
            mode,
            max_entries,
            None if ranks is None else list(ranks),
        )

    async def clear(self, scope: DedupeScope) -> None:
        await self.backend.clear(self.workflow, _context(scope, self.node))


_SCHEMA = """
CREATE TABLE IF NOT EXISTS dedupe_scopes (
    workflow TEXT NOT NULL,
    context TEXT NOT NULL,
    mode TEXT NOT NULL,
    latest TEXT,
    rank REAL,
    PRIMARY KEY (workflow, context)
);
CREATE TABLE IF NOT EXISTS dedupe_entries (
    workflow TEXT NOT NULL,
    context TEXT NOT NULL,
    hash TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (workflow, context, hash)
);
CREATE INDEX IF NOT EXISTS dedupe_entries_by_age ON dedupe_entries (workflow, context, seq);
"""
_CHUNK = 500
"""Hashes looked up per query (SQLite's limit on bound variables)."""


class SqliteDedupe:
    """The history in an SQLite file (WAL; each call one immediate transaction, so that
    processes sharing the file take turns). The file, readable by its owner only, and its
    folder are created at the first call; `":memory:"` keeps it in this process."""

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 30_000) -> None:
        self.path = str(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def for_node(self, workflow_key: str, node_name: str) -> DedupeStore:
        """The view of node `node_name` of the workflow `workflow_key`."""
        return _NodeDedupe(self, workflow_key, node_name)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _open(self) -> sqlite3.Connection:
        if self._conn is None:
            if self.path != ":memory:":
                folder = Path(self.path).parent
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                # Its -wal and -shm files get the same mode from SQLite.
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
            _wal(conn, self.busy_timeout_ms)
            conn.executescript(_SCHEMA)
            self._conn = conn
        return self._conn

    async def _call(self, work: Any, *args: Any) -> Any:
        def transaction() -> Any:
            with self._lock:
                conn = self._open()
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = work(conn, *args)
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
                return result

        return await asyncio.to_thread(transaction)

    async def count(self, workflow: str, context: str, mode: str) -> int:
        return int(await self._call(_sqlite_count, workflow, context, mode))

    async def check_and_record(
        self,
        workflow: str,
        context: str,
        node: str,
        values: Sequence[str],
        mode: str,
        max_entries: int | None,
        ranks: Sequence[float] | None,
    ) -> Processed:
        result: Processed = await self._call(
            _sqlite_check, workflow, context, node, values, mode, max_entries, ranks
        )
        return result

    async def clear(self, workflow: str, context: str) -> None:
        await self._call(_sqlite_clear, workflow, context)


def _wal(conn: sqlite3.Connection, patience_ms: int) -> None:
    """Switches the file to WAL. Processes that open a new file together can find it locked:
    SQLite does not wait on its busy timeout for a journal mode change, so this does."""
    deadline = time.monotonic() + patience_ms / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_mode(conn: sqlite3.Connection, workflow: str, context: str) -> tuple[Any, ...] | None:
    row = conn.execute(
        "SELECT mode, latest, rank FROM dedupe_scopes WHERE workflow = ? AND context = ?",
        (workflow, context),
    ).fetchone()
    return tuple(row) if row else None


def _sqlite_count(conn: sqlite3.Connection, workflow: str, context: str, mode: str) -> int:
    found = _sqlite_mode(conn, workflow, context)
    if mode != "entries" or found is None or found[0] != "entries":
        return 0
    row = conn.execute(
        "SELECT COUNT(*) FROM dedupe_entries WHERE workflow = ? AND context = ?",
        (workflow, context),
    ).fetchone()
    return int(row[0])


def _sqlite_check(
    conn: sqlite3.Connection,
    workflow: str,
    context: str,
    node: str,
    values: Sequence[str],
    mode: str,
    max_entries: int | None,
    ranks: Sequence[float] | None,
) -> Processed:
    found = _sqlite_mode(conn, workflow, context)
    if found is not None and found[0] != mode:
        raise DedupeModeError(node, found[0], mode)
    if found is None:
        conn.execute(
            "INSERT INTO dedupe_scopes (workflow, context, mode) VALUES (?, ?, ?)",
            (workflow, context, mode),
        )
    if mode in _LATEST:
        assert ranks is not None
        processed, latest = _split_latest(values, ranks, mode, found[2] if found else None)
        if latest is not None:
            conn.execute(
                "UPDATE dedupe_scopes SET latest = ?, rank = ? WHERE workflow = ? AND context = ?",
                (*latest, workflow, context),
            )
        return processed
    hashes = [value_hash(v) for v in values]
    known: set[str] = set()
    for start in range(0, len(hashes), _CHUNK):
        chunk = hashes[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        known.update(
            row[0]
            for row in conn.execute(
                "SELECT hash FROM dedupe_entries WHERE workflow = ? AND context = ? "
                f"AND hash IN ({marks})",
                (workflow, context, *chunk),
            )
        )
    processed, recorded = _split_entries(values, known)
    row = conn.execute(
        "SELECT COALESCE(MAX(seq), 0) FROM dedupe_entries WHERE workflow = ? AND context = ?",
        (workflow, context),
    ).fetchone()
    conn.executemany(
        "INSERT INTO dedupe_entries (workflow, context, hash, seq) VALUES (?, ?, ?, ?)",
        [(workflow, context, h, row[0] + n) for n, h in enumerate(recorded, start=1)],
    )
    if max_entries is not None:
        conn.execute(
            "DELETE FROM dedupe_entries WHERE workflow = ? AND context = ? AND seq NOT IN "
            "(SELECT seq FROM dedupe_entries WHERE workflow = ? AND context = ? "
            "ORDER BY seq DESC LIMIT ?)",
            (workflow, context, workflow, context, max(max_entries, 0)),
        )
    return processed


def _sqlite_clear(conn: sqlite3.Connection, workflow: str, context: str) -> None:
    for table in ("dedupe_scopes", "dedupe_entries"):
        conn.execute(f"DELETE FROM {table} WHERE workflow = ? AND context = ?", (workflow, context))


class RedisDedupe:
    """The history in Redis, where every worker reaches it: per scope a hash (its mode, the
    latest value and rank, the entries' counter) and a sorted set of entry hashes by age.
    Each call is one optimistic transaction (WATCH, then MULTI), tried again when another
    client changed the scope meanwhile."""

    ATTEMPTS = 50

    def __init__(self, redis: Any, *, prefix: str = "kflow:dedupe") -> None:
        self.redis = redis
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str) -> RedisDedupe:
        from redis.asyncio import Redis

        return cls(Redis.from_url(url))

    def for_node(self, workflow_key: str, node_name: str) -> DedupeStore:
        """The view of node `node_name` of the workflow `workflow_key`."""
        return _NodeDedupe(self, workflow_key, node_name)

    async def close(self) -> None:
        await self.redis.aclose()

    def _keys(self, workflow: str, context: str) -> tuple[str, str]:
        scope = hashlib.sha256(f"{workflow}\x1f{context}".encode()).hexdigest()[:32]
        return f"{self.prefix}:{{{scope}}}:scope", f"{self.prefix}:{{{scope}}}:entries"

    async def count(self, workflow: str, context: str, mode: str) -> int:
        meta, entries = self._keys(workflow, context)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hget(meta, "mode")
            pipe.zcard(entries)
            found, size = await pipe.execute()
        if mode != "entries" or _text(found) != "entries":
            return 0
        return int(size)

    async def check_and_record(
        self,
        workflow: str,
        context: str,
        node: str,
        values: Sequence[str],
        mode: str,
        max_entries: int | None,
        ranks: Sequence[float] | None,
    ) -> Processed:
        from redis.exceptions import WatchError

        meta, entries = self._keys(workflow, context)
        for _ in range(self.ATTEMPTS):
            async with self.redis.pipeline(transaction=True) as pipe:
                try:
                    await pipe.watch(meta, entries)
                    return await self._check(
                        pipe, meta, entries, node, values, mode, max_entries, ranks
                    )
                except WatchError:
                    continue
        raise RuntimeError(f"deduplication history of {node!r} kept changing: try again")

    async def _check(
        self,
        pipe: Any,
        meta: str,
        entries: str,
        node: str,
        values: Sequence[str],
        mode: str,
        max_entries: int | None,
        ranks: Sequence[float] | None,
    ) -> Processed:
        found_mode, found_rank, counter = (
            _text(v) for v in await pipe.hmget(meta, ["mode", "rank", "seq"])
        )
        if found_mode is not None and found_mode != mode:
            raise DedupeModeError(node, found_mode, mode)
        if mode in _LATEST:
            assert ranks is not None
            stored = float(found_rank) if found_mode is not None and found_rank else None
            processed, latest = _split_latest(values, ranks, mode, stored)
            pipe.multi()
            pipe.hset(meta, "mode", mode)
            if latest is not None:
                pipe.hset(meta, mapping={"latest": latest[0], "rank": repr(latest[1])})
            await pipe.execute()
            return processed
        hashes = [value_hash(v) for v in values]
        scores = await pipe.zmscore(entries, hashes) if hashes else []
        known = {h for h, score in zip(hashes, scores, strict=True) if score is not None}
        processed, recorded = _split_entries(values, known)
        start = int(counter or 0)
        pipe.multi()
        pipe.hset(meta, mapping={"mode": mode, "seq": start + len(recorded)})
        if recorded:
            pipe.zadd(entries, {h: start + n for n, h in enumerate(recorded, start=1)})
        if max_entries is not None:
            pipe.zremrangebyrank(entries, 0, -max(max_entries, 0) - 1)
        await pipe.execute()
        return processed

    async def clear(self, workflow: str, context: str) -> None:
        await self.redis.delete(*self._keys(workflow, context))


def _text(value: Any) -> str | None:
    return value.decode() if isinstance(value, bytes) else value
