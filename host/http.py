"""One HTTP client per run: a shared aiohttp session, bounded connections, safe redirects."""

from __future__ import annotations

import ipaddress
import json
import re
import socket
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Protocol

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from kflow.host import jsontext
from kflow.host.held import DryRun, HeldRequest, RequestHeld, held_request, holds
from kflow.host.ratelimit import RateLimiter

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "DryRun",
    "Exchange",
    "FormPart",
    "HeldRequest",
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "PrivateAddressRefused",
    "RequestHeld",
    "Transport",
    "TransportError",
]

DEFAULT_CONCURRENCY = 16
DEFAULT_TIMEOUT = 60.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024
_MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}

_READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_HELD_KEPT = 1000
"""Most held requests a client keeps (a streamed dry run holds one per item)."""
_json_value = json.JSONDecoder().decode
"""json.loads for a body's text, without the checks for bytes and a leading BOM (a BOM
fails to parse here too, so the answer is the same: not JSON)."""


class TransportError(Exception):
    """The request got no usable HTTP answer: refused, reset, timed out, too large, or
    redirected too often.

    Attributes:
        sent: False when the request certainly never reached the server.
    """

    def __init__(self, message: str, *, sent: bool = True) -> None:
        super().__init__(message)
        self.sent = sent


class PrivateAddressRefused(OSError):
    """A connection to a private, loopback or otherwise internal address was refused."""


@dataclass(frozen=True)
class FormPart:
    """One field of a multipart/form-data body: text, or a file when `file_name` is set."""

    name: str
    value: str | bytes = field(repr=False)
    file_name: str | None = None
    content_type: str | None = None


@dataclass(frozen=True, init=False)
class HttpRequest:
    """A request ready to send. `url` is already percent-encoded.

    The body is `json` (serialised), or `data` (bytes sent as they are; set the
    Content-Type header), or `form` (multipart/form-data), at most one of them.

    Attributes:
        timeout: Seconds allowed for this request (redirects included) instead of the
            client's total timeout.
        proxy: A proxy URL to send it through.
        follow_redirects: Whether redirects are followed (else the 3xx answer is returned).
        max_redirects: Most redirects followed (None: the client's own limit of 5).
        keep_bytes: Whether the answer's raw bytes are kept (HttpResponse.content).
        reads_only: Whether the request changes nothing where it goes (a report asked
            for with POST does not; a postback sent with GET does), so that a dry run of
            writes sends it. None: decided by the method (GET, HEAD and OPTIONS read).
    """

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    json: Any = field(default=None, repr=False)
    secret_headers: frozenset[str] = frozenset()
    verify_tls: bool = True
    data: bytes | None = field(default=None, repr=False)
    form: tuple[FormPart, ...] | None = field(default=None, repr=False)
    timeout: float | None = None
    proxy: str | None = None
    follow_redirects: bool = True
    max_redirects: int | None = None
    keep_bytes: bool = False
    reads_only: bool | None = None

    def __init__(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None = None,
        json: Any = None,
        secret_headers: frozenset[str] = frozenset(),
        verify_tls: bool = True,
        data: bytes | None = None,
        form: tuple[FormPart, ...] | None = None,
        timeout: float | None = None,
        proxy: str | None = None,
        follow_redirects: bool = True,
        max_redirects: int | None = None,
        keep_bytes: bool = False,
        reads_only: bool | None = None,
    ) -> None:
        # Made once per item: the fields are stored directly rather than each through the
        # frozen class's __setattr__ (as ItemContext does). No headers: a new empty dict.
        fields = self.__dict__
        fields["method"] = method
        fields["url"] = url
        fields["headers"] = {} if headers is None else headers
        fields["json"] = json
        fields["secret_headers"] = secret_headers
        fields["verify_tls"] = verify_tls
        fields["data"] = data
        fields["form"] = form
        fields["timeout"] = timeout
        fields["proxy"] = proxy
        fields["follow_redirects"] = follow_redirects
        fields["max_redirects"] = max_redirects
        fields["keep_bytes"] = keep_bytes
        fields["reads_only"] = reads_only

    @property
    def only_reads(self) -> bool:
        """Whether the request only reads: as its node says, else by its method."""
        if self.reads_only is not None:
            return self.reads_only
        return self.method.upper() in _READING_METHODS


@dataclass(frozen=True, init=False)
class HttpResponse:
    """The answer to a request, body read in full."""

    status: int
    headers: dict[str, str]
    text: str
    url: str
    content: bytes = field(default=b"", repr=False)
    reason: str = ""

    def __init__(
        self,
        status: int,
        headers: dict[str, str],
        text: str,
        url: str,
        content: bytes = b"",
        reason: str = "",
    ) -> None:
        # One per item, stored as HttpRequest's fields are.
        fields = self.__dict__
        fields["status"] = status
        fields["headers"] = headers
        fields["text"] = text
        fields["url"] = url
        fields["content"] = content
        fields["reason"] = reason

    def json(self) -> Any:
        """The body parsed as JSON, or None when it is not JSON."""
        try:
            return _json_value(self.text) if self.text else None
        except json.JSONDecodeError:
            return None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True, init=False)
