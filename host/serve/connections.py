"""Connection limits for `kflow serve`'s listeners, which aiohttp's server does not have.

A `ConnectionGuard` wraps the protocol factory aiohttp serves with (`web.Server`,
`runner.server` after `setup()`), and `GuardedSite` listens through it, like `web.TCPSite`:

- at most `max_connections` are open; one more is answered 503 and closed before anything
  is read from it;
- a new connection must deliver a complete request head within `header_timeout` seconds;
- after a response the connection may stay idle (keep-alive) up to `idle_timeout` seconds;
  the first byte of the next request starts its `header_timeout`, so a head sent a byte at
  a time is cut however often the bytes come;
- while a response is still being sent, a timeout closes the connection only if the
  client read none of it since the previous timeout (one that reads nothing: two);
- a request whose handler runs is never cut, however long it takes.

"A handler runs" is what `guard_middleware` records, so the app must have it among its
middlewares (`GuardedSite` refuses to start otherwise). Bodies are the handler's to read:
`read_body` reads one within a total time and a size limit.

    app.middlewares.insert(0, guard_middleware)  # before runner.setup()
    runner = web.AppRunner(app)
    await runner.setup()
    guard = ConnectionGuard(runner.server, max_connections=1024)
    await GuardedSite(runner, guard, "0.0.0.0", 5678).start()
    ...
    await runner.cleanup()  # stops the site too
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Handler
from yarl import URL

__all__ = [
    "BodyError",
    "BodyTimeout",
    "BodyTooLarge",
    "ConnectionGuard",
    "ConnectionStats",
    "GuardedSite",
    "guard_middleware",
    "read_body",
]

ProtocolFactory = Callable[[], asyncio.Protocol]

_REFUSAL = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Content-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n\r\n"
)


@dataclass(frozen=True, slots=True)
class ConnectionStats:
    """A guard's counts: connections open now and busy now (a handler runs), and totals."""

    open: int
    busy: int
    accepted: int
    closed_by_cap: int
    closed_by_header_timeout: int
    closed_by_idle_timeout: int

    @property
    def closed_by_timeout(self) -> int:
        return self.closed_by_header_timeout + self.closed_by_idle_timeout


class ConnectionGuard:
    """A protocol factory that caps and times out the connections of `factory`'s protocols.

    Give it to `loop.create_server` (or use `GuardedSite`). One guard per listener: its cap
    and counts are that listener's.
    """

    def __init__(
        self,
        factory: ProtocolFactory,
        *,
        max_connections: int = 1024,
        header_timeout: float = 10.0,
        idle_timeout: float = 75.0,
    ) -> None:
        if max_connections < 1 or header_timeout <= 0 or idle_timeout <= 0:
            raise ValueError("max_connections and the timeouts must be positive")
        self.factory = factory
        self.max_connections = max_connections
        self.header_timeout = header_timeout
        self.idle_timeout = idle_timeout
        self._open = 0
        self._busy = 0
        self._accepted = 0
        self._refused = 0
        self._header_timeouts = 0
        self._idle_timeouts = 0

    def __call__(self) -> asyncio.Protocol:
        return _GuardedConnection(self)

    @property
    def stats(self) -> ConnectionStats:
        return ConnectionStats(
            open=self._open,
            busy=self._busy,
            accepted=self._accepted,
            closed_by_cap=self._refused,
            closed_by_header_timeout=self._header_timeouts,
            closed_by_idle_timeout=self._idle_timeouts,
        )


class _GuardedConnection(asyncio.Protocol):
    """One connection: passes everything to the wrapped protocol and keeps its deadline.

    Not busy, it waits either for a request head (`_head`: since it connected, or since the
    first byte after its last response) or idle for the next request.
    """

    __slots__ = ("_busy", "_guard", "_head", "_inner", "_timer", "_transport", "_unsent")

    def __init__(self, guard: ConnectionGuard) -> None:
        self._guard = guard
        self._inner: asyncio.Protocol | None = None
        self._transport: asyncio.Transport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._busy = 0
        self._head = True
        self._unsent = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        guard = self._guard
        if guard._open >= guard.max_connections:
            guard._refused += 1
            transport.write(_REFUSAL)
            transport.close()
            return
        guard._open += 1
        guard._accepted += 1
        self._transport = transport
        self._inner = guard.factory()
        self._wait()
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self._inner is None:
            return
        if not self._busy and not self._head:
            self._head = True
            self._wait()
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received() if self._inner is not None else None

    def pause_writing(self) -> None:
        if self._inner is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._inner is None:
            return
        if not self._busy:  # the client reads the last response: a new period
            self._wait()
        self._inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        inner, self._inner = self._inner, None
        if inner is None:
            return
        self._disarm()
        self._guard._open -= 1
        if self._busy:
            self._guard._busy -= 1
            self._busy = 0
        self._transport = None
        inner.connection_lost(exc)

    def request_started(self) -> None:
        if self._inner is None:
            return
        if not self._busy:
            self._guard._busy += 1
            self._disarm()
        self._busy += 1

    def request_finished(self) -> None:
        if self._inner is None or not self._busy:
            return
        self._busy -= 1
        if not self._busy:
            self._guard._busy -= 1
            self._head = False
            self._wait()

    def _wait(self) -> None:
        """Starts a period of waiting for a head, or idle."""
        self._disarm()
        delay = self._guard.header_timeout if self._head else self._guard.idle_timeout
        self._timer = asyncio.get_running_loop().call_later(delay, self._expire)
        self._unsent = self._transport.get_write_buffer_size() if self._transport else 0

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        self._timer = None
        transport = self._transport
        if transport is None or self._busy:
            return
        unsent = transport.get_write_buffer_size()
        if unsent and (not self._unsent or unsent < self._unsent):
            self._wait()  # a response began, or the client read some of it, in this period
            return
        if self._head:
            self._guard._header_timeouts += 1
        else:
            self._guard._idle_timeouts += 1
        if unsent:  # close() would wait for the client to read it
            transport.abort()
        else:
            transport.close()


