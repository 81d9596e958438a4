"""A webhook call that arrives while serve starts on Redis: answered once, run once, and
serve stops.

Serve listens before it picks up what an earlier run left unfinished. A call accepted in
that moment used to be picked up too: queued a second time, or watched a second time, so
that the request waiting on it was never answered and serve's stop waited for it forever.

Needs Debian's redis-server (`.ci/install-redis`).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.serve.brokers import QUEUE, make_broker
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.redis_parts import ServeParts, connect_redis
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings
from tests.integration.test_cli import KFLOW, ROOT

pytestmark = pytest.mark.redis

FLOW = """
name: Fields
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: fields, responseMode: lastNode}
  - name: Edit Fields
    type: set
    parameters:
      assignments:
        assignments:
          - {name: total, value: "={{ $json.body.price * $json.body.qty }}", type: number}
connections:
  Hook: [Edit Fields]
"""

ROUNDS = 12
"""Serve starts, each with a call racing its start (the bug showed about once in 8)."""
HANG = 60.0
"""Seconds after which a wait counts as a hang (a bound, not a measure)."""


@pytest.fixture
async def workers(redis_url: str) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """Two `kflow worker` processes on `redis_url`."""
    procs = []
    try:
        for _ in range(2):
            proc = await asyncio.create_subprocess_exec(
                str(KFLOW),
                "worker",
                "--broker",
                redis_url,
                stderr=asyncio.subprocess.PIPE,
                env={**os.environ},
                cwd=ROOT,
            )
            procs.append(proc)
            assert proc.stderr is not None
            line = (await asyncio.wait_for(proc.stderr.readline(), HANG)).decode()
            assert "taking executions" in line, line
        yield procs
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            await asyncio.wait_for(proc.wait(), HANG)


async def _queued_executions(redis_url: str) -> list[str]:
    """The execution of every job message in the stream (one entry per time queued)."""
    redis = connect_redis(redis_url)
    try:
        entries = await redis.xrange(QUEUE)
    finally:
        await redis.aclose()
    found = []
    for _, fields in entries:
        args: list[Any] = json.loads(fields["data"]).get("args", [])
        if len(args) == 2 and isinstance(args[1], dict):
            found.append(args[1]["execution"])
    return found


async def test_a_call_during_start_is_answered_and_run_once(
    redis_url: str, workers: list[asyncio.subprocess.Process], tmp_path: Path
) -> None:
    (tmp_path / "flow.yaml").write_text(FLOW)
    answers = []
    executions = []
    for round_ in range(ROUNDS):
        store = ExecutionStore(tmp_path / f"kflow-{round_}.db")
        parts = ServeParts.connect(redis_url, store.instance)
        server = Server(
            load_served_flows([tmp_path / "flow.yaml"]),
            store,
            Credentials(),
            RunSettings(),
            broker=make_broker(redis_url, concurrency=4),
            **parts.options(),
        )
        (trigger,) = server.request_triggers()
        try:
            # The listener is up before start(): the call comes while start() runs.
            submitted = asyncio.create_task(
                server.submit(trigger, [{"body": {"price": round_, "qty": 2}}], wait="finished")
            )
            await asyncio.wait_for(server.start(), HANG)
            execution_id, done = await asyncio.wait_for(submitted, HANG)
            assert done is not None
            answers.append(await asyncio.wait_for(done, HANG))
        finally:
            await asyncio.wait_for(server.stop(grace=5), HANG)
            await parts.close()
        head = store.get(execution_id, outputs=False)
        assert head is not None
        executions.append((head.status, f"{store.instance}:{execution_id}"))
        store.close()
    assert answers == [[{"total": 2 * n}] for n in range(ROUNDS)]
    assert {status for status, _ in executions} == {"success"}
    queued = await _queued_executions(redis_url)
    assert sorted(queued) == sorted(execution for _, execution in executions)
