"""`kflow executions show` and `retry`: a failed execution keeps its input, every node's
items and its error (secrets masked), and runs again as a new execution linked to it, from
the start or from the node that failed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from kflow.host.credentials import Credentials
from kflow.host.serve.app import create_app
from kflow.host.serve.executions import ExecutionStore, Job
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings
from tests.integration.test_cli import kflow

CALLER_SECRET = "Bearer caller-secret-0123456789"

ORDERS = """
name: Orders
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: order, responseMode: onReceived}
  - name: Prepare
    type: code
    parameters:
      jsCode: "return items.map(i => ({json: {amount: i.json.body.amount,
        prepared_in: $execution.id}}))"
  - name: Check
    type: code
    parameters:
      jsCode: "for (const i of items) { if (i.json.amount > LIMIT) throw new Error('amount '
        + i.json.amount + ' is over the limit'); } return items"
  - name: Done
    type: noOp
connections:
  Hook: [Prepare]
  Prepare: [Check]
  Check: [Done]
"""


def _orders(limit: int) -> str:
    return ORDERS.replace("LIMIT", str(limit))


async def _serve_orders(folder: Path, amounts: list[int], **options: Any) -> list[int]:
    """Serves the orders flow over HTTP, posts one order per amount (with a caller's
    credential), and returns the executions' ids once they ended."""
    flow = folder / "orders.yaml"
    if not flow.exists():
        flow.write_text(_orders(100))
    store = ExecutionStore(folder / "kflow.db")
    server = Server(load_served_flows([flow]), store, Credentials(), RunSettings(), **options)
    runner = web.AppRunner(create_app(server))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    await server.start()
    ids = []
    try:
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        async with aiohttp.ClientSession(base) as http:
            for amount in amounts:
                async with http.post(
                    "/webhook/order",
                    json={"amount": amount},
                    headers={"Authorization": CALLER_SECRET},
                ) as resp:
                    assert resp.status == 200
                    ids.append(int(resp.headers["X-Kflow-Execution-Id"]))
        await server.stop(grace=30)
    finally:
        await runner.cleanup()
        store.close()
    return ids


