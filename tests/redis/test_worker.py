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
from kflow.host.serve.redis_parts import ServeParts
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings
from kflow.sandbox import SandboxServer
from tests.integration.test_cli import KFLOW, ROOT
from tests.support import free_port

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
        "--allow-private-network",
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
    redis_url: str, tracker: SandboxServer, tmp_path: Path, flow: str = FLOW
) -> tuple[Server, ExecutionStore, Path]:
    """A started serve on Redis holding no Keitaro credential (only a worker can run the
    executions), and a credentials file for workers that reaches `tracker`."""
    creds = tmp_path / "creds.yaml"
    data = tracker.credentials()
    creds.write_text(
        f"keitaroApi:\n  domain: {data['domain']}\n  apiKey: {data['apiKey']}\n",
        encoding="utf-8",
    )
    (tmp_path / "flow.yaml").write_text(flow)
    store = ExecutionStore(tmp_path / "kflow.db")
    server = Server(
        load_served_flows([tmp_path / "flow.yaml"]),
        store,
        Credentials(),
        RunSettings(),
        broker=make_broker(redis_url, concurrency=4),
        **ServeParts.connect(redis_url, store.instance).options(),
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


MAKE = """
name: Make offers
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: make, responseMode: lastNode}
  - name: Offer
    type: keitaro
    parameters: {resource: offer, operation: create, name: "={{ $json.body.name }}"}
    credentials: {keitaroApi: {name: Keitaro tracker}}
connections:
  Hook: [Offer]
"""


async def _offer_names(tracker: SandboxServer) -> list[str]:
    import aiohttp

    data = tracker.credentials()
    url = f"{data['domain']}/admin_api/v1/offers"
    async with (
        aiohttp.ClientSession() as http,
        http.get(url, headers={"Api-Key": data["apiKey"]}) as resp,
    ):
        return [offer["name"] for offer in await resp.json()]


async def test_kill_9_a_worker_of_two_in_20_executions_of_10_creates(
    redis_url: str, tmp_path: Path
) -> None:
    """Every execution succeeds, and each of the 200 offers is made exactly once."""
    import signal
    from collections import Counter

    from kflow.sandbox.faults import FaultPlan

    slow = FaultPlan.parse("slow=0.5", seed=11, slow_seconds=0.4)
    async with SandboxServer(record=True, faults=slow) as tracker:
        server, store, creds = await _serve(redis_url, tracker, tmp_path, MAKE)
        workers = []
        try:
            for _ in range(2):
                workers.append(
                    await _worker(redis_url, creds, "--idle-timeout", "3", "--concurrency", "4")
                )
            (trigger,) = server.request_triggers()
            waits = []
            names = []
            for run in range(20):
                items = [{"body": {"name": f"run {run} item {n}"}} for n in range(10)]
                names += [item["body"]["name"] for item in items]
                _, done = await server.submit(trigger, items, wait="finished")
                waits.append(done)
            for _ in range(400):  # until the first worker is well into its executions
                made = sum(1 for r in tracker.requests if r.method == "POST")
                if made >= 40:
                    break
                await asyncio.sleep(0.05)
            assert "running" in {e.status for e in store.list(limit=100)}
            workers[0].send_signal(signal.SIGKILL)
            await workers[0].wait()
            assert not all(w.done() for w in waits), "killed after everything had finished"
            answers = await asyncio.wait_for(asyncio.gather(*waits), 180)
        finally:
            for proc in workers:
                if proc.returncode is None:
                    proc.terminate()
                    await asyncio.wait_for(proc.wait(), 30)
            await server.stop(grace=5)
        assert [len(a) for a in answers] == [10] * 20
        assert all(item["success"] for a in answers for item in a)
        executions = store.list(limit=100)
        assert [e.status for e in executions] == ["success"] * 20
        assert any(e.attempt > 1 for e in executions), "the kill interrupted no execution"
        posts = [r for r in tracker.requests if r.method == "POST"]
        assert len(posts) == 200, "an interrupted execution's creates were sent again"
        made = Counter(await _offer_names(tracker))
        assert {name: made[name] for name in names} == {name: 1 for name in names}


async def test_sigterm_lets_a_worker_finish_what_it_runs(redis_url: str, tmp_path: Path) -> None:
    """SIGTERM: the worker takes nothing new, finishes its executions, then exits."""
    import signal

    from kflow.sandbox.faults import FaultPlan

    slow = FaultPlan.parse("slow=1", seed=3, slow_seconds=1.5)
    async with SandboxServer(record=True, faults=slow) as tracker:
        server, store, creds = await _serve(redis_url, tracker, tmp_path)
        worker = await _worker(redis_url, creds, "--grace", "20")
        try:
            waits = await _submit(server, (1, 2, 3))
            for _ in range(200):
                if sum(slow.seen.values()) >= 3:
                    break
                await asyncio.sleep(0.05)
            worker.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(worker.wait(), 30) == 0
            answers = await asyncio.wait_for(asyncio.gather(*waits), 30)
        finally:
            if worker.returncode is None:
                worker.kill()
            await server.stop(grace=5)
        assert sorted(a[0]["data"]["id"] for a in answers) == [1, 2, 3]
        assert [e.status for e in store.list()] == ["success"] * 3
        assert len([r for r in tracker.requests if r.method == "GET"]) == 3, "none ran twice"


async def test_kill_9_serve_with_workers_and_restart_it(redis_url: str, tmp_path: Path) -> None:
    """Serve dies (kill -9) while workers run its executions; started again, it runs the
    ones it had not seen finish, and nothing is created twice."""
    import signal
    from collections import Counter

    from kflow.sandbox.faults import FaultPlan
    from tests.integration.test_serve_restart import FLOW as ON_RECEIVED
    from tests.integration.test_serve_restart import _listening

    slow = FaultPlan.parse("slow=1", seed=9, slow_seconds=1.0)
    async with SandboxServer(record=True, faults=slow) as tracker:
        data = tracker.credentials()
        creds = tmp_path / "creds.yaml"
        creds.write_text(
            f"keitaroApi:\n  domain: {data['domain']}\n  apiKey: {data['apiKey']}\n",
            encoding="utf-8",
        )
        (tmp_path / "flow.yaml").write_text(ON_RECEIVED)
        port = free_port()
        command = [
            *(str(KFLOW), "serve", str(tmp_path / "flow.yaml"), "--port", str(port)),
            "--allow-private-network",
            *("--db", str(tmp_path / "kflow.db"), "--broker", redis_url),
        ]

        async def serve() -> asyncio.subprocess.Process:
            proc = await asyncio.create_subprocess_exec(
                *command, stderr=asyncio.subprocess.DEVNULL, env={**os.environ}, cwd=ROOT
            )
            await _listening(port)
            return proc

        names = [f"Serve died {n}" for n in range(6)]
        server = await serve()
        worker = await _worker(redis_url, creds, "--idle-timeout", "3")
        store = ExecutionStore(tmp_path / "kflow.db")
        try:
            import aiohttp

            async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
                for name in names:
                    async with http.post("/webhook/make", json={"name": name}) as resp:
                        assert resp.status == 200
            for _ in range(200):
                if sum(1 for key in slow.seen if key.startswith("POST")) >= 3:
                    break
                await asyncio.sleep(0.05)
            server.send_signal(signal.SIGKILL)
            await server.wait()
            assert {e.status for e in store.list()} <= {"queued", "running"}, "killed too late"
            server = await serve()
            for _ in range(300):
                if {e.status for e in store.list()} == {"success"}:
                    break
                await asyncio.sleep(0.1)
        finally:
            for proc in (server, worker):
                if proc.returncode is None:
                    proc.terminate()
                    await asyncio.wait_for(proc.wait(), 30)
        assert [e.status for e in store.list()] == ["success"] * 6
        store.close()
        made = Counter(await _offer_names(tracker))
        assert {name: made[name] for name in names} == {name: 1 for name in names}


async def test_an_execution_longer_than_the_idle_timeout_runs_once(
    redis_url: str, tmp_path: Path
) -> None:
    """The worker's lease keeps a slow execution its own while it lives: the other worker,
    reading every second, does not take it over after the 2 s idle timeout."""
    from kflow.sandbox.faults import FaultPlan

    slow = FaultPlan.parse("slow=1", seed=4, slow_seconds=6.0)
    async with SandboxServer(record=True, faults=slow) as tracker:
        server, store, creds = await _serve(redis_url, tracker, tmp_path)
        workers = []
        try:
            for _ in range(2):
                workers.append(await _worker(redis_url, creds, "--idle-timeout", "2"))
            (wait,) = await _submit(server, (3,))
            (answer,) = await asyncio.wait_for(wait, 60)
        finally:
            for proc in workers:
                proc.terminate()
                await asyncio.wait_for(proc.wait(), 30)
            await server.stop(grace=5)
        assert answer["data"]["id"] == 3
        (execution,) = store.list()
        assert (execution.status, execution.attempt) == ("success", 1)
        assert len([r for r in tracker.requests if r.method == "GET"]) == 1, "it ran twice"