@web.middleware
async def guard_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Marks the request's connection busy while its handler runs, so no guard cuts it.

    Requests on connections no guard accepted pass through untouched.
    """
    transport = request.transport
    # The transport's protocol is what it feeds: on a guarded connection, the guard's wrapper.
    connection = transport.get_protocol() if transport is not None else None
    if not isinstance(connection, _GuardedConnection):
        return await handler(request)
    connection.request_started()
    try:
        return await handler(request)
    finally:
        connection.request_finished()


class GuardedSite(web.BaseSite):
    """`web.TCPSite`, with the connections going through `guard`.

    `runner.cleanup()` stops it like any site. `guard` should wrap `runner.server`.
    """

    __slots__ = (
        "_app_runner",
        "_bound_port",
        "_guard",
        "_host",
        "_listen_backlog",
        "_listener",
        "_port",
    )

    def __init__(
        self,
        runner: web.AppRunner,
        guard: ConnectionGuard,
        host: str,
        port: int,
        *,
        backlog: int = 128,
    ) -> None:
        super().__init__(runner, backlog=backlog)
        self._app_runner = runner
        self._listen_backlog = backlog
        self._guard = guard
        self._host = host
        self._port = port
        self._bound_port: int | None = None
        self._listener: asyncio.Server | None = None

    @property
    def guard(self) -> ConnectionGuard:
        return self._guard

    @property
    def port(self) -> int:
        """The port listened on (the one chosen when 0 was asked, once started)."""
        return self._bound_port if self._bound_port is not None else self._port

    @property
    def name(self) -> str:
        return str(URL.build(scheme="http", host=self._host, port=self.port))

    async def start(self) -> None:
        """Listens on host:port.

        Raises:
            RuntimeError: The runner's app lacks `guard_middleware`: handlers would be cut.
            OSError: The address cannot be listened on.
        """
        if guard_middleware not in self._app_runner.app.middlewares:
            raise RuntimeError("add guard_middleware to the app's middlewares before setup()")
        await super().start()
        try:
            self._listener = await asyncio.get_running_loop().create_server(
                self._guard, self._host, self._port, backlog=self._listen_backlog
            )
        except BaseException:
            await super().stop()
            raise
        self._bound_port = int(self._listener.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Stops listening; the open connections are the runner's to close."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        await super().stop()


class BodyError(Exception):
    """A request body not read; answer with `status`, and `force_close()` that response:
    the rest of the body is still on the connection."""

    status: int


class BodyTimeout(BodyError):
    """The body did not arrive in time (408)."""

    status = 408

    def __init__(self, timeout: float) -> None:
        super().__init__(f"the request body did not arrive within {timeout:g} s")
        self.timeout = timeout


class BodyTooLarge(BodyError):
    """The body is over the size limit (413)."""

    status = 413

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")
        self.limit = limit


async def read_body(request: web.BaseRequest, *, timeout: float, limit: int) -> bytes:
    """The whole body (decoded as aiohttp decodes it), read within `timeout` seconds in all
    and at most `limit` bytes.

    Raises:
        BodyTimeout: The body was still arriving after `timeout` seconds.
        BodyTooLarge: The body, or its declared Content-Length, is over `limit` bytes.
    """
    declared = request.content_length
    if declared is not None and declared > limit:
        raise BodyTooLarge(limit)
    body = bytearray()
    try:
        async with asyncio.timeout(timeout):
            while chunk := await request.content.readany():
                if len(body) + len(chunk) > limit:
                    raise BodyTooLarge(limit)
                body += chunk
    except TimeoutError:
        raise BodyTimeout(timeout) from None
    return bytes(body)
