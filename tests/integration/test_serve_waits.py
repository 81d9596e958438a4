"""Waits under `kflow serve`: a long wait is stored and resumed when its time comes, by a
serve started afresh too; a wait for a call resumes through /webhook-waiting/<id>, after a
kill -9 and a restart as well."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from aiohttp import web

from kflow.host.credentials import Credentials
from kflow.host.serve.app import create_app
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.service import Clock, Server, load_served_flows
from kflow.host.settings import RunSettings
from tests.integration.test_cli import KFLOW, ROOT
from tests.support import free_port

LATER = """
name: Later
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: later}
  - name: Pause
    type: wait
    typeVersion: 1.1
    parameters: {resume: timeInterval, amount: 2, unit: hours}
  - name: Done
    type: set
    typeVersion: 3.4
    parameters:
      mode: manual
      includeOtherFields: true
      assignments:
        assignments: [{id: d, name: done, type: boolean, value: "={{ true }}"}]
      options: {}
connections:
  Hook: [Pause]
  Pause: [Done]
"""

CALLED = """
name: Approval
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: ask}
  - name: Link
    type: set
    typeVersion: 3.4
    parameters:
      mode: manual
      assignments:
        assignments: [{id: u, name: url, type: string, value: "={{ $execution.resumeUrl }}"}]
      options: {}
  - name: Approve
    type: wait
    typeVersion: 1.1
    parameters: {resume: webhook, httpMethod: POST, responseMode: onReceived, options: {}}
  - name: Done
    type: noOp
connections:
  Hook: [Link]
  Link: [Approve]
  Approve: [Done]
"""


class AheadClock(Clock):
    """Real time, moved on by `ahead`."""

    def __init__(self) -> None:
        self.ahead = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.ahead


async def _until(check, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("it did not happen in time")


async def test_a_stored_wait_resumes_when_its_time_comes_in_a_fresh_serve(
    tmp_path: Path,
) -> None:
    (tmp_path / "later.yaml").write_text(LATER)
    store = ExecutionStore(tmp_path / "kflow.db")
    flows = load_served_flows([tmp_path / "later.yaml"])
    first = Server(flows, store, Credentials(), RunSettings())
    runner = web.AppRunner(create_app(first))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    await first.start()
    try:
        async with (
            aiohttp.ClientSession(f"http://127.0.0.1:{runner.addresses[0][1]}") as http,
            http.post("/webhook/later", json={"n": 1}) as resp,
        ):
            assert resp.status == 200
        await _until(lambda: [e.status for e in store.list()] == ["waiting"])
    finally:
        await first.stop(grace=5)
        await runner.cleanup()
    clock = AheadClock()
    again = Server(flows, store, Credentials(), RunSettings(), clock=clock, keep_outputs=True)
    await again.start()
    try:
        await asyncio.sleep(1.5)
        assert [e.status for e in store.list()] == ["waiting"], "resumed before its time"
        clock.ahead = timedelta(hours=3)
        await _until(lambda: [e.status for e in store.list()] == ["success"])
    finally:
        await again.stop(grace=5)
    done = store.list()[0]
    store.close()
    assert done.outputs is not None
    assert done.outputs[0]["Done"][0][0]["done"] is True
    assert done.outputs[0]["Done"][0][0]["body"] == {"n": 1}


async def _serve(tmp_path: Path, port: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *(str(KFLOW), "serve", str(tmp_path / "approval.yaml"), "--port", str(port)),
        *("--db", str(tmp_path / "kflow.db"), "--keep-outputs"),
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


def _stored_url(tmp_path: Path) -> str:
    """The resume URL the flow's Link node computed, from the stored wait."""
    store = ExecutionStore(tmp_path / "kflow.db")
    try:
        found = store.waiting(store.list()[0].id)
    finally:
        store.close()
    assert found is not None
    return str(found[1]["state"]["outputs"]["Link"][0][0]["json"]["url"])


