"""Serve's executions database, written on a thread of its own with group commit.

Calls run in the order asked, off the event loop. The calls that wait together when the
thread gets to them share one transaction: one disk sync for all of them instead of one
each, with SQLite's durability as it is (no call's future resolves before its write is on
disk). Each call runs in a savepoint of its own, so one that fails leaves the others
standing. The store's lock is held for the whole transaction, so no other thread's use of
the connection (a schedule fire's claim, with its own transaction) lands inside it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

__all__ = ["DatabaseThread"]

T = TypeVar("T")

MAX_BATCH = 256
"""Most calls in one transaction."""


class Store(Protocol):
    """What the thread needs of the executions database (ExecutionStore)."""

    conn: sqlite3.Connection
    lock: threading.RLock


@dataclass
class _Call:
    run: Callable[[], Any]
    future: concurrent.futures.Future[Any] = field(default_factory=concurrent.futures.Future)


class DatabaseThread:
    """Runs `store` calls on one thread, in order, committing those that wait together at
    once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    def call(self, run: Callable[[], T]) -> asyncio.Future[T]:
        """`run()` on the database thread, as the running loop's future."""
        found: _Call = _Call(run)
        with self._guard:
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="kflow-db", daemon=True)
                self._thread.start()
            self._calls.put(found)
        return asyncio.wrap_future(found.future)

    def shutdown(self) -> None:
        """Runs what was asked, then ends the thread."""
        with self._guard:
            thread, self._thread = self._thread, None
            if thread is None:
                return
            self._calls.put(None)
        thread.join()

    def _work(self) -> None:
        while True:
            first = self._calls.get()
            if first is None:
                return
            batch = [first]
            ending = False
            while len(batch) < MAX_BATCH:
                try:
                    more = self._calls.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    ending = True
                    break
                batch.append(more)
            batch = [c for c in batch if c.future.set_running_or_notify_cancel()]
            if len(batch) == 1:
                _settle(batch[0])
            elif batch:
                self._together(batch)
            if ending:
                return

    def _together(self, batch: list[_Call]) -> None:
        conn = self.store.conn
        outcomes: list[tuple[_Call, Any, BaseException | None]] = []
        with self.store.lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error:  # the database is busy or broken: each call on its own
                for call in batch:
                    _settle(call)
                return
            for call in batch:
                conn.execute("SAVEPOINT kflow_call")
                try:
                    value = call.run()
                except BaseException as exc:  # the call's own failure, given to its caller
                    conn.execute("ROLLBACK TO kflow_call")
                    conn.execute("RELEASE kflow_call")
                    outcomes.append((call, None, exc))
                else:
                    conn.execute("RELEASE kflow_call")
                    outcomes.append((call, value, None))
            try:
                conn.execute("COMMIT")
            except BaseException as exc:  # nothing of the batch is on disk
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                outcomes = [(call, None, exc) for call, _, _ in outcomes]
        for call, value, error in outcomes:
            if error is None:
                call.future.set_result(value)
            else:
                call.future.set_exception(error)


def _settle(call: _Call) -> None:
    try:
        value = call.run()
    except BaseException as exc:  # the call's own failure, given to its caller
        call.future.set_exception(exc)
    else:
        call.future.set_result(value)
