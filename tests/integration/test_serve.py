"""`kflow serve`: webhooks and schedules run flows, each execution recorded before it is
answered or queued; bad requests are refused with nothing recorded."""

from __future__ import annotations

import asyncio
import base64
import json
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from kflow.credentials import KEITARO_API
from kflow.credentials.http_auth import HTTP_BASIC_AUTH, HTTP_HEADER_AUTH
from kflow.host.credentials import Credentials
from kflow.host.flow import parse_flow
from kflow.host.n8n_workflow import to_n8n_workflow
from kflow.host.serve.app import EXECUTION_HEADER, AdminApi, create_app
from kflow.host.serve.connections import ConnectionGuard, GuardedSite
from kflow.host.serve.execution_reader import ExecutionReader
from kflow.host.serve.executions import ExecutionStore, Job
from kflow.host.serve.service import Clock, Server, load_served_flows
from kflow.host.settings import RunSettings
from kflow.sandbox import SandboxServer
from tests.integration.test_cli import ROOT, kflow
from tests.support import FIRST_CLICK, child_env

RELAY = ROOT / "examples" / "serve" / "postback-relay.yaml"
API_TOKEN = "test-api-token-0123456789abcdef"

HOOKS = """
name: Hooks
nodes:
  - name: Open
    type: webhook
    parameters: {httpMethod: POST, path: open, responseMode: onReceived,
                 options: {responseCode: {values: {responseCode: customCode, customCode: 202}},
                           responseHeaders: {entries: [{name: X-Kflow, value: yes}]}}}
  - name: Basic
    type: webhook
    parameters: {httpMethod: POST, path: basic, authentication: basicAuth,
                 responseMode: lastNode, responseData: allEntries}
    credentials: {httpBasicAuth: {name: callers}}
  - name: Header
    type: webhook
    webhookId: hdr
    parameters: {httpMethod: GET, path: "header/:id", authentication: headerAuth,
                 responseMode: lastNode}
    credentials: {httpHeaderAuth: {name: token}}
  - name: Listed
    type: webhook
    parameters: {httpMethod: GET, path: listed, options: {ipWhitelist: "10.9.9.9"}}
  - name: Echo
    type: noOp
connections:
  Open: [Echo]
  Basic: [Echo]
  Header: [Echo]
  Listed: [Echo]
"""


class FakeClock(Clock):
    """Time that jumps to each fire at once, up to `until`; later fires wait for good."""

    def __init__(self, start: datetime, until: datetime) -> None:
        self.moment = start
        self.until = until
        self.parked = 0  # schedules waiting for a fire after `until`

    def now(self) -> datetime:
        return self.moment

    async def sleep_until(self, moment: datetime) -> None:
        if moment > self.until:
            self.parked += 1
            await asyncio.Event().wait()
        self.moment = max(self.moment, moment)
        await asyncio.sleep(0)


@pytest.fixture
async def tracker() -> AsyncIterator[SandboxServer]:
    async with SandboxServer(record=True) as server:
        yield server


def _credentials(tracker: SandboxServer) -> Credentials:
    creds = Credentials()
    creds.add(KEITARO_API, tracker.credentials(), name="Keitaro tracker")
    creds.add(HTTP_BASIC_AUTH, {"user": "net", "password": "s3cret-pass"}, name="callers")
    creds.add(HTTP_HEADER_AUTH, {"name": "X-Token", "value": "t0ken-value"}, name="token")
    return creds


