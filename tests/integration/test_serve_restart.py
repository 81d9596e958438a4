"""kill -9 `kflow serve` in the middle of its executions and start it again: the recorded
executions run again, and the creates they had sent are found, not made twice."""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter
from pathlib import Path

import aiohttp

from kflow.host.serve.executions import ExecutionStore
from kflow.sandbox import SandboxServer
from kflow.sandbox.faults import FaultPlan
from tests.integration.test_cli import KFLOW, ROOT
from tests.support import free_port

FLOW = """
name: Make offers
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: make}
  - name: Offer
    type: keitaro
    parameters: {resource: offer, operation: create, name: "={{ $json.body.name }}"}
    credentials: {keitaroApi: {name: Keitaro tracker}}
connections:
  Hook: [Offer]
"""


async def _serve(tmp_path: Path, port: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(KFLOW),
        "serve",
        str(tmp_path / "flow.yaml"),
        "--credentials",
        str(tmp_path / "creds.yaml"),
        "--allow-private-network",
        "--port",
        str(port),
        "--db",
        str(tmp_path / "kflow.db"),
        stderr=(tmp_path / "serve.log").open("a"),
        env={**os.environ},
        cwd=ROOT,
    )


async def _listening(port: int) -> None:
    for _ in range(300):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        return
    raise AssertionError(f"kflow serve does not listen on {port}")


async def _offers(tracker: SandboxServer) -> Counter[str]:
    data = tracker.credentials()
    async with (
        aiohttp.ClientSession() as http,
        http.get(
            f"{data['domain']}/admin_api/v1/offers", headers={"Api-Key": data["apiKey"]}
        ) as resp,
    ):
        return Counter(offer["name"] for offer in await resp.json())


async def test_kill_9_serve_and_restart_runs_the_executions_without_creating_twice(
    tmp_path: Path,
) -> None:
    slow = FaultPlan.parse("slow=1", seed=5, slow_seconds=1.5)
    async with SandboxServer(record=True, faults=slow) as tracker:
        data = tracker.credentials()
        (tmp_path / "creds.yaml").write_text(
            f"keitaroApi:\n  domain: {data['domain']}\n  apiKey: {data['apiKey']}\n",
            encoding="utf-8",
        )
        (tmp_path / "flow.yaml").write_text(FLOW)
        port = free_port()
        serve = await _serve(tmp_path, port)
        names = [f"Restart offer {n}" for n in range(6)]
        try:
            await _listening(port)
            async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
                for name in names:
                    async with http.post("/webhook/make", json={"name": name}) as resp:
                        assert resp.status == 200
            for _ in range(200):  # until the creates are at the tracker
                if sum(1 for r in slow.seen if r.startswith("POST")) >= 6:
                    break
                await asyncio.sleep(0.05)
            serve.send_signal(signal.SIGKILL)
            await serve.wait()
            store = ExecutionStore(tmp_path / "kflow.db")
            assert {e.status for e in store.list()} == {"running"}, "killed too late"
            serve = await _serve(tmp_path, port)
            await _listening(port)
            for _ in range(300):
                if {e.status for e in store.list()} == {"success"}:
                    break
                await asyncio.sleep(0.1)
        finally:
            if serve.returncode is None:
                serve.send_signal(signal.SIGTERM)
                await asyncio.wait_for(serve.wait(), 30)
        executions = store.list()
        store.close()
        assert [(e.status, e.attempt) for e in executions] == [("success", 2)] * 6
        made = await _offers(tracker)
        assert {name: made[name] for name in names} == {name: 1 for name in names}
        posts = [r for r in tracker.requests if r.method == "POST"]
        assert len(posts) == 6, "the restarted executions sent their creates again"
