"""The effect ledger with the Keitaro node and the sandbox: creates are made once per
(execution, node, item), found again by the name or alias they sent, or marked for review."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.effects import Effect, Effects
from kflow.host.engine import run_flow
from kflow.host.errors import NodeApiError
from kflow.host.flow import parse_flow
from kflow.host.serve.ledgers import SqliteLedger
from kflow.sandbox import SandboxServer


@pytest.fixture
async def tracker() -> AsyncIterator[SandboxServer]:
    async with SandboxServer(record=True) as server:
        yield server


@pytest.fixture
def ledger(tmp_path: Path) -> SqliteLedger:
    return SqliteLedger(sqlite3.connect(tmp_path / "ledger.db", isolation_level=None))


def _flow(parameters: dict[str, Any]) -> Any:
    return parse_flow(
        {
            "name": "make",
            "nodes": [
                {"name": "Make", "type": "keitaro", "parameters": parameters},
            ],
            "connections": {},
        },
        source="test",
    )


async def _run(
    tracker: SandboxServer, ledger: SqliteLedger, parameters: dict[str, Any], items: list
) -> list[dict[str, Any]]:
    result = await run_flow(
        _flow(parameters),
        credentials=_credentials(tracker),
        items=[{"json": item} for item in items],
        effects=Effects(ledger, "db:7"),
    )
    return [item["json"] for item in result.items]


def _credentials(tracker: SandboxServer) -> Credentials:
    creds = Credentials()
    creds.add(KEITARO_API, tracker.credentials())
    return creds


OFFER = {"resource": "offer", "operation": "create", "name": "={{ $json.name }}"}


def _posts(tracker: SandboxServer, path: str) -> list[Any]:
    return [r for r in tracker.requests if r.method == "POST" and r.path.endswith(path)]


async def test_an_execution_run_again_creates_nothing_again(
    tracker: SandboxServer, ledger: SqliteLedger
) -> None:
    names = [{"name": f"Offer {n}"} for n in range(5)]
    first = await _run(tracker, ledger, OFFER, names)
    again = await _run(tracker, ledger, OFFER, names)
    assert again == first
    assert [o["data"]["name"] for o in first] == [n["name"] for n in names]
    assert len(_posts(tracker, "/offers")) == 5


async def test_an_interrupted_create_is_found_by_its_name(
    tracker: SandboxServer, ledger: SqliteLedger
) -> None:
    before = await _run(tracker, ledger, {"resource": "offer", "operation": "getMany"}, [{}])
    same_name = [str(o["data"]["id"]) for o in before if o["data"]["name"] == "Lost answer"]
    await ledger.claim("db:7", "Make\x1f0", Effect("intent", same_name))
    made = await _run(tracker, SqliteLedger(ledger.conn), OFFER, [{"name": "Lost answer"}])
    assert len(_posts(tracker, "/offers")) == 1, "nothing was there: the create is sent"
    # The answer of that create was lost: the next run finds the object instead.
    await ledger.put("db:7", "Make\x1f0", Effect("intent", same_name))
    found = await _run(tracker, ledger, OFFER, [{"name": "Lost answer"}])
    assert len(_posts(tracker, "/offers")) == 1
    assert found[0]["data"]["id"] == made[0]["data"]["id"]
    assert found[0]["success"] is True


async def test_a_campaign_is_found_by_its_alias(
    tracker: SandboxServer, ledger: SqliteLedger
) -> None:
    campaign = {
        "resource": "campaign",
        "operation": "create",
        "name": "Summer",
        "additionalFields": {"alias": "summer-26"},
    }
    await ledger.claim("db:7", "Make\x1f0", Effect("intent", []))
    (made,) = await _run(tracker, ledger, campaign, [{}])
    await ledger.put("db:7", "Make\x1f0", Effect("intent", []))
    (found,) = await _run(tracker, ledger, campaign, [{}])
    assert found["data"]["id"] == made["data"]["id"]
    assert found["data"]["alias"] == "summer-26"
    assert len(_posts(tracker, "/campaigns")) == 1


async def test_a_clone_that_may_have_happened_is_marked_for_review(
    tracker: SandboxServer, ledger: SqliteLedger
) -> None:
    clone = {"resource": "offer", "operation": "clone", "offerId": 1}
    await ledger.claim("db:7", "Make\x1f0", Effect("intent", None))
    with pytest.raises(NodeApiError, match="needs review"):
        await _run(tracker, ledger, clone, [{}])
    assert not _posts(tracker, "/clone")


def test_effects_of_executions_ended_a_week_ago_are_dropped(tmp_path: Path) -> None:
    from kflow.host.serve.executions import ExecutionStore, Job

    store = ExecutionStore(tmp_path / "kflow.db")
    old, recent = (store.create(Job("f", "t", {}, "s", [])) for _ in range(2))
    for execution in (old, recent):
        store.finish(execution, error=None, items_out=0, outputs=None)
    store.conn.execute(
        "UPDATE executions SET finished_at = '2020-01-01T00:00:00+00:00' WHERE id = ?", (old,)
    )
    ledger = SqliteLedger(store.conn)
    for execution in (old, recent):
        name = f"{store.instance}:{execution}"
        store.conn.execute(
            "INSERT INTO effects (execution, key, effect) VALUES (?, 'k', '{}')", (name,)
        )
    SqliteLedger(store.conn)  # serve starting again
    kept = [row[0] for row in store.conn.execute("SELECT execution FROM effects")]
    assert kept == [f"{store.instance}:{recent}"]
    assert ledger.conn is store.conn
    store.close()


def test_runs_are_counted_per_execution(tmp_path: Path) -> None:
    """In-process, serve's database counts each run of an execution as it starts."""
    from kflow.host.serve.executions import ExecutionStore, Job

    store = ExecutionStore(tmp_path / "kflow.db")
    first, second = (store.create(Job("f", "t", {}, "s", [])) for _ in range(2))
    assert [store.start(first) for _ in range(3)] == [1, 2, 3]
    assert store.start(second) == 1
    store.close()