@pytest.fixture
async def served(tracker: SandboxServer, tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    (tmp_path / "hooks.yaml").write_text(HOOKS)
    flows = load_served_flows([RELAY, tmp_path / "hooks.yaml"])
    store = ExecutionStore(tmp_path / "kflow.db")
    server = Server(flows, store, _credentials(tracker), RunSettings(retries=1))
    reader = ExecutionReader(tmp_path / "kflow.db")
    app = create_app(server, max_body=1024, admin=AdminApi(reader, API_TOKEN))
    runner = web.AppRunner(app)
    await runner.setup()
    assert runner.server is not None
    site = GuardedSite(runner, ConnectionGuard(runner.server), "127.0.0.1", 0)
    await site.start()
    await server.start()
    async with aiohttp.ClientSession(f"http://127.0.0.1:{site.port}") as http:
        yield {"http": http, "store": store, "server": server}
    await runner.cleanup()
    await server.stop()
    reader.close()
    store.close()


async def test_a_postback_relay_records_the_conversion_and_answers_with_it(
    served: dict[str, Any], tracker: SandboxServer
) -> None:
    query = {"subid": FIRST_CLICK, "status": "sale", "payout": "12.5", "tid": "A-1"}
    async with served["http"].get("/webhook/relay/network/adcombo", params=query) as resp:
        assert resp.status == 200
        answer = await resp.json()
    assert answer["success"] is True and answer["operation"] == "create"
    (sent,) = [r for r in tracker.requests if r.path.endswith("/postback")]
    assert sent.query == {
        "subid": FIRST_CLICK,
        "status": "sale",
        "payout": "12.5",
        "tid": "adcombo-A-1",
    }
    (execution,) = served["store"].list()
    assert (execution.status, execution.trigger) == ("success", "request:Network postback")


async def test_on_received_answers_after_the_execution_is_recorded(served: dict[str, Any]) -> None:
    async with served["http"].post("/webhook/open", json={"a": 1}) as resp:
        assert resp.status == 202 and resp.headers["X-Kflow"] == "yes"
        assert await resp.json() == {"message": "Workflow was started"}, "n8n's answer, exactly"
        execution_id = int(resp.headers[EXECUTION_HEADER])
        assert served["store"].get(execution_id) is not None
    await asyncio.sleep(0.2)
    assert served["store"].get(execution_id).status == "success"


async def test_basic_and_header_auth(served: dict[str, Any]) -> None:
    http = served["http"]
    good = "Basic " + base64.b64encode(b"net:s3cret-pass").decode()
    async with http.post("/webhook/basic", json={"x": 1}, headers={"Authorization": good}) as r:
        assert r.status == 200
        (item,) = await r.json()
        assert item["body"] == {"x": 1} and item["headers"]["content-type"] == "application/json"
    async with http.get("/webhook/hdr/header/42", headers={"X-Token": "t0ken-value"}) as r:
        item = await r.json()
        assert r.status == 200 and item["params"] == {"id": "42"}
        assert item["webhookUrl"].endswith("/webhook/hdr/header/:id"), "n8n shows the pattern"
    before = len(served["store"].list())
    bad = "Basic " + base64.b64encode(b"net:wrong").decode()
    # Statuses, texts and challenges as n8n 2.41.1 answers them.
    async with http.post("/webhook/basic", json={}, headers={"Authorization": bad}) as r:
        assert r.status == 401 and r.headers["WWW-Authenticate"] == 'Basic realm="Webhook"'
        assert await r.text() == "Authentication data is wrong!"
    async with http.post("/webhook/basic", json={}) as r:
        assert (r.status, await r.text()) == (401, "Authorization is required!")
    async with http.get("/webhook/hdr/header/1", headers={"X-Token": "nope"}) as r:
        assert (r.status, await r.text()) == (403, "Authorization data is wrong!")
        assert r.headers["WWW-Authenticate"] == 'Basic realm="Webhook"'
    assert len(served["store"].list()) == before


@pytest.mark.parametrize(
    ("method", "path", "kw", "status"),
    [
        (
            "POST",
            "/webhook/open",
            {"data": "{not json", "headers": {"Content-Type": "application/json"}},
            400,
        ),
        (
            "POST",
            "/webhook/open",
            {"data": "x" * 2048, "headers": {"Content-Type": "text/plain"}},
            413,
        ),
        ("GET", "/webhook/nowhere", {}, 404),
        ("GET", "/webhook/open", {}, 404),
        ("GET", "/webhook/listed", {}, 403),
    ],
)
async def test_bad_requests_record_nothing(
    served: dict[str, Any], method: str, path: str, kw: dict[str, Any], status: int
) -> None:
    async with served["http"].request(method, path, **kw) as resp:
        assert resp.status == status
        if path == "/webhook/listed":  # n8n refuses an address in plain text
            assert await resp.text() == "IP is not allowed to access the webhook!"
        else:
            assert "message" in await resp.json()
    assert served["store"].list() == []


async def test_unknown_routes_get_n8ns_messages(served: dict[str, Any]) -> None:
    async with served["http"].get("/webhook/open") as resp:
        assert (await resp.json())["message"] == (
            "This webhook is not registered for GET requests. Did you mean to make a POST request?"
        )
    async with served["http"].post("/webhook/nowhere") as resp:
        message = (await resp.json())["message"]
        assert message == 'The requested webhook "POST nowhere" is not registered.'


def test_a_path_with_parts_is_served_under_the_webhook_id() -> None:
    """As in n8n: /webhook/<webhookId>/<path>; without a webhookId, the one the n8n
    export writes."""
    (flow,) = load_served_flows([RELAY])
    assert flow.triggers[0].path == "relay/network/:network"
    data = {
        "name": "No id",
        "nodes": [
            {"name": "Hook", "type": "webhook", "parameters": {"path": "a/:b"}},
            {"name": "Plain", "type": "webhook", "parameters": {"path": "plain"}},
        ],
        "connections": {},
    }
    exported = to_n8n_workflow(parse_flow(data, source="test"))
    hook_id = next(n["webhookId"] for n in exported["nodes"] if n["name"] == "Hook")
    with tempfile.TemporaryDirectory() as folder:
        flow_file = Path(folder) / "no-id.json"
        flow_file.write_text(json.dumps(data))
        (served,) = load_served_flows([flow_file])
    assert [t.path for t in served.triggers] == [f"{hook_id}/a/:b", "plain"]


async def test_health_and_executions_api(served: dict[str, Any]) -> None:
    http = served["http"]
    async with http.get("/healthz") as r:
        assert await r.json() == {"status": "ok"}
    async with http.post("/webhook/open", json={}) as r:
        execution_id = int(r.headers[EXECUTION_HEADER])
    await asyncio.sleep(0.2)
    async with http.get("/rest/executions") as r:
        assert r.status == 401, "the REST API needs its token"
    token = {"X-N8N-API-KEY": API_TOKEN}
    async with http.get("/rest/executions", headers=token) as r:
        assert [e["id"] for e in (await r.json())["data"]] == [execution_id]
    async with http.get(f"/rest/executions/{execution_id}", headers=token) as r:
        assert (await r.json())["status"] == "success"
    async with http.get("/rest/executions/999", headers=token) as r:
        assert r.status == 404


SCHEDULED = """
name: Every 30 seconds
settings: {timezone: Europe/Berlin}
nodes:
  - name: Tick
    type: scheduleTrigger
    parameters: {rule: {interval: [{field: seconds, secondsInterval: 30}]}}
  - name: Campaigns
    type: keitaro
    parameters: {resource: campaign, operation: getMany, limit: 1}
    credentials: {keitaroApi: {name: Keitaro tracker}}
connections:
  Tick: [Campaigns]
"""


async def _run_schedule(
    tracker: SandboxServer, path: Path, store: ExecutionStore, clock: FakeClock
) -> None:
    server = Server(
        load_served_flows([path]), store, _credentials(tracker), RunSettings(), clock=clock
    )
    await server.start()
    for _ in range(500):
        await asyncio.sleep(0.01)
        if clock.parked and not store.unfinished():
            break
    await server.stop()


async def test_schedules_fire_on_time_once_each_and_not_again_after_a_restart(
    tracker: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "scheduled.yaml"
    path.write_text(SCHEDULED)
    store = ExecutionStore(tmp_path / "kflow.db")
    start = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    await _run_schedule(tracker, path, store, FakeClock(start, start + timedelta(minutes=2)))
    first = store.list()
    assert len(first) == 4 and all(e.status == "success" for e in first)
    fires = store.conn.execute("SELECT instant FROM fires ORDER BY instant").fetchall()
    assert [f[0][11:19] for f in fires] == ["12:00:30", "12:01:00", "12:01:30", "12:02:00"]
    job = store.job_of(first[-1].id)
    assert job is not None and job.items[0]["timestamp"] == "2026-11-29T13:00:30.000+01:00"
    # A second server on the same database, started at the same moment: no fire repeats.
    await _run_schedule(tracker, path, store, FakeClock(start, start + timedelta(minutes=3)))
    again = store.conn.execute("SELECT COUNT(*), COUNT(DISTINCT instant) FROM fires").fetchone()
    assert tuple(again) == (6, 6)


@pytest.mark.parametrize("replay", [False, True])
async def test_missed_fires_are_replayed_only_when_the_flow_opts_in(
    tracker: SandboxServer, tmp_path: Path, replay: bool
) -> None:
    path = tmp_path / "scheduled.yaml"
    setting = "settings: {timezone: Europe/Berlin, replayMissedFires: true}"
    path.write_text(
        SCHEDULED.replace("settings: {timezone: Europe/Berlin}", setting) if replay else SCHEDULED
    )
    store = ExecutionStore(tmp_path / "kflow.db")
    start = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    await _run_schedule(tracker, path, store, FakeClock(start, start + timedelta(seconds=30)))
    assert len(store.list()) == 1
    # Down for two minutes and ten seconds: four fires missed, then one on time.
    later = start + timedelta(minutes=2, seconds=40)
    await _run_schedule(tracker, path, store, FakeClock(later, later + timedelta(seconds=20)))
    fires = [f[0][11:19] for f in store.conn.execute("SELECT instant FROM fires ORDER BY instant")]
    missed = ["12:01:00", "12:01:30", "12:02:00", "12:02:30"] if replay else []
    assert fires == ["12:00:30", *missed, "12:03:00"]
    assert all(e.status == "success" for e in store.list())


async def test_unfinished_executions_run_again_on_start(
    tracker: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "scheduled.yaml"
    path.write_text(SCHEDULED)
    store = ExecutionStore(tmp_path / "kflow.db")
    flow = load_served_flows([path])[0]
    left = store.create(Job(flow.name, "schedule:Tick#0", flow.data, "Tick", [{"n": 1}]))
    store.start(left)  # as if the server died while running it
    start = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    await _run_schedule(tracker, path, store, FakeClock(start, start))
    assert store.get(left).status == "success"


async def test_executions_command(tmp_path: Path) -> None:
    store = ExecutionStore(tmp_path / "kflow.db")
    store.create(Job("A flow", "webhook:Hook", {}, "Hook", [{}]))
    store.close()
    listed = await kflow(
        "executions", "list", "--db", str(tmp_path / "kflow.db"), "--format", "jsonl"
    )
    assert listed.code == 0 and '"flow": "A flow"' in listed.out
    shown = await kflow(
        "executions", "show", "1", "--db", str(tmp_path / "kflow.db"), "--format", "json"
    )
    assert shown.code == 0 and shown.json()["status"] == "queued"
    missing = await kflow("executions", "list", "--db", str(tmp_path / "nope.db"))
    assert missing.code == 2


@pytest.mark.parametrize("name", ["hourly-report.yaml", "postback-relay.yaml"])
async def test_serve_examples_validate(name: str) -> None:
    result = await kflow("validate", str(ROOT / "examples" / "serve" / name))
    assert result.code == 0, result.err


async def test_serve_refuses_flows_without_triggers() -> None:
    result = await kflow("serve", str(ROOT / "examples" / "campaigns.yaml"), "--sandbox")
    assert result.code == 2 and "Schedule Trigger or a Webhook" in result.err


async def test_a_drain_leaves_unfinished_work_to_the_next_start(tmp_path: Path) -> None:
    """SIGTERM's drain: what does not finish in the grace period stays recorded as running,
    and the next serve runs it to the end."""
    from kflow.sandbox.faults import FaultPlan

    slow = FaultPlan.parse("slow=1", seed=1, slow_seconds=1.5)
    async with SandboxServer(faults=slow) as tracker:
        (tmp_path / "hooks.yaml").write_text(HOOKS.replace("type: noOp", SLOW_STEP))
        flows = load_served_flows([tmp_path / "hooks.yaml"])
        store = ExecutionStore(tmp_path / "kflow.db")
        server = Server(flows, store, _credentials(tracker), RunSettings(retries=1))
        await server.start()
        trigger = next(t for t in server.request_triggers() if t.node == "Open")
        execution_id, _ = await server.submit(trigger, [{"body": {}}])
        await asyncio.sleep(0.3)
        await server.stop(grace=0.1)
        assert store.get(execution_id).status in ("queued", "running")  # unfinished
        again = Server(
            load_served_flows([tmp_path / "hooks.yaml"]),
            store,
            _credentials(tracker),
            RunSettings(retries=1),
        )
        await again.start()
        await again.stop(grace=10)
        assert store.get(execution_id).status == "success"


SLOW_STEP = """type: keitaro
    parameters: {resource: campaign, operation: get, campaignId: 1}
    credentials: {keitaroApi: {name: Keitaro tracker}}"""


async def test_reload_serves_the_new_flows(served: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "hooks.yaml").write_text(HOOKS.replace("path: open", "path: opened"))
    await served["server"].reload(load_served_flows([RELAY, tmp_path / "hooks.yaml"]))
    async with served["http"].post("/webhook/opened", json={}) as resp:
        assert resp.status == 202
    async with served["http"].post("/webhook/open", json={}) as resp:
        assert resp.status == 404


async def test_the_command_reloads_on_sighup_and_drains_on_sigterm(
    tmp_path: Path, unused_tcp_port: int
) -> None:
    import signal

    from tests.integration.test_cli import KFLOW

    flow = tmp_path / "hooks.yaml"
    flow.write_text(HOOKS)
    proc = await asyncio.create_subprocess_exec(
        str(KFLOW),
        "serve",
        str(flow),
        "--sandbox",
        "--port",
        str(unused_tcp_port),
        "--db",
        str(tmp_path / "kflow.db"),
        stderr=asyncio.subprocess.PIPE,
        env=child_env(),
        cwd=ROOT,
    )
    assert proc.stderr is not None

    async def line_with(text: str) -> str:
        while True:
            line = (await asyncio.wait_for(proc.stderr.readline(), 30)).decode()
            assert line, "kflow serve ended early"
            if text in line:
                return line

    try:
        assert "1 flows, 4 webhooks" in await line_with("kflow serve:")
        base = f"http://127.0.0.1:{unused_tcp_port}"
        async with aiohttp.ClientSession(base) as http:
            async with http.post("/webhook/open", json={}) as resp:
                assert resp.status == 202
            flow.write_text(HOOKS.replace("path: open", "path: reopened"))
            proc.send_signal(signal.SIGHUP)
            await line_with("reloaded 1 flows")
            async with http.post("/webhook/reopened", json={}) as resp:
                assert resp.status == 202
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
    listed = await kflow(
        "executions", "list", "--db", str(tmp_path / "kflow.db"), "--format", "jsonl"
    )
    assert listed.out.count('"status": "success"') == 2


RESPONDING = """
name: Responding
nodes:
  - name: Ask
    type: webhook
    parameters: {httpMethod: GET, path: ask, responseMode: responseNode}
  - name: Answer
    type: respondToWebhook
    parameters:
      respondWith: json
      responseBody: '={{ {"ok": true, "id": $json.query.id} }}'
      options: {responseCode: 201, responseHeaders: {entries: [{name: X-Answer, value: "1"}]}}
  - name: Afterwards
    type: noOp
  - name: Silent
    type: webhook
    parameters: {httpMethod: GET, path: silent, responseMode: responseNode}
  - name: Nothing
    type: noOp
connections:
  Ask: [Answer]
  Answer: [Afterwards]
  Silent: [Nothing]
"""


async def test_respond_to_webhook_answers_and_the_flow_goes_on(
    tracker: SandboxServer, tmp_path: Path
) -> None:
    (tmp_path / "responding.yaml").write_text(RESPONDING)
    store = ExecutionStore(tmp_path / "kflow.db")
    server = Server(
        load_served_flows([tmp_path / "responding.yaml"]),
        store,
        _credentials(tracker),
        RunSettings(),
    )
    runner = web.AppRunner(create_app(server))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    await server.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        async with aiohttp.ClientSession(base) as http:
            async with http.get("/webhook/ask", params={"id": "7"}) as resp:
                assert resp.status == 201 and resp.headers["X-Answer"] == "1"
                assert await resp.json() == {"ok": True, "id": "7"}
            async with http.get("/webhook/silent") as resp:
                assert resp.status == 500
                assert "no Respond to Webhook ran" in (await resp.json())["message"]
        await server.stop(grace=10)
        assert {e.status for e in store.list()} == {"success"}
    finally:
        await runner.cleanup()
        store.close()


async def test_an_unreachable_broker_or_busy_port_is_one_clear_error(unused_tcp_port: int) -> None:
    worker = await kflow(
        "worker", "--broker", f"redis://user:s3cret@127.0.0.1:{unused_tcp_port}", "--sandbox"
    )
    assert worker.code == 1 and "cannot reach the broker redis://****@" in worker.err
    assert "s3cret" not in worker.err and "Traceback" not in worker.err
    bad = await kflow("worker", "--broker", "amqp://x", "--sandbox")
    assert bad.code == 2 and "give redis://HOST:PORT" in bad.err