@pytest.fixture
async def orders(tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    """Execution 1 failed at Check (amount 500 over 100); execution 2 succeeded."""
    failed, succeeded = await _serve_orders(tmp_path, [500, 5])
    yield {
        "db": str(tmp_path / "kflow.db"),
        "flow": tmp_path / "orders.yaml",
        "ids": (failed, succeeded),
    }


async def _executions(*args: str, db: str) -> Any:
    return await kflow("executions", *args, "--db", db)


async def test_show_gives_the_input_each_nodes_items_and_the_error(orders: dict[str, Any]) -> None:
    shown = await _executions("show", "1", db=orders["db"])
    assert shown.code == 0, shown.err
    text = shown.out
    assert "Execution 1: error" in text
    assert "mode      webhook (request:Hook)" in text
    assert "Input: the webhook request, as stored (1 item)" in text
    assert (
        text.index("  Hook: 1 item") < text.index("  Prepare: 1 item") < text.index("Check: failed")
    )
    assert '{"amount": 500, "prepared_in": "1"}' in text
    assert "  node       Check" in text
    assert "message    Error: amount 500 is over the limit" in text
    assert "kflow executions retry 1 --from-failed" in text
    assert "caller-secret-0123456789" not in text

    whole = (
        await kflow("executions", "show", "1", "--db", orders["db"], "--format", "json")
    ).json()
    assert whole["status"] == "error" and whole["mode"] == "webhook"
    assert whole["retryOf"] is None and whole["retrySuccessId"] is None
    assert [n["node"] for n in whole["nodes"]] == ["Hook", "Prepare"]
    assert whole["nodes"][1]["outputs"] == [
        {"count": 1, "items": [{"amount": 500, "prepared_in": "1"}]}
    ]
    assert whole["errorDetail"]["node"] == "Check"
    assert whole["retryFromFailed"] is True and whole["nodesCut"] is False
    assert whole["input"][0]["headers"]["authorization"] != CALLER_SECRET
    assert whole["flowFile"] == str(orders["flow"].resolve())

    lines = (
        await kflow(
            "executions", "show", "1", "--db", orders["db"], "--format", "jsonl", "--items", "0"
        )
    ).out.splitlines()
    assert json.loads(lines[0])["id"] == 1 and "nodes" not in json.loads(lines[0])
    assert [json.loads(line)["node"] for line in lines[1:]] == ["Hook", "Prepare"]
    assert json.loads(lines[2])["outputs"] == [{"count": 1, "items": []}]


async def test_retry_from_the_failed_node_reuses_what_ran_before_it(
    orders: dict[str, Any],
) -> None:
    same = await _executions("retry", "1", "--from-failed", db=orders["db"])
    assert same.code == 1, same.err
    assert "retry of execution 1 from node 'Check'" in same.err
    assert 'execution 3 "Orders" error' in same.err

    orders["flow"].write_text(_orders(1000))
    fixed = await _executions("retry", "1", "--from-failed", db=orders["db"])
    assert fixed.code == 0, fixed.err
    assert "changed since execution 1 ran" in fixed.err
    # Prepare did not run again: its output is the one execution 1 made.
    assert fixed.json() == [{"amount": 500, "prepared_in": "1"}]

    listed = {
        e["id"]: e
        for e in map(
            json.loads,
            (await _executions("list", "--format", "jsonl", db=orders["db"])).out.splitlines(),
        )
    }
    assert listed[4]["mode"] == "retry" and listed[4]["retryOf"] == 1
    assert listed[4]["status"] == "success"
    assert listed[1]["retrySuccessId"] == 4 and listed[1]["status"] == "error"
    assert listed[3]["retryOf"] == 1 and listed[3]["retrySuccessId"] is None

    again = await _executions("retry", "1", db=orders["db"])
    assert again.code == 2 and "retried successfully already, as execution 4" in again.err
    # Going on from the failed node, the retries share the effect ledger of execution 1:
    # what that node had created is replayed, not created again.
    store = ExecutionStore(orders["db"])
    try:
        ledgers = {i: store.job_of(i).execution for i in (1, 3, 4)}  # type: ignore[union-attr]
    finally:
        store.close()
    assert ledgers[3] == ledgers[4] == ledgers[1] == f"{store.instance}:1"


async def test_retry_from_the_start_runs_every_node_with_the_same_input(
    orders: dict[str, Any],
) -> None:
    orders["flow"].write_text(_orders(1000))
    retried = await _executions("retry", "1", db=orders["db"])
    assert retried.code == 0, retried.err
    assert retried.json() == [{"amount": 500, "prepared_in": "3"}]
    store = ExecutionStore(orders["db"])
    try:
        assert store.job_of(3).execution == f"{store.instance}:3"  # type: ignore[union-attr]
    finally:
        store.close()


async def test_retry_refuses_what_did_not_fail_and_says_why(
    orders: dict[str, Any], tmp_path: Path
) -> None:
    succeeded = await _executions("retry", "2", db=orders["db"])
    assert succeeded.code == 2
    assert "execution 2 succeeded; only failed executions are retried" in succeeded.err
    store = ExecutionStore(orders["db"])
    queued = store.create(Job("Orders", "request:Hook", {}, "Hook", [{}]))
    store.close()
    pending = await _executions("retry", str(queued), db=orders["db"])
    assert pending.code == 2 and f"execution {queued} is still queued" in pending.err
    missing = await _executions("retry", "99", db=orders["db"])
    assert missing.code == 2 and "there is no execution 99" in missing.err


async def test_a_gone_flow_file_is_said_and_original_runs_the_stored_flow(
    orders: dict[str, Any],
) -> None:
    orders["flow"].unlink()
    gone = await _executions("retry", "1", db=orders["db"])
    assert gone.code == 2
    assert "is gone; give --original to retry with the flow as it ran" in gone.err
    original = await _executions("retry", "1", "--original", "--format", "jsonl", db=orders["db"])
    assert original.code == 1, original.err  # the flow as it ran fails the same way
    assert "retrying with the flow as execution 1 ran" in original.err
    shown = (
        await kflow("executions", "show", "3", "--db", orders["db"], "--format", "json")
    ).json()
    assert (shown["mode"], shown["retryOf"], shown["status"]) == ("retry", 1, "error")


async def test_a_run_over_the_bound_is_cut_and_cannot_go_on_from_its_node(
    tmp_path: Path,
) -> None:
    await _serve_orders(tmp_path, [500], max_stored_bytes=60)
    whole = (
        await kflow(
            "executions", "show", "1", "--db", str(tmp_path / "kflow.db"), "--format", "json"
        )
    ).json()
    assert whole["nodesCut"] is True and whole["retryFromFailed"] is False
    assert whole["nodes"][0]["outputs"][0]["count"] == 1
    text = (await _executions("show", "1", db=str(tmp_path / "kflow.db"))).out
    assert "not kept" in text and "--max-stored-mb" in text
    refused = await _executions("retry", "1", "--from-failed", db=str(tmp_path / "kflow.db"))
    assert refused.code == 2
    assert "larger than the bound on what is kept (--max-stored-mb)" in refused.err


async def test_an_older_database_gains_the_new_columns(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        CREATE TABLE executions (id INTEGER PRIMARY KEY, flow TEXT NOT NULL,
            trigger TEXT NOT NULL, status TEXT NOT NULL, attempt INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
            items_in INTEGER NOT NULL DEFAULT 0, items_out INTEGER, error TEXT,
            input TEXT NOT NULL DEFAULT '[]', snapshot TEXT NOT NULL DEFAULT '{}',
            start_node TEXT NOT NULL DEFAULT '', outputs TEXT);
        INSERT INTO executions (flow, trigger, status, created_at, finished_at, items_in,
            items_out, error, input, snapshot, start_node)
        VALUES ('Old', 'request:Hook', 'error', '2026-01-01T00:00:00.000+00:00',
            '2026-01-01T00:00:01.000+00:00', 1, 0, 'it broke', '[{"body": {}}]',
            '{"name": "Old", "nodes": [{"name": "Hook", "type": "webhook",
              "parameters": {"path": "x"}}]}', 'Hook');
        """
    )
    conn.close()
    shown = await kflow("executions", "show", "1", "--db", str(db))
    assert shown.code == 0, shown.err
    assert "Execution 1: error" in shown.out and "message  it broke" in shown.out
    refused = await kflow("executions", "retry", "1", "--from-failed", "--db", str(db))
    assert refused.code == 2 and "recorded without its run" in refused.err