async def test_a_wait_for_a_call_survives_kill_9_and_resumes_on_the_call(tmp_path: Path) -> None:
    (tmp_path / "approval.yaml").write_text(CALLED)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = await _serve(tmp_path, port)
    store = ExecutionStore(tmp_path / "kflow.db")
    try:
        await _listening(port)
        async with aiohttp.ClientSession(base) as http:
            async with http.post("/webhook/ask", json={"order": 7}) as resp:
                assert resp.status == 200
            await _until(lambda: [e.status for e in store.list()] == ["waiting"])
            execution = store.list()[0].id
            serve.send_signal(signal.SIGKILL)
            await serve.wait()
            serve = await _serve(tmp_path, port)
            await _listening(port)
            resume_url = _stored_url(tmp_path)
            assert resume_url.startswith(f"{base}/webhook-waiting/{execution}?signature=")
            path = resume_url.removeprefix(base)
            async with http.post(f"/webhook-waiting/{execution}", json={"ok": True}) as resp:
                assert resp.status == 401, "an unsigned call resumes nothing"
            async with http.post(f"{path}x", json={"ok": True}) as resp:
                assert resp.status == 401, "a wrong signature resumes nothing"
            async with http.get(path) as resp:
                assert resp.status == 404, "the resume URL takes POST only"
            async with http.post(f"/webhook-waiting/{execution + 1}") as resp:
                assert resp.status == 404
            async with http.post(path, json={"ok": True}) as resp:
                assert resp.status == 200
            await _until(lambda: [e.status for e in store.list()] == ["success"])
            async with http.post(path, json={"ok": True}) as resp:
                assert resp.status == 404, "a finished execution cannot be resumed again"
    finally:
        if serve.returncode is None:
            serve.send_signal(signal.SIGTERM)
            await asyncio.wait_for(serve.wait(), 30)
    done = store.get(execution)
    store.close()
    assert done is not None and done.outputs is not None
    outputs = done.outputs[0]
    assert outputs["Approve"][0][0]["body"] == {"ok": True}
    assert outputs["Approve"][0][0]["query"] == {}, "the signature is not passed on"
    assert outputs["Done"][0][0]["body"] == {"ok": True}
    assert outputs["Link"][0][0]["url"] == resume_url


FAILING = """
name: Failing
settings: {errorWorkflow: On failure}
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: fail}
  - name: Pause
    type: wait
    typeVersion: 1.1
    parameters: {resume: timeInterval, amount: 3, unit: seconds}
  - name: Boom
    type: stopAndError
    parameters: {errorMessage: "the spend feed is empty"}
connections:
  Hook: [Pause]
  Pause: [Boom]
"""

ON_FAILURE = """
name: On failure
nodes:
  - name: Failed
    type: errorTrigger
  - name: Log
    type: writeFile
    parameters: {path: errors.jsonl, format: jsonl, append: true}
connections:
  Failed: [Log]
"""


async def test_an_error_workflow_runs_for_a_run_that_fails_after_kill_9(tmp_path: Path) -> None:
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "failing.yaml").write_text(FAILING)
    (flows / "on-failure.yaml").write_text(ON_FAILURE)
    port = free_port()

    async def serve() -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            *(str(KFLOW), "serve", str(flows), "--port", str(port)),
            *("--db", str(tmp_path / "kflow.db"), "--files-dir", str(tmp_path / "files")),
            stderr=(tmp_path / "serve.log").open("a"),
            env={**os.environ},
            cwd=ROOT,
        )

    process = await serve()
    store = ExecutionStore(tmp_path / "kflow.db")
    log = tmp_path / "files" / "errors.jsonl"
    try:
        await _listening(port)
        async with (
            aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http,
            http.post("/webhook/fail", json={}) as resp,
        ):
            assert resp.status == 200
        await _until(lambda: [e.status for e in store.list()] == ["running"])
        process.send_signal(signal.SIGKILL)
        await process.wait()
        assert not log.exists()
        process = await serve()
        await _until(lambda: [e.status for e in store.list()] == ["error"])
        await _until(log.exists)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 30)
    execution = store.list()[0]
    store.close()
    assert "the spend feed is empty" in (execution.error or "")
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(entries) == 1
    assert entries[0]["execution"]["id"] == str(execution.id)
    assert entries[0]["execution"]["error"]["message"] == "the spend feed is empty"
    assert entries[0]["execution"]["lastNodeExecuted"] == "Boom"
    assert entries[0]["workflow"]["name"] == "Failing"
