"""Serve writes the executions database on a thread of its own: the event loop that answers
webhooks never waits for the disk, and the writes keep their order."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from kflow.host.credentials import Credentials
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings

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

WRITES = ("create", "queued", "start", "finish")


async def test_executions_are_written_off_the_event_loop_in_order(tmp_path: Path) -> None:
    (tmp_path / "flow.yaml").write_text(FLOW)
    store = ExecutionStore(tmp_path / "kflow.db")
    seen: list[tuple[str, threading.Thread]] = []
    for name in WRITES:
        original = getattr(store, name)

        def spy(*args: Any, _name: str = name, _original: Any = original, **kw: Any) -> Any:
            seen.append((_name, threading.current_thread()))
            return _original(*args, **kw)

        setattr(store, name, spy)
    flows = load_served_flows([tmp_path / "flow.yaml"])
    server = Server(flows, store, Credentials(), RunSettings())
    await server.start()
    try:
        (trigger,) = server.request_triggers()
        execution_id, done = await server.submit(trigger, [{"a": 1}], wait="finished")
        assert done is not None
        assert await done == [{"a": 1}]
    finally:
        await server.stop(grace=5)
    assert [name for name, _ in seen] == list(WRITES)
    assert all(thread is not threading.main_thread() for _, thread in seen)
    execution = store.get(execution_id, outputs=False)
    assert execution is not None and execution.status == "success"
    store.close()
