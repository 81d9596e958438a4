"""What `kflow serve` tells: each webhook's URL and each schedule's next fire when it starts,
then a line per request (query values and headers never shown) and per execution."""

from __future__ import annotations

import asyncio
import logging
import re
import signal
from datetime import datetime
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from kflow.host.credentials import Credentials
from kflow.host.serve.app import create_app
from kflow.host.serve.banner import banner_lines
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.service import Clock, Server, load_served_flows
from kflow.host.settings import RunSettings
from tests.integration.test_cli import KFLOW, ROOT
from tests.support import FIXED_NOW, child_env

FLOWS = """
name: Hooks
nodes:
  - name: Open
    type: webhook
    parameters: {httpMethod: POST, path: open}
  - name: Item
    type: webhook
    webhookId: items
    parameters: {httpMethod: GET, path: "item/:id"}
  - name: Morning
    type: scheduleTrigger
    parameters: {rule: {interval: [{field: days, triggerAtHour: 9}]}}
  - name: Echo
    type: noOp
settings: {timezone: Europe/Berlin}
connections:
  Open: [Echo]
  Item: [Echo]
  Morning: [Echo]
"""
SECRET = "Bearer caller-token-0123456789"


class Fixed(Clock):
    def now(self) -> datetime:
        return FIXED_NOW

    async def sleep_until(self, moment: datetime) -> None:
        await asyncio.Event().wait()  # no fire happens in these tests


def test_the_banner_names_each_webhook_url_and_each_next_fire(tmp_path: Path) -> None:
    (tmp_path / "hooks.yaml").write_text(FLOWS)
    store = ExecutionStore(tmp_path / "kflow.db")
    server = Server(
        load_served_flows([tmp_path / "hooks.yaml"]),
        store,
        Credentials(),
        RunSettings(),
        clock=Fixed(),
    )
    try:
        lines = banner_lines(server, "https://hooks.example.com/")
    finally:
        store.close()
    assert lines == [
        'GET  https://hooks.example.com/webhook/items/item/:id  flow "Hooks", node "Item"',
        'POST https://hooks.example.com/webhook/open  flow "Hooks", node "Open"',
        'schedule flow "Hooks", node "Morning", rule 1: next fire 2026-11-21 09:00:00+01:00 '
        "(Europe/Berlin)",
    ]


async def test_each_request_and_execution_is_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "hooks.yaml").write_text(FLOWS)
    store = ExecutionStore(tmp_path / "kflow.db")
    server = Server(
        load_served_flows([tmp_path / "hooks.yaml"]),
        store,
        Credentials(),
        RunSettings(),
        clock=Fixed(),
    )
    runner = web.AppRunner(create_app(server))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    await server.start()
    try:
        with caplog.at_level(logging.INFO, logger="kflow"):
            base = f"http://127.0.0.1:{runner.addresses[0][1]}"
            async with aiohttp.ClientSession(base) as http:
                async with http.post(
                    "/webhook/open",
                    params={"token": "query-secret-1"},
                    json={"a": 1},
                    headers={"Authorization": SECRET},
                ) as resp:
                    assert resp.status == 200
                async with http.get("/webhook/nowhere") as resp:
                    assert resp.status == 404
            await server.stop(grace=30)
    finally:
        await runner.cleanup()
        store.close()
    requests = [r.getMessage() for r in caplog.records if r.name == "kflow.serve.requests"]
    assert re.fullmatch(r"POST /webhook/open\?token=\*\*\* 200 \d+ ms execution 1", requests[0])
    assert re.fullmatch(r"GET /webhook/nowhere 404 \d+ ms", requests[1])
    (done,) = [r.getMessage() for r in caplog.records if r.name == "kflow.serve.executions"]
    assert re.fullmatch(r'execution 1 "Hooks" success in \d+ ms, 1 item out', done)
    logged = caplog.text
    assert "query-secret-1" not in logged and "caller-token" not in logged


async def test_the_command_prints_its_urls_and_quiet_keeps_only_execution_lines(
    tmp_path: Path, unused_tcp_port: int
) -> None:
    flow = tmp_path / "hooks.yaml"
    flow.write_text(FLOWS)
    proc = await asyncio.create_subprocess_exec(
        str(KFLOW),
        "serve",
        str(flow),
        "--port",
        str(unused_tcp_port),
        "--db",
        str(tmp_path / "kflow.db"),
        "--public-url",
        "https://hooks.example.com",
        "--quiet",
        stderr=asyncio.subprocess.PIPE,
        env=child_env(),
        cwd=ROOT,
    )
    assert proc.stderr is not None
    seen: list[str] = []

    async def line_with(text: str) -> str:
        while True:
            line = (await asyncio.wait_for(proc.stderr.readline(), 30)).decode()
            assert line, f"kflow serve ended early: {seen}"
            seen.append(line)
            if text in line:
                return line

    try:
        await line_with("POST https://hooks.example.com/webhook/open")
        await line_with('node "Morning", rule 1: next fire ')
        await line_with("REST API on")
        base = f"http://127.0.0.1:{unused_tcp_port}"
        async with (
            aiohttp.ClientSession(base) as http,
            http.post("/webhook/open?token=query-secret-1", json={}) as resp,
        ):
            assert resp.status == 200
        assert re.search(r'execution 1 "Hooks" success in \d+ ms', await line_with("execution 1"))
        proc.send_signal(signal.SIGTERM)
        rest = (await asyncio.wait_for(proc.stderr.read(), 30)).decode()
        assert await asyncio.wait_for(proc.wait(), 30) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
    everything = "".join(seen) + rest
    assert "/webhook/open 200" not in everything and "/webhook/open?" not in everything
    assert "query-secret-1" not in everything