class Exchange:
    """One request as it goes on the wire (after redirects are resolved) and its answer."""

    method: str
    url: str
    headers: dict[str, str] = field(repr=False)
    json: Any = field(repr=False)
    data: bytes | tuple[FormPart, ...] | None = field(default=None, repr=False)

    def __init__(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        json: Any,
        data: bytes | tuple[FormPart, ...] | None = None,
    ) -> None:
        # One per request sent, stored as HttpRequest's fields are.
        fields = self.__dict__
        fields["method"] = method
        fields["url"] = url
        fields["headers"] = headers
        fields["json"] = json
        fields["data"] = data


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
        refuse_private: Refuse to connect to loopback, private, link-local, multicast,
            reserved and unspecified addresses (checked on the addresses actually
            connected to, after DNS, so a name that resolves inward is refused too).
        private_hint: What the refusal says about allowing such addresses.
        dry_run: Hold requests back instead of sending them (`all`), or only those that
            do not just read (`writes`): `send` records each in `held` and raises
            RequestHeld. None (the default, and always under serve): send everything.
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
        refuse_private: bool = False,
        private_hint: str = "allow private addresses in the run's settings to reach it",
        dry_run: DryRun | None = None,
    ) -> None:
        self.transport = transport
        self.dry_run: DryRun | None = dry_run
        self.held: deque[HeldRequest] = deque(maxlen=_HELD_KEPT)
        """The latest requests a dry run held back, in order (secrets masked by header name
        only: mask them by value with HeldRequest.masked before showing them)."""
        self.held_count = 0
        """How many requests the dry run held back in all."""
        self.refuse_private = refuse_private
        self.private_hint = private_hint
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
            connector=aiohttp.TCPConnector(
                limit=self.concurrency,
                **(
                    {"resolver": _PublicOnlyResolver(self.private_hint)}
                    if self.refuse_private
                    else {}
                ),
            ),
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
            RequestHeld: The client's dry run holds the request back: nothing was sent.
        """
        if self._session is None and not self._entered:
            raise RuntimeError("HttpClient used outside 'async with'")
        _refuse_control_characters(request)
        if holds(self.dry_run, request):
            held = held_request(request)
            self.held.append(held)
            self.held_count += 1
            raise RequestHeld(held)
        method, url, headers, body = (
            request.method,
            URL(request.url, encoded=True),
            request.headers,
            request.json,
        )
        origin = url
        if self.rate is not None:
            await self._wait_for_slot(url)
        ssl = bool(request.verify_tls)
        data: bytes | tuple[FormPart, ...] | None = (
            request.form if request.form is not None else request.data
        )
        most = _MAX_REDIRECTS if request.max_redirects is None else request.max_redirects
        # With no bytes or form body either, a hop needs none of _exchange_full's options.
        plain = request.timeout is None and request.proxy is None and not request.keep_bytes
        try:
            for _ in range(most + 1):
                self._check_literal_address(url)
                where = str(url)
                exchange = Exchange(method, where, dict(headers), body, data)
                if self.transport is not None or (data is None and plain):
                    status, answer_headers, text = await self._exchange(exchange, ssl, url)
                    raw, reason = text.encode() if request.keep_bytes else b"", ""
                else:
                    status, answer_headers, text, raw, reason = await self._exchange_full(
                        exchange, ssl, request, url
                    )
                if (
                    not request.follow_redirects
                    or status not in _REDIRECTS
                    or "Location" not in answer_headers
                ):
                    return HttpResponse(status, answer_headers, text, where, raw, reason)
                target = url.join(URL(answer_headers["Location"]))
                if status == 303 or (status in (301, 302) and method == "POST"):
                    method, body, data = "GET", None, None
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
            allowed = self.timeout if request.timeout is None else request.timeout
            raise TransportError(f"no answer within {allowed:g} s") from None
        except PrivateAddressRefused as exc:
            raise TransportError(str(exc), sent=False) from None
        except aiohttp.ClientConnectorError as exc:
            if isinstance(exc.os_error, PrivateAddressRefused):
                raise TransportError(str(exc.os_error), sent=False) from None
            raise TransportError(_describe(exc), sent=False) from None
        except aiohttp.ClientError as exc:
            raise TransportError(_describe(exc)) from None
        except OSError as exc:
            raise TransportError(f"connection failed: {exc.strerror or exc}") from None
        raise TransportError(f"more than {most} redirects")

    def _check_literal_address(self, url: URL) -> None:
        # aiohttp connects to an IP literal without asking the resolver.
        if self.refuse_private and self.transport is None and url.host:
            try:
                address = ipaddress.ip_address(url.host.strip("[]"))
            except ValueError:
                return
            _refuse_internal(url.host, address, self.private_hint)

    async def _exchange_full(
        self, exchange: Exchange, ssl: bool, request: HttpRequest, url: URL
    ) -> tuple[int, dict[str, str], str, bytes, str]:
        """One hop over aiohttp with the request's own options (body kinds, timeout, proxy,
        bytes); `url` is the exchange's URL, already parsed. (A hop needing none of them
        goes through _exchange, as every hop over a transport does.)"""
        assert self._session is not None
        extra: dict[str, Any] = {}
        if request.timeout is not None:
            extra["timeout"] = aiohttp.ClientTimeout(
                total=request.timeout, connect=min(self.connect_timeout, request.timeout)
            )
        if request.proxy:
            extra["proxy"] = request.proxy
        if isinstance(exchange.data, tuple):
            extra["data"] = _multipart(exchange.data)
        elif exchange.data is not None:
            extra["data"] = exchange.data
        else:
            extra["json"] = exchange.json
        if not any(k.lower() == "content-type" for k in exchange.headers) and not isinstance(
            exchange.data, tuple
        ):
            extra["skip_auto_headers"] = ("Content-Type",)
        async with self._session.request(
            exchange.method,
            url,
            headers=exchange.headers,
            allow_redirects=False,
            ssl=ssl,
            **extra,
        ) as resp:
            raw = await self._read_bytes(resp)
            return resp.status, dict(resp.headers), _decode(raw, resp), raw, resp.reason or ""

    async def _exchange(
        self, request: Exchange, ssl: bool, url: URL
    ) -> tuple[int, dict[str, str], str]:
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
            url,
            headers=request.headers,
            json=request.json,
            allow_redirects=False,
            ssl=ssl,
            skip_auto_headers=_NO_BODY_TYPE if _bodiless(request) else None,
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
        return _decode(await self._read_bytes(resp), resp)

    async def _read_bytes(self, resp: aiohttp.ClientResponse) -> bytes:
        length = resp.content_length
        if (length or 0) > self.max_response_bytes:
            raise self._too_large()
        if length is not None and "Content-Encoding" not in resp.headers:
            # The parser stops at Content-Length, and nothing is decompressed: the body
            # is exactly as long as announced.
            return await resp.read()
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(65536):
            size += len(chunk)
            if size > self.max_response_bytes:
                raise self._too_large()
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self) -> TransportError:
        return TransportError(
            f"the answer is larger than {self.max_response_bytes / 1048576:g} MB; not reading it"
        )


_NO_BODY_TYPE = ("Content-Type",)


def _bodiless(request: Exchange) -> bool:
    """Whether the request has no body and names no type: aiohttp would label the empty
    body of a POST, PUT or PATCH application/octet-stream, which no body has."""
    return (
        request.json is None
        and request.data is None
        and not any(k.lower() == "content-type" for k in request.headers)
    )


def _decode(data: bytes, resp: aiohttp.ClientResponse) -> str:
    try:
        return data.decode(resp.charset or "utf-8", errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _multipart(parts: tuple[FormPart, ...]) -> aiohttp.FormData:
    form = aiohttp.FormData(quote_fields=False, default_to_multipart=True)
    for part in parts:
        if part.file_name is None and part.content_type is None:
            form.add_field(part.name, part.value)
        else:
            form.add_field(
                part.name,
                part.value,
                filename=part.file_name,
                content_type=part.content_type or "application/octet-stream",
            )
    return form


def _internal_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Which kind of internal address this is, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _internal_kind(address.ipv4_mapped)
    for kind, flag in (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    ):
        if flag:
            return kind
    return None


def _refuse_internal(
    host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address, hint: str
) -> None:
    kind = _internal_kind(address)
    if kind is not None:
        raise PrivateAddressRefused(
            f"refusing to connect to {host} ({address}): it is a {kind} address, and "
            f"requests to internal networks are blocked; {hint}"
        )


class _PublicOnlyResolver(AbstractResolver):
    """Resolves names as usual, then refuses any internal address among the results: the
    connector connects only to what this returns, so DNS rebinding cannot slip past."""

    def __init__(self, hint: str) -> None:
        self._inner = aiohttp.DefaultResolver()
        self._hint = hint

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        for entry in found:
            _refuse_internal(host, ipaddress.ip_address(entry["host"]), self._hint)
        return found

    async def close(self) -> None:
        await self._inner.close()


def _refuse_control_characters(request: HttpRequest) -> None:
    # CR/LF in a URL or header would let a value add headers or split the request.
    headers = request.headers
    if not _CONTROL.search("".join([request.url, *headers, *headers.values()])):
        return
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
