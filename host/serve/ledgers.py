"""Where the effect ledger (`kflow.host.effects`) is kept: with the in-process queue, in
serve's own database; with Redis, in Redis, where every worker reaches it.

Keys name the execution as `<database id>:<execution id>`, so that serves with different
databases can share one Redis.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from kflow.host.effects import Effect

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisLedger", "SqliteLedger"]

KEEP_SECONDS = 7 * 24 * 3600
"""How long an execution's effects are kept: in Redis after the last one was written, in
serve's database after the execution ended."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS effects (
    execution TEXT NOT NULL,
    key TEXT NOT NULL,
    effect TEXT NOT NULL,
    PRIMARY KEY (execution, key)
);
"""


class SqliteLedger:
    """The ledger in serve's database (executions run in serve's own process). Effects of
    executions that ended more than `KEEP_SECONDS` ago are dropped when it opens: a
    finished execution never runs again in-process."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock | None = None) -> None:
        """`lock`: held around every use of `conn` (the executions store's, when serve
        writes it from another thread)."""
        self.conn = conn
        self.lock = lock or threading.RLock()
        self.conn.executescript(_SCHEMA)
        self._prune()

    def _prune(self) -> None:
        if not self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'executions'"
        ).fetchone():
            return
        cutoff = (datetime.now(UTC) - timedelta(seconds=KEEP_SECONDS)).isoformat()
        ended = (
            "SELECT meta.value || ':' || executions.id FROM executions, meta "
            "WHERE meta.name = 'instance' AND executions.status IN ('success', 'error') "
            "AND executions.finished_at < ?"
        )
        self.conn.execute(f"DELETE FROM effects WHERE execution IN ({ended})", (cutoff,))

    async def get(self, execution: str, key: str) -> Effect | None:
        with self.lock:
            row = self.conn.execute(
                "SELECT effect FROM effects WHERE execution = ? AND key = ?", (execution, key)
            ).fetchone()
        return Effect.decode(row[0]) if row else None

    async def claim(self, execution: str, key: str, intent: Effect) -> Effect | None:
        with self.lock:
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO effects (execution, key, effect) VALUES (?, ?, ?)",
                (execution, key, intent.encode()),
            )
        if cursor.rowcount:
            return None
        return await self.get(execution, key)

    async def put(self, execution: str, key: str, effect: Effect | None) -> None:
        with self.lock:
            if effect is None:
                self.conn.execute(
                    "DELETE FROM effects WHERE execution = ? AND key = ?", (execution, key)
                )
                return
            self.conn.execute(
                "INSERT OR REPLACE INTO effects (execution, key, effect) VALUES (?, ?, ?)",
                (execution, key, effect.encode()),
            )


class RedisLedger:
    """The ledger in Redis: one hash per execution, written by whichever worker runs it."""

    RUNS = "runs"

    def __init__(self, redis: Redis | str) -> None:
        """`redis`: the process's client (closed by its owner), or a URL to open one of
        its own (closed by `close`)."""
        from redis.asyncio import Redis

        self._owned = isinstance(redis, str)
        if isinstance(redis, str):
            redis = Redis.from_url(redis, decode_responses=True)
        self.redis = redis

    @staticmethod
    def _name(execution: str) -> str:
        return f"kflow:effects:{execution}"

    async def get(self, execution: str, key: str) -> Effect | None:
        found = await self.redis.hget(self._name(execution), f"e:{key}")
        return Effect.decode(found) if found is not None else None

    async def claim(self, execution: str, key: str, intent: Effect) -> Effect | None:
        name = self._name(execution)
        field = f"e:{key}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hsetnx(name, field, intent.encode())
            pipe.hget(name, field)
            pipe.expire(name, KEEP_SECONDS)
            created, found, _ = await pipe.execute()
        return None if created else Effect.decode(found)

    async def put(self, execution: str, key: str, effect: Effect | None) -> None:
        name = self._name(execution)
        if effect is None:
            await self.redis.hdel(name, f"e:{key}")
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(name, f"e:{key}", effect.encode())
            pipe.expire(name, KEEP_SECONDS)
            await pipe.execute()

    async def begin(self, execution: str) -> int:
        """Counts a run of the execution starting, on whichever worker; returns which run
        it is (1, 2…)."""
        name = self._name(execution)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hincrby(name, self.RUNS, 1)
            pipe.expire(name, KEEP_SECONDS)
            runs, _ = await pipe.execute()
        return int(runs)

    async def close(self) -> None:
        """Closes the client it opened itself."""
        if self._owned:
            await self.redis.aclose()
