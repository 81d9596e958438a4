"""The deduplication history: SQLite (several processes on one file) and Redis (workers)."""

from __future__ import annotations

import asyncio
import math
import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from kflow.host.dedupe import DedupeModeError, Processed, RedisDedupe, SqliteDedupe
from kflow.host.errors import NodeOperationError


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Any]:
    if request.param == "sqlite":
        store = SqliteDedupe(tmp_path / "state" / "dedupe.sqlite")
        yield store
        store.close()
    else:
        store = RedisDedupe.from_url(request.getfixturevalue("redis_url"))
        yield store
        await store.close()


async def test_entries_split_new_from_seen_and_remember_the_new(backend: Any) -> None:
    node = backend.for_node("wf", "RD")
    assert await node.check_and_record(["a", "b"], "node", "entries") == Processed(["a", "b"], [])
    found = await node.check_and_record(["c", "a", "d", "b"], "node", "entries")
    assert found == Processed(["c", "d"], ["a", "b"]), "input order kept in both lists"
    assert await node.count("node", "entries") == 4
    assert await node.count("node", "latestDate") == 0, "n8n counts entries only"


async def test_entries_beyond_the_size_drop_the_oldest(backend: Any) -> None:
    node = backend.for_node("wf", "RD")
    await node.check_and_record(["1", "2", "3"], "node", "entries", max_entries=3)
    await node.check_and_record(["4", "5"], "node", "entries", max_entries=3)
    assert await node.count("node", "entries") == 3
    found = await node.check_and_record(["1", "2", "3", "4", "5"], "node", "entries")
    assert found == Processed(["1", "2"], ["3", "4", "5"])


async def test_scopes_node_and_workflow(backend: Any) -> None:
    one, two = backend.for_node("wf", "One"), backend.for_node("wf", "Two")
    other = backend.for_node("other", "One")
    await one.check_and_record(["x"], "node", "entries")
    await one.check_and_record(["y"], "workflow", "entries")
    assert (await two.check_and_record(["x", "y"], "node", "entries")).seen == []
    assert (await two.check_and_record(["x", "y"], "workflow", "entries")).seen == ["y"]
    assert (await one.check_and_record(["x"], "node", "entries")).seen == ["x"]
    assert (await other.check_and_record(["x", "y"], "node", "entries")).seen == []
    assert (await other.check_and_record(["y"], "workflow", "entries")).seen == []


async def test_clear_forgets_one_scope(backend: Any) -> None:
    node = backend.for_node("wf", "RD")
    await node.check_and_record(["a"], "node", "entries")
    await node.check_and_record(["a"], "workflow", "entries")
    await node.clear("workflow")
    assert await node.count("workflow", "entries") == 0
    assert await node.count("node", "entries") == 1
    assert (await node.check_and_record(["a"], "workflow", "entries")).new == ["a"]


async def test_highest_number(backend: Any) -> None:
    node = backend.for_node("wf", "RD")
    first = await node.check_and_record(
        ["1", "5", "3"], "node", "latestIncrementalKey", ranks=[1, 5, 3]
    )
    assert first == Processed(["1", "5", "3"], []), "a first call finds all new, in given order"
    found = await node.check_and_record(
        ["7", "4", "5", "6"], "node", "latestIncrementalKey", ranks=[7, 4, 5, 6]
    )
    assert found == Processed(["6", "7"], ["4", "5"]), "ascending; equal to the highest is seen"
    found = await node.check_and_record(
        ["7", "inf"], "node", "latestIncrementalKey", ranks=[7, math.inf]
    )
    assert found == Processed(["inf"], ["7"])
    assert await node.count("node", "latestIncrementalKey") == 0


async def test_latest_date_orders_equal_dates_as_n8n(backend: Any) -> None:
    node = backend.for_node("wf", "RD")
    await node.check_and_record(["d0"], "node", "latestDate", ranks=[1000.0])
    found = await node.check_and_record(
        ["same-a", "same-b", "later"], "node", "latestDate", ranks=[1000.0, 1000.0, 2000.0]
    )
    # n8n's date comparison answers "before" for equal dates: the later of two equal
    # dates in the input comes first.
    assert found == Processed(["later"], ["same-b", "same-a"])


async def test_a_scope_keeps_its_mode_until_cleared(backend: Any) -> None:
    node = backend.for_node("wf", "RD")
    await node.check_and_record(["1"], "workflow", "entries")
    with pytest.raises(DedupeModeError) as raised:
        await node.check_and_record(["2"], "workflow", "latestIncrementalKey", ranks=[2])
    assert isinstance(raised.value, NodeOperationError)
    assert raised.value.node == "RD" and raised.value.parameter == "Keep Items Where"
    assert "Clear Deduplication History" in str(raised.value)
    await node.clear("workflow")
    found = await node.check_and_record(["2"], "workflow", "latestIncrementalKey", ranks=[2])
    assert found.new == ["2"]


async def test_latest_modes_need_a_rank_per_value(backend: Any) -> None:
    node = backend.for_node("wf", "RD")
    with pytest.raises(ValueError, match="one rank per value"):
        await node.check_and_record(["1", "2"], "node", "latestDate", ranks=[1])


async def test_concurrent_callers_see_each_value_new_once(backend: Any) -> None:
    values = [str(n) for n in range(40)]

    async def caller(number: int) -> list[str]:
        node = backend.for_node("wf", f"caller{number}")
        shuffled = values[number:] + values[:number]
        return (await node.check_and_record(shuffled, "workflow", "entries")).new

    found = await asyncio.gather(*(caller(n) for n in range(8)))
    assert sorted(v for new in found for v in new) == sorted(values)


async def test_sqlite_file_made_at_first_use_for_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state" / "dedupe.sqlite"
    store = SqliteDedupe(path)
    node = store.for_node("wf", "RD")
    assert not path.parent.exists(), "nothing is created before the first call"
    await node.count("node", "entries")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    await node.check_and_record(["secret-value"], "node", "entries")
    store.close()
    assert b"secret-value" not in path.read_bytes(), "values are kept as hashes"
    for extra in path.parent.glob("dedupe.sqlite-*"):
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600


async def test_sqlite_history_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "dedupe.sqlite"
    first = SqliteDedupe(path)
    await first.for_node("wf", "RD").check_and_record(["a"], "node", "entries")
    first.close()
    again = SqliteDedupe(path)
    assert (await again.for_node("wf", "RD").check_and_record(["a"], "node", "entries")).seen
    again.close()


_WORKER = """
import asyncio, sys
from kflow.host.dedupe import SqliteDedupe
store = SqliteDedupe(sys.argv[1])
node = store.for_node("wf", "N" + sys.argv[2])
found = asyncio.run(node.check_and_record([str(n) for n in range(60)], "workflow", "entries"))
print(" ".join(found.new))
"""


def test_sqlite_processes_sharing_a_file_take_turns(tmp_path: Path) -> None:
    path = tmp_path / "dedupe.sqlite"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(path), str(n)], stdout=subprocess.PIPE, text=True
        )
        for n in range(4)
    ]
    # communicate() without a timeout: libfaketime (the year-ahead run) breaks timed waits.
    outputs = [worker.communicate()[0].split() for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    assert sorted(v for new in outputs for v in new) == sorted(str(n) for n in range(60))
    assert sum(1 for new in outputs if new) == 1, "one process found them all new"
