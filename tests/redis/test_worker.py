"""kflow serve and kflow worker over a real Redis: serve records, the worker runs.

Needs Debian's redis-server (`.ci/install-redis`); each test starts its own on a free port.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.serve.brokers import make_broker
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings
from kflow.sandbox import SandboxServer
from tests.integration.test_cli import KFLOW, ROOT

pytestmark = pytest.mark.redis

FLOW = """
name: Read a campaign
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: read, responseMode: lastNode}
  - name: Campaign
    type: keitaro
    parameters: {resource: campaign, operation: get, campaignId: "={{ $json.body.id }}"}
    credentials: {keitaroApi: {name: Keitaro tracker}}
connections:
  Hook: [Campaign]
"""


@pytest.fixture
async def tracker() -> AsyncIterator[SandboxServer]:
    async with SandboxServer(record=True) as server:
        yield server


async def _worker(redis_url: str, creds: Path, *more: str) -> asyncio.subprocess.Process:
    proc = await asyncio.create_subprocess_exec(
        str(KFLOW),
        "worker",
        "--broker",
        redis_url,
        "--credentials",
        str(creds),
        *more,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ},
        cwd=ROOT,
    )
    assert proc.stderr is not None
    line = (await asyncio.wait_for(proc.stderr.readline(), 30)).decode()
    assert "taking executions" in line, line
    return proc


async def _serve(
    redis_url: str, tracker: SandboxServer, tmp_path: Path
) -> tuple[Server, ExecutionStore, Path]:
    """A started serve on Redis holding no Keitaro credential (only a worker can run the
    executions), and a credentials file for workers that reaches `tracker`."""
    creds = tmp_path / "creds.yaml"
    data = tracker.credentials()
    creds.write_text(
        f"keitaroApi:\n  domain: {data['domain']}\n  apiKey: {data['apiKey']}\n",
        encoding="utf-8",
    )
    (tmp_path / "flow.yaml").write_text(FLOW)
    store = ExecutionStore(tmp_path / "kflow.db")
    server = Server(
        load_served_flows([tmp_path / "flow.yaml"]),
        store,
        Credentials(),
        RunSettings(),
        broker=make_broker(redis_url, concurrency=4),
    )
    await server.start()
    return server, store, creds


async def _submit(server: Server, campaigns: tuple[int, ...]) -> list[Any]:
    """One execution per campaign id, each waited for to the end."""
    (trigger,) = server.request_triggers()
    waits = []
    for campaign in campaigns:
        _, done = await server.submit(trigger, [{"body": {"id": campaign}}], wait="finished")
        waits.append(done)
    return waits


async def test_serve_records_and_a_worker_runs(
    redis_url: str, tracker: SandboxServer, tmp_path: Path
) -> None:
    server, store, creds = await _serve(redis_url, tracker, tmp_path)
    worker = await _worker(redis_url, creds)
    try:
        waits = await _submit(server, (1, 2, 3, 4, 5))
        answers = await asyncio.wait_for(asyncio.gather(*waits), 60)
    finally:
        worker.terminate()
        await asyncio.wait_for(worker.wait(), 30)
        await server.stop(grace=5)
    assert [a[0]["data"]["id"] for a in answers] == [1, 2, 3, 4, 5]
    assert {e.status for e in store.list()} == {"success"}
    assert all(e.started_at and e.finished_at for e in store.list())
    gets = sorted(r.path for r in tracker.requests if r.method == "GET")
    assert gets == [f"/admin_api/v1/campaigns/{n}" for n in (1, 2, 3, 4, 5)]
    assert worker.returncode == 0


async def test_a_killed_workers_executions_are_delivered_again_and_complete(
    redis_url: str, tmp_path: Path
) -> None:
    """kill -9 a worker in the middle of its executions: another worker finishes them."""
    import signal

    from kflow.sandbox.faults import FaultPlan

    slow = FaultPlan.parse("slow=1", seed=3, slow_seconds=3.0)
    async with SandboxServer(record=True, faults=slow) as tracker:
        server, store, creds = await _serve(redis_url, tracker, tmp_path)
        doomed = survivor = None
        try:
            doomed = await _worker(redis_url, creds, "--idle-timeout", "4")
            waits = await _submit(server, (1, 2, 3, 4))
            for _ in range(200):  # until the doomed worker is inside its four requests
                if sum(slow.seen.values()) >= 4:
                    break
                await asyncio.sleep(0.05)
            doomed.send_signal(signal.SIGKILL)
            await doomed.wait()
            assert not any(w.done() for w in waits), "killed before any could finish"
            survivor = await _worker(redis_url, creds, "--idle-timeout", "4")
            answers = await asyncio.wait_for(asyncio.gather(*waits), 90)
        finally:
            for proc in (doomed, survivor):
                if proc is not None and proc.returncode is None:
                    proc.terminate()
                    await asyncio.wait_for(proc.wait(), 30)
            await server.stop(grace=5)
        assert sorted(a[0]["data"]["id"] for a in answers) == [1, 2, 3, 4]
        assert [e.status for e in store.list()] == ["success"] * 4
        gets = [r.path for r in tracker.requests if r.method == "GET"]
        assert len(gets) >= 8, "each killed execution ran again from the start"
