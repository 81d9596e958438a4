"""The connection guard over real loopback sockets: cap, head and idle timeouts, busy
handlers left alone, bounded body reads."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest
from aiohttp import web

from kflow.host.serve.connections import (
    BodyError,
    ConnectionGuard,
    ConnectionStats,
    GuardedSite,
    guard_middleware,
    read_body,
)

HOST = "127.0.0.1"
PATIENCE = 5.0
"""How long a test waits for what must happen before calling it a failure (never a speed
check: the timeouts under test are a fraction of a second)."""

BIG = b"x" * (32 * 1024 * 1024)


async def ok(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def slow(request: web.Request) -> web.Response:
    await asyncio.sleep(0.3)
    return web.Response(text="done")


async def big(request: web.Request) -> web.Response:
    return web.Response(body=BIG)


async def body(request: web.Request) -> web.Response:
    try:
        data = await read_body(request, timeout=0.1, limit=1000)
    except BodyError as exc:
        response = web.Response(status=exc.status, text=str(exc))
        response.force_close()
        return response
    return web.Response(body=data)


def make_app() -> web.Application:
    app = web.Application(middlewares=[guard_middleware])
    app.router.add_get("/ok", ok)
    app.router.add_get("/slow", slow)
    app.router.add_get("/big", big)
    app.router.add_post("/body", body)
    return app


@dataclass
class Served:
    runner: web.AppRunner
    site: GuardedSite

    @property
    def guard(self) -> ConnectionGuard:
        return self.site.guard

    @property
    def port(self) -> int:
        return self.site.port

    async def connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection(HOST, self.port)


@contextlib.asynccontextmanager
async def serving(
    *, max_connections: int = 100, header_timeout: float = 0.1, idle_timeout: float = 0.1
) -> AsyncIterator[Served]:
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    assert runner.server is not None
    guard = ConnectionGuard(
        runner.server,
        max_connections=max_connections,
        header_timeout=header_timeout,
        idle_timeout=idle_timeout,
    )
    site = GuardedSite(runner, guard, HOST, 0)
    await site.start()
    try:
        yield Served(runner, site)
    finally:
        await runner.cleanup()


def head(method: str, path: str, *, close: bool = False, extra: str = "") -> bytes:
    connection = "Connection: close\r\n" if close else ""
    return f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\n{connection}{extra}\r\n".encode()


async def response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One response's status and body (Content-Length framed, as aiohttp answers here)."""
    lines = (await reader.readuntil(b"\r\n\r\n")).decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if line)
    return int(lines[0].split()[1]), await reader.readexactly(int(headers["Content-Length"]))


async def get(served: Served, path: str = "/ok") -> tuple[int, bytes]:
    reader, writer = await served.connect()
    try:
        writer.write(head("GET", path, close=True))
        return await asyncio.wait_for(response(reader), PATIENCE)
    finally:
        writer.close()


async def closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """What the server still sent before it closed the connection (waits for the close)."""
    try:
        return await asyncio.wait_for(reader.read(), PATIENCE)
    except ConnectionResetError:
        return b""


async def until(check: Callable[[ConnectionStats], bool], guard: ConnectionGuard) -> None:
    async with asyncio.timeout(PATIENCE):
        while not check(guard.stats):
            await asyncio.sleep(0.01)


async def test_a_request_is_answered_and_counted() -> None:
    async with serving() as served:
        assert await get(served) == (200, b"ok")
        await until(lambda s: s.open == 0, served.guard)
        assert served.guard.stats == ConnectionStats(
            open=0,
            busy=0,
            accepted=1,
            closed_by_cap=0,
            closed_by_header_timeout=0,
            closed_by_idle_timeout=0,
        )


async def test_connections_over_the_cap_are_closed_at_once() -> None:
    async with serving(max_connections=3, header_timeout=30, idle_timeout=30) as served:
        held = [await served.connect() for _ in range(3)]
        await until(lambda s: s.open == 3, served.guard)

        reader, writer = await served.connect()
        sent = await closed_by_server(reader)
        writer.close()

        assert sent.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
        assert served.guard.stats.closed_by_cap == 1
        assert served.guard.stats.open == 3

        held.pop()[1].close()
        await until(lambda s: s.open == 2, served.guard)
        assert await get(served) == (200, b"ok")
        for _, held_writer in held:
            held_writer.close()


async def test_a_silent_connection_is_closed_after_the_header_timeout() -> None:
    async with serving() as served:
        reader, writer = await served.connect()
        assert await closed_by_server(reader) == b""
        writer.close()

        assert served.guard.stats.closed_by_header_timeout == 1
        assert await get(served) == (200, b"ok")


async def test_a_head_sent_a_byte_at_a_time_is_cut() -> None:
    async with serving() as served:
        reader, writer = await served.connect()
        slowloris = head("GET", "/ok", extra="X-Padding: " + "a" * 200 + "\r\n")

        async def trickle() -> None:
            with contextlib.suppress(ConnectionError):
                for byte in slowloris:
                    writer.write(bytes([byte]))
                    await writer.drain()
                    await asyncio.sleep(0.05)

        sending = asyncio.create_task(trickle())
        assert await closed_by_server(reader) == b""
        sending.cancel()
        writer.close()

        assert served.guard.stats.closed_by_header_timeout == 1
        assert await get(served) == (200, b"ok")


