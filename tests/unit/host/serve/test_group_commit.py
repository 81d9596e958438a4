"""Serve's database thread commits the writes that wait together at once: one transaction
(one disk sync) for all of them, each write in a savepoint of its own, and no caller told
its write is done before it is committed."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from kflow.host.serve.database_thread import DatabaseThread
from kflow.host.serve.executions import ExecutionStore, Job

HANG = 30.0
"""Seconds after which a wait counts as a hang (a bound, not a measure)."""


def _job(n: int) -> Job:
    return Job("Flow", "request:Hook", {"name": "Flow"}, "Hook", [{"n": n}])


async def test_writes_waiting_together_share_one_commit(tmp_path: Path) -> None:
    store = ExecutionStore(tmp_path / "kflow.db")
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    database = DatabaseThread(store)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        held.set()
        release.wait(HANG)

    def refused() -> int:
        store.create(_job(99))
        raise ValueError("refused")

    first = database.call(hold)
    await asyncio.to_thread(held.wait, HANG)
    statements.clear()
    creates = [database.call(lambda n=n: store.create(_job(n))) for n in range(5)]
    failing = database.call(refused)
    creates += [database.call(lambda n=n: store.create(_job(n))) for n in range(5, 10)]
    assert not any(future.done() for future in creates)
    release.set()
    await asyncio.wait_for(first, HANG)
    ids = await asyncio.wait_for(asyncio.gather(*creates), HANG)
    with pytest.raises(ValueError, match="refused"):
        await asyncio.wait_for(failing, HANG)
    database.shutdown()
    assert len(set(ids)) == 10
    assert [s for s in statements if s in {"BEGIN IMMEDIATE", "COMMIT"}] == [
        "BEGIN IMMEDIATE",
        "COMMIT",
    ]
    # The refused call's own write was rolled back, not the others'.
    assert sorted(e.id for e in store.list()) == sorted(ids)
    store.close()


async def test_a_write_alone_runs_as_before(tmp_path: Path) -> None:
    store = ExecutionStore(tmp_path / "kflow.db")
    database = DatabaseThread(store)
    execution_id = await asyncio.wait_for(database.call(lambda: store.create(_job(1))), HANG)
    database.shutdown()
    assert store.get(execution_id, outputs=False) is not None
    store.close()
