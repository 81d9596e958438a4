"""The key is sent to the configured host only: redirects elsewhere lose it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from kflow.host.http import HttpClient, HttpRequest
from kflow.nodes.keitaro.handlers.masking import SECRET_HEADERS
from tests.support import CANARY_KEY


@pytest.fixture
async def servers() -> AsyncIterator[tuple[str, str, list[dict[str, str]]]]:
    """Two loopback servers on different origins; the second records what reaches it."""
    seen: list[dict[str, str]] = []

    async def landing(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        return web.json_response({"ok": True})

    target = web.Application()
    target.router.add_route("*", "/{tail:.*}", landing)
    target_runner = web.AppRunner(target)
    await target_runner.setup()
    await web.TCPSite(target_runner, "127.0.0.1", 0).start()
    target_port = target_runner.addresses[0][1]
    # "localhost" and "127.0.0.1" are different hosts, so a different origin.
    elsewhere = f"http://localhost:{target_port}"

    async def bounce(request: web.Request) -> web.Response:
        where = request.match_info["where"]
        if where == "away":
            raise web.HTTPFound(f"{elsewhere}/stolen")
        if where == "home":
            raise web.HTTPTemporaryRedirect("/landing")
        seen.append(dict(request.headers))
        return web.json_response({"home": True})

    origin = web.Application()
    origin.router.add_route("*", "/{where}", bounce)
    origin_runner = web.AppRunner(origin)
    await origin_runner.setup()
    await web.TCPSite(origin_runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{origin_runner.addresses[0][1]}", elsewhere, seen
    await origin_runner.cleanup()
    await target_runner.cleanup()


def request(url: str) -> HttpRequest:
    return HttpRequest(
        "PUT", url, {"Api-Key": CANARY_KEY}, {"cost": 1}, secret_headers=SECRET_HEADERS
    )


async def test_redirect_to_another_host_drops_the_key(
    servers: tuple[str, str, list[dict[str, str]]],
) -> None:
    origin, _, seen = servers
    async with HttpClient() as http:
        response = await http.send(request(f"{origin}/away"))
    assert response.status == 200
    assert len(seen) == 1
    assert "Api-Key" not in seen[0]
    assert CANARY_KEY not in str(seen[0])


async def test_redirect_on_the_same_host_keeps_the_key(
    servers: tuple[str, str, list[dict[str, str]]],
) -> None:
    origin, _, seen = servers
    async with HttpClient() as http:
        response = await http.send(request(f"{origin}/home"))
    assert response.json() == {"home": True}
    assert seen[0]["Api-Key"] == CANARY_KEY