async def test_an_idle_keep_alive_connection_is_closed() -> None:
    async with serving() as served:
        reader, writer = await served.connect()
        writer.write(head("GET", "/ok"))
        assert await asyncio.wait_for(response(reader), PATIENCE) == (200, b"ok")

        assert await closed_by_server(reader) == b""
        writer.close()
        assert served.guard.stats.closed_by_idle_timeout == 1
        assert served.guard.stats.closed_by_header_timeout == 0


async def test_a_keep_alive_pause_longer_than_the_header_timeout_is_allowed() -> None:
    async with serving(header_timeout=0.05, idle_timeout=30) as served:
        reader, writer = await served.connect()
        writer.write(head("GET", "/ok"))
        assert await asyncio.wait_for(response(reader), PATIENCE) == (200, b"ok")
        await asyncio.sleep(0.2)
        writer.write(head("GET", "/ok"))
        assert await asyncio.wait_for(response(reader), PATIENCE) == (200, b"ok")
        writer.close()
        assert served.guard.stats.closed_by_timeout == 0


async def test_a_slow_handler_is_not_cut() -> None:
    async with serving() as served:
        answer = asyncio.create_task(get(served, "/slow"))
        await until(lambda s: s.busy == 1, served.guard)
        assert await answer == (200, b"done")
        assert served.guard.stats.closed_by_timeout == 0


async def test_a_response_the_client_does_not_read_times_out() -> None:
    async with serving() as served:
        _, writer = await served.connect()
        writer.write(head("GET", "/big"))
        await until(lambda s: s.closed_by_idle_timeout == 1, served.guard)
        writer.close()
        await until(lambda s: s.open == 0, served.guard)


async def test_a_client_reading_a_large_response_for_several_timeouts_is_not_cut() -> None:
    async with serving() as served:
        reader, writer = await served.connect()
        writer.write(head("GET", "/big", close=True))
        await reader.readuntil(b"\r\n\r\n")
        received = paused_at = 0
        while chunk := await asyncio.wait_for(reader.read(1024 * 1024), PATIENCE):
            received += len(chunk)
            if received - paused_at >= 1024 * 1024:
                paused_at = received
                await asyncio.sleep(0.02)
        writer.close()
        assert received == len(BIG)
        assert served.guard.stats.closed_by_timeout == 0


async def test_a_body_within_the_limits_is_read() -> None:
    async with serving() as served:
        reader, writer = await served.connect()
        writer.write(head("POST", "/body", close=True, extra="Content-Length: 5\r\n") + b"hello")
        assert await asyncio.wait_for(response(reader), PATIENCE) == (200, b"hello")
        writer.close()


async def test_a_body_trickling_past_its_time_is_408() -> None:
    async with serving() as served:
        reader, writer = await served.connect()
        writer.write(head("POST", "/body", extra="Content-Length: 100\r\n") + b"0123456789")
        status, text = await asyncio.wait_for(response(reader), PATIENCE)
        assert status == 408
        assert b"did not arrive within 0.1 s" in text
        await closed_by_server(reader)
        writer.close()
        assert await get(served) == (200, b"ok")


@pytest.mark.parametrize(
    "framing",
    [
        b"Content-Length: 5000\r\n\r\n",
        b"Transfer-Encoding: chunked\r\n\r\n"
        + b"3e8\r\n"
        + b"a" * 1000
        + b"\r\n1\r\nb\r\n0\r\n\r\n",
    ],
    ids=["declared", "chunked"],
)
async def test_a_body_over_its_limit_is_413(framing: bytes) -> None:
    async with serving(idle_timeout=0.05) as served:
        reader, writer = await served.connect()
        writer.write(head("POST", "/body").removesuffix(b"\r\n") + framing)
        status, _ = await asyncio.wait_for(response(reader), PATIENCE)
        assert status == 413
        await closed_by_server(reader)
        writer.close()


async def test_two_listeners_keep_their_own_caps() -> None:
    async with serving(max_connections=1, header_timeout=30, idle_timeout=30) as served:
        assert served.runner.server is not None
        admin = GuardedSite(
            served.runner, ConnectionGuard(served.runner.server, max_connections=1), HOST, 0
        )
        await admin.start()
        _, held = await served.connect()
        await until(lambda s: s.open == 1, served.guard)

        reader, writer = await asyncio.open_connection(HOST, admin.port)
        writer.write(head("GET", "/ok", close=True))
        assert await asyncio.wait_for(response(reader), PATIENCE) == (200, b"ok")
        writer.close()
        held.close()
        assert admin.guard.stats.accepted == 1
        assert served.guard.stats.closed_by_cap == 0


async def test_runner_cleanup_stops_the_listener() -> None:
    async with serving() as served:
        port = served.port
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection(HOST, port)


async def test_the_site_refuses_an_app_without_the_middleware() -> None:
    runner = web.AppRunner(web.Application())
    await runner.setup()
    try:
        assert runner.server is not None
        site = GuardedSite(runner, ConnectionGuard(runner.server), HOST, 0)
        with pytest.raises(RuntimeError, match="guard_middleware"):
            await site.start()
        assert not runner.sites
    finally:
        await runner.cleanup()


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError):
        ConnectionGuard(asyncio.Protocol, max_connections=0)
