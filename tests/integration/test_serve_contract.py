"""One contract for both queues of `kflow serve`: in-process, and Redis with a worker.

The Redis side (marker `redis`) runs serve without a Keitaro credential and a worker with
one, in this process, on two brokers of one redis-server: only the worker can do the work.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from taskiq.acks import AcknowledgeType
from taskiq.api import run_receiver_task

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.serve.app import create_app
from kflow.host.serve.brokers import make_broker
from kflow.host.serve.executions import Execution, ExecutionStore
from kflow.host.serve.jobs import register
from kflow.host.serve.redis_parts import ServeParts, WorkerParts
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings
from kflow.sandbox import SandboxServer
from tests.integration.test_serve import FakeClock

FLOW = """
name: Contract
nodes:
  - name: Read
    type: webhook
    parameters: {httpMethod: POST, path: read, responseMode: lastNode}
  - name: Campaign
    type: keitaro
    parameters: {resource: campaign, operation: get, campaignId: "={{ $json.body.id }}"}
    credentials: {keitaroApi: {name: Keitaro tracker}}
  - name: Make
    type: webhook
    parameters: {httpMethod: POST, path: make, responseMode: responseNode}
  - name: Offer
    type: keitaro
    parameters: {resource: offer, operation: create, name: "={{ $json.body.name }}"}
    credentials: {keitaroApi: {name: Keitaro tracker}}
  - name: Answer
    type: respondToWebhook
    parameters: {respondWith: firstIncomingItem, options: {responseCode: 201}}
  - name: Every minute
    type: scheduleTrigger
    parameters: {rule: {interval: [{field: minutes, minutesInterval: 1}]}}
  - name: Streams
    type: keitaro
    parameters: {resource: campaign, operation: getStreams, campaignId: 1}
    credentials: {keitaroApi: {name: Keitaro tracker}}
connections:
  Read: [Campaign]
  Make: [Offer]
  Offer: [Answer]
  Every minute: [Streams]
"""

START = datetime(2026, 3, 1, 9, 0, 30, tzinfo=UTC)


@dataclass
class Served:
    server: Server
    store: ExecutionStore
    http: aiohttp.ClientSession
    tracker: SandboxServer

    async def settled(self, count: int) -> list[Execution]:
        """The executions once `count` of them have ended."""
        for _ in range(600):
            done = [e for e in self.store.list() if e.status in ("success", "error")]
            if len(done) >= count:
                return sorted(done, key=lambda e: e.id)
            await asyncio.sleep(0.05)
        raise AssertionError(f"not {count} executions ended: {self.store.list()}")

    def posts(self, path: str) -> int:
        return sum(1 for r in self.tracker.requests if r.method == "POST" and r.path == path)


def _credentials(tracker: SandboxServer | None) -> Credentials:
    creds = Credentials()
    if tracker is not None:
        creds.add(KEITARO_API, tracker.credentials(), name="Keitaro tracker")
    return creds


@pytest.fixture(params=["in-process", pytest.param("redis", marks=pytest.mark.redis)])
async def served(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Served]:
    (tmp_path / "flow.yaml").write_text(FLOW)
    flows = load_served_flows([tmp_path / "flow.yaml"])
    store = ExecutionStore(tmp_path / "kflow.db")
    clock = FakeClock(START, START + timedelta(minutes=2, seconds=10))
    settings = RunSettings(retries=1)
    closing: list[Any] = []
    async with SandboxServer(record=True) as tracker:
        if request.param == "in-process":
            server = Server(flows, store, _credentials(tracker), settings, clock=clock)
            worker = None
        else:
            url = request.getfixturevalue("redis_url")
            parts = ServeParts.connect(url, store.instance)
            closing.append(parts)
            server = Server(
                flows,
                store,
                _credentials(None),
                settings,
                broker=make_broker(url, concurrency=4),
                clock=clock,
                **parts.options(),
            )
            worker_broker = make_broker(url, concurrency=4)
            worker_parts = WorkerParts.connect(url, worker_broker)
            closing.append(worker_parts)
            register(worker_broker, worker_parts.runner(_credentials(tracker), settings))
            worker_broker.is_worker_process = True
            await worker_broker.startup()
            worker = asyncio.create_task(
                run_receiver_task(
                    worker_broker,
                    max_async_tasks=4,
                    max_prefetch=0,
                    ack_time=AcknowledgeType.WHEN_SAVED,
                )
            )
        runner = web.AppRunner(create_app(server))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        await server.start()
        port = runner.addresses[0][1]
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
            yield Served(server, store, http, tracker)
        await runner.cleanup()
        await server.stop(grace=10)
        if worker is not None:
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
            await worker_broker.shutdown()
        for client in closing:
            await client.close()
        store.close()


async def test_the_schedule_fires_once_per_instant(served: Served) -> None:
    fired = await served.settled(2)
    schedules = [e for e in fired if e.trigger.startswith("schedule:")]
    assert [e.status for e in schedules] == ["success", "success"]
    streams = [r for r in served.tracker.requests if r.path.endswith("/campaigns/1/streams")]
    assert len(streams) == 2


async def test_last_node_answers_with_the_flows_result(served: Served) -> None:
    async with served.http.post("/webhook/read", json={"id": 2}) as resp:
        assert resp.status == 200
        answer = await resp.json()
    assert answer["success"] is True and answer["data"]["id"] == 2
    (execution,) = [e for e in await served.settled(3) if e.trigger == "request:Read"]
    assert (execution.status, execution.attempt, execution.items_out) == ("success", 1, 1)


async def test_respond_to_webhook_answers_from_wherever_the_flow_runs(served: Served) -> None:
    async with served.http.post("/webhook/make", json={"name": "Contract offer"}) as resp:
        assert resp.status == 201
        answer = await resp.json()
    assert answer["data"]["name"] == "Contract offer"
    assert served.posts("/admin_api/v1/offers") == 1


async def test_an_execution_delivered_again_creates_nothing_again(served: Served) -> None:
    async with served.http.post("/webhook/make", json={"name": "Once only"}) as resp:
        assert resp.status == 201
        made = (await resp.json())["data"]["id"]
    (first,) = [e for e in await served.settled(3) if e.trigger == "request:Make"]
    await served.server.enqueue(first.id)  # what a redelivery or a restart does
    for _ in range(200):
        again = served.store.get(first.id)
        if again is not None and again.attempt == 2:
            break
        await asyncio.sleep(0.05)
    assert again is not None and (again.status, again.attempt) == ("success", 2)
    assert served.posts("/admin_api/v1/offers") == 1
    assert isinstance(made, int)


async def test_bad_requests_are_refused_and_record_nothing(served: Served) -> None:
    await served.settled(2)
    before = len(served.store.list())
    async with served.http.post("/webhook/nowhere", json={}) as resp:
        assert resp.status == 404
    headers = {"Content-Type": "application/json"}
    async with served.http.post("/webhook/read", data="{not json", headers=headers) as resp:
        assert resp.status == 400
    assert len(served.store.list()) == before
