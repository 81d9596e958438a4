"""Serve's stop ends: a request still waiting on an execution past the grace period is
answered (503), not left to hold the process until the HTTP server gives up on it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from kflow.host.credentials import Credentials
from kflow.host.serve.executions import ExecutionStore, Job
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings
from kflow.host.triggers import Response

FLOW = """
name: Hook
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: hook, responseMode: lastNode}
  - name: Echo
    type: noOp
connections:
  Hook: [Echo]
"""

HANG = 30.0
"""Seconds after which a wait counts as a hang (a bound, not a measure)."""


async def test_a_request_waiting_past_the_grace_period_is_answered(tmp_path: Path) -> None:
    (tmp_path / "flow.yaml").write_text(FLOW)
    store = ExecutionStore(tmp_path / "kflow.db")
    server = Server(
        load_served_flows([tmp_path / "flow.yaml"]), store, Credentials(), RunSettings()
    )
    entered = asyncio.Event()
    release = asyncio.Event()

    async def stuck(execution_id: int, job: Job) -> int:
        entered.set()
        await release.wait()
        return 1

    server.runner.started = stuck
    await server.start()
    try:
        (trigger,) = server.request_triggers()
        execution_id, done = await server.submit(trigger, [{"a": 1}], wait="finished")
        assert done is not None
        await asyncio.wait_for(entered.wait(), HANG)
        stopping = asyncio.create_task(server.stop(grace=0))
        answer = await asyncio.wait_for(done, HANG)
    finally:
        release.set()
    await asyncio.wait_for(stopping, HANG)
    assert isinstance(answer, Response) and answer.status == 503
    execution = store.get(execution_id, outputs=False)
    assert execution is not None and execution.status in {"queued", "running"}
    store.close()
