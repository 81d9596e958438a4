"""One HTTP client per run: a shared aiohttp session, bounded connections, safe redirects."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import aiohttp
from yarl import URL

from kflow.host import jsontext
from kflow.host.ratelimit import RateLimiter

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "Exchange",
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "Transport",
    "TransportError",
]

DEFAULT_CONCURRENCY = 16
DEFAULT_TIMEOUT = 60.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024
_MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}


class TransportError(Exception):
    """The request got no usable HTTP answer: refused, reset, timed out, too large, or
    redirected too often.

    Attributes:
        sent: False when the request certainly never reached the server.
    """

    def __init__(self, message: str, *, sent: bool = True) -> None:
        super().__init__(message)
        self.sent = sent


@dataclass(frozen=True)
class HttpRequest:
    """A request ready to send. `url` is already percent-encoded."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    json: Any = field(default=None, repr=False)
    secret_headers: frozenset[str] = frozenset()
    verify_tls: bool = True


@dataclass(frozen=True)
class HttpResponse:
    """The answer to a request, body read in full."""

    status: int
    headers: dict[str, str]
    text: str
    url: str

    def json(self) -> Any:
        """The body parsed as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.text) if self.text else None
        except json.JSONDecodeError:
            return None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class Exchange:
    """One request as it goes on the wire (after redirects are resolved) and its answer."""

    method: str
    url: str
    headers: dict[str, str] = field(repr=False)
    json: Any = field(repr=False)


class Transport(Protocol):
    """What carries one request and brings back (status, headers, body text).

    The default goes over aiohttp; kflow.testing's MemoryTransport answers from declared
    responses. Redirects, rate limits, size caps and control-character checks stay in
    HttpClient, so they hold for every transport.
    """

    async def exchange(self, request: Exchange) -> tuple[int, dict[str, str], str]: ...


class HttpClient:
    """Sends requests over one shared session.

    Redirects are followed by hand: a redirect that leaves the original origin (scheme, host
    and port; an upgrade from http to https on the same host is allowed) drops every header
    named in `secret_headers`, so a key never reaches another host.

    Requests to one origin (scheme, host, port: one tracker) share a rate limit when `rate`
    is set. URLs and header values with control characters are refused before sending.

    Args:
        concurrency: Most connections open at once.
        timeout: Total seconds allowed for one request, redirects included.
        connect_timeout: Seconds allowed to open a connection.
        max_response_bytes: Larger answers fail instead of filling memory.
        rate: Most requests per second to one origin; None for no limit.
        transport: Carries the requests instead of aiohttp (tests, kflow.testing).
    """

    def __init__(
        self,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        timeout: float = DEFAULT_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate: float | None = None,
        transport: Transport | None = None,
    ) -> None:
        self.transport = transport
        self.concurrency = concurrency
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.max_response_bytes = max_response_bytes
        self.rate = rate
        self._limiters: dict[tuple[str | None, str | None, int | None], RateLimiter] = {}
        self._session: aiohttp.ClientSession | None = None
        self._entered = False

    async def __aenter__(self) -> HttpClient:
        if self.transport is not None:
            self._entered = True
            return self
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(
                total=self.timeout, connect=min(self.connect_timeout, self.timeout)
            ),
            connector=aiohttp.TCPConnector(limit=self.concurrency),
            cookie_jar=aiohttp.DummyCookieJar(),
            json_serialize=jsontext.dumps,
        )
        # aiohttp sends a GET, PUT or DELETE a second time, unasked, when the connection
        # closes before the answer. Whether to send again is the retry policy's call (a PUT
        # that clones, a GET that posts a conversion are not idempotent); aiohttp offers no
        # public switch, and its own test client turns it off the same way.
        self._session._retry_connection = False
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._entered = False
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, request: HttpRequest) -> HttpResponse:
        """Sends the request and reads the whole answer.

        Raises:
            TransportError: No HTTP answer could be had.
        """
        if self._session is None and not self._entered:
            raise RuntimeError("HttpClient used outside 'async with'")
        _refuse_control_characters(request)
        method, url, headers, body = (
            request.method,
            URL(request.url, encoded=True),
            request.headers,
            request.json,
        )
        origin = url
        await self._wait_for_slot(url)
        ssl = bool(request.verify_tls)
        try:
            for _ in range(_MAX_REDIRECTS + 1):
                status, answer_headers, text = await self._exchange(
                    Exchange(method, str(url), dict(headers), body), ssl
                )
                if status not in _REDIRECTS or "Location" not in answer_headers:
                    return HttpResponse(status, answer_headers, text, str(url))
                target = url.join(URL(answer_headers["Location"]))
                if status == 303 or (status in (301, 302) and method == "POST"):
                    method, body = "GET", None
                if not _same_origin(origin, target):
                    headers = {
                        k: v
                        for k, v in headers.items()
                        if k.lower() not in _lower(request.secret_headers)
                    }
                url = target
        except aiohttp.ConnectionTimeoutError:
            raise TransportError(
                f"could not connect within {self.connect_timeout:g} s", sent=False
            ) from None
        except TimeoutError:
            raise TransportError(f"no answer within {self.timeout:g} s") from None
        except aiohttp.ClientConnectorError as exc:
            raise TransportError(_describe(exc), sent=False) from None
        except aiohttp.ClientError as exc:
            raise TransportError(_describe(exc)) from None
        except OSError as exc:
            raise TransportError(f"connection failed: {exc.strerror or exc}") from None
        raise TransportError(f"more than {_MAX_REDIRECTS} redirects")

    async def _exchange(self, request: Exchange, ssl: bool) -> tuple[int, dict[str, str], str]:
        if self.transport is not None:
            status, headers, text = await self.transport.exchange(request)
            if len(text.encode()) > self.max_response_bytes:
                raise TransportError(
                    f"the answer is larger than {self.max_response_bytes / 1048576:g} MB; "
                    "not reading it"
                )
            return status, headers, text
        assert self._session is not None
        async with self._session.request(
            request.method,
            URL(request.url, encoded=True),
            headers=request.headers,
            json=request.json,
            allow_redirects=False,
            ssl=ssl,
        ) as resp:
            return resp.status, dict(resp.headers), await self._read(resp)

    async def _wait_for_slot(self, url: URL) -> None:
        if self.rate is None:
            return
        key = (url.scheme, url.host, url.port)
        limiter = self._limiters.get(key)
        if limiter is None:
            limiter = self._limiters[key] = RateLimiter(self.rate)
        await limiter.acquire()

    async def _read(self, resp: aiohttp.ClientResponse) -> str:
        too_large = TransportError(
            f"the answer is larger than {self.max_response_bytes / 1048576:g} MB; not reading it"
        )
        if (resp.content_length or 0) > self.max_response_bytes:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(65536):
            size += len(chunk)
            if size > self.max_response_bytes:
                raise too_large
            chunks.append(chunk)
        data = b"".join(chunks)
        try:
            return data.decode(resp.charset or "utf-8", errors="replace")
        except LookupError:
            return data.decode("utf-8", errors="replace")


def _refuse_control_characters(request: HttpRequest) -> None:
    # CR/LF in a URL or header would let a value add headers or split the request.
    if _CONTROL.search(request.url):
        raise TransportError("refusing to send: the URL contains control characters", sent=False)
    for name, value in request.headers.items():
        if _CONTROL.search(name) or _CONTROL.search(value):
            raise TransportError(
                f"refusing to send: header {name!r} contains control characters", sent=False
            )


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _lower(names: frozenset[str]) -> set[str]:
    return {n.lower() for n in names}


def _same_origin(origin: URL, target: URL) -> bool:
    if target.host != origin.host:
        return False
    if target.scheme == origin.scheme:
        return target.port == origin.port
    return origin.scheme == "http" and target.scheme == "https"


def _describe(exc: aiohttp.ClientError) -> str:
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"cannot connect to {exc.host}:{exc.port} ({exc.os_error.strerror or exc.os_error})"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection without answering"
    return f"{type(exc).__name__}: {exc}"
