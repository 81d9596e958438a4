"""HttpClient's refusal of internal addresses (refuse_private), off by default."""

from __future__ import annotations

import ipaddress

import pytest
from aiohttp import web

from kflow.host.http import HttpClient, HttpRequest, TransportError, _internal_kind


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),
        ("8.8.8.8", None),
    ],
)
def test_internal_kinds(address: str, kind: str | None) -> None:
    assert _internal_kind(ipaddress.ip_address(address)) == kind


async def _serve() -> tuple[web.AppRunner, int]:
    app = web.Application()

    async def ok(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app.router.add_get("/", ok)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, port


async def test_loopback_is_reached_by_default_and_refused_when_asked() -> None:
    runner, port = await _serve()
    try:
        async with HttpClient() as http:
            answer = await http.send(HttpRequest("GET", f"http://127.0.0.1:{port}/"))
            assert answer.status == 200
        async with HttpClient(refuse_private=True) as http:
            for host in ("127.0.0.1", "localhost"):
                with pytest.raises(TransportError, match="refusing to connect to") as caught:
                    await http.send(HttpRequest("GET", f"http://{host}:{port}/"))
                assert caught.value.sent is False
                assert "allow private addresses" in str(caught.value)
    finally:
        await runner.cleanup()
