"""One HTTP client per run: a shared aiohttp session, bounded connections, safe redirects."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from yarl import URL

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_TIMEOUT",
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "TransportError",
]

DEFAULT_CONCURRENCY = 16
DEFAULT_TIMEOUT = 60.0
_MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}


class TransportError(Exception):
    """The request got no HTTP answer: refused, reset, timed out, or redirected too often."""


@dataclass(frozen=True)
class HttpRequest:
    """A request ready to send. `url` is already percent-encoded."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    json: Any = field(default=None, repr=False)
    secret_headers: frozenset[str] = frozenset()


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


class HttpClient:
    """Sends requests over one shared session.

    Redirects are followed by hand: a redirect that leaves the original origin (scheme, host
    and port; an upgrade from http to https on the same host is allowed) drops every header
    named in `secret_headers`, so a key never reaches another host.

    Args:
        concurrency: Most connections open at once.
        timeout: Total seconds allowed for one request, redirects included.
    """

    def __init__(
        self, *, concurrency: int = DEFAULT_CONCURRENCY, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.concurrency = concurrency
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> HttpClient:
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.timeout),
            connector=aiohttp.TCPConnector(limit=self.concurrency),
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, request: HttpRequest) -> HttpResponse:
        """Sends the request and reads the whole answer.

        Raises:
            TransportError: No HTTP answer could be had.
        """
        if self._session is None:
            raise RuntimeError("HttpClient used outside 'async with'")
        method, url, headers, body = (
            request.method,
            URL(request.url, encoded=True),
            request.headers,
            request.json,
        )
        origin = url
        try:
            for _ in range(_MAX_REDIRECTS + 1):
                async with self._session.request(
                    method, url, headers=headers, json=body, allow_redirects=False
                ) as resp:
                    text = await resp.text(errors="replace")
                    if resp.status not in _REDIRECTS or "Location" not in resp.headers:
                        return HttpResponse(resp.status, dict(resp.headers), text, str(url))
                    target = url.join(URL(resp.headers["Location"]))
                    if resp.status == 303 or (resp.status in (301, 302) and method == "POST"):
                        method, body = "GET", None
                if not _same_origin(origin, target):
                    headers = {
                        k: v
                        for k, v in headers.items()
                        if k.lower() not in _lower(request.secret_headers)
                    }
                url = target
        except TimeoutError:
            raise TransportError(f"no answer within {self.timeout:g} s") from None
        except aiohttp.ClientError as exc:
            raise TransportError(_describe(exc)) from None
        except OSError as exc:
            raise TransportError(f"connection failed: {exc.strerror or exc}") from None
        raise TransportError(f"more than {_MAX_REDIRECTS} redirects")


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
