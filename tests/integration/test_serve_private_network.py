"""Under serve, nodes may not reach loopback or private addresses unless allowed: a flow
whose URL comes from a caller cannot be turned against the machine or its network."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from kflow.host.credentials import Credentials
from kflow.host.serve.app import create_app
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings

FETCH = """
name: Fetch
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: fetch, responseMode: lastNode}
  - name: Get
    type: httpRequest
    typeVersion: 4.2
    parameters: {url: "={{ $json.body.url }}", options: {}}
connections:
  Hook: [Get]
"""


async def _inner(request: web.Request) -> web.Response:
    return web.json_response({"secret": "internal"})


@pytest.mark.parametrize("blocked", [True, False])
async def test_a_callers_url_to_loopback_is_refused_unless_allowed(
    tmp_path: Path, blocked: bool
) -> None:
    inner = web.Application()
    inner.router.add_get("/", _inner)
    inner_runner = web.AppRunner(inner)
    await inner_runner.setup()
    await web.TCPSite(inner_runner, "127.0.0.1", 0).start()
    target = f"http://localhost:{inner_runner.addresses[0][1]}/"
    (tmp_path / "fetch.yaml").write_text(FETCH)
    store = ExecutionStore(tmp_path / "kflow.db")
    settings = RunSettings(retries=1, block_private_network=blocked)
    server = Server(load_served_flows([tmp_path / "fetch.yaml"]), store, Credentials(), settings)
    runner = web.AppRunner(create_app(server))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    await server.start()
    try:
        async with (
            aiohttp.ClientSession(f"http://127.0.0.1:{runner.addresses[0][1]}") as http,
            http.post("/webhook/fetch", json={"url": target}) as resp,
        ):
            status, body = resp.status, await resp.text()
        for _ in range(100):
            if store.list() and store.list()[0].status in ("success", "error"):
                break
            await asyncio.sleep(0.05)
    finally:
        await server.stop(grace=5)
        await runner.cleanup()
        await inner_runner.cleanup()
    (execution,) = store.list()
    store.close()
    if blocked:
        assert status == 500 and "internal" not in body
        assert execution.status == "error"
        assert "--allow-private-network" in (execution.error or "")
    else:
        assert status == 200 and "internal" in body
        assert execution.status == "success"
