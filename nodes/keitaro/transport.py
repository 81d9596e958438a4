"""One Keitaro request: built (Admin API or the tracker's own URLs, authenticated), sent,
its errors translated, and echoed with the key masked."""

from __future__ import annotations

import email.utils
import functools
import ipaddress
import logging
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from kflow.credentials.keitaro_api import KEITARO_API_TYPE
from kflow.host import (
    HttpClient,
    HttpRequest,
    HttpResponse,
    ItemContext,
    NodeApiError,
    TransportError,
    apply_authentication,
)
from kflow.nodes.keitaro.handlers import masking, urls
from kflow.nodes.keitaro.handlers.responses import api_error

__all__ = [
    "FILE_ACCEPT",
    "KeitaroRequest",
    "admin_request",
    "build_postback_request",
    "build_request",
    "retry_after",
    "send",
    "send_for_bytes",
    "warn_if_plain_http",
]

_BASE_HEADERS = {"Accept": "application/json"}
FILE_ACCEPT = "*/*"
"""What a download asks for: trackers answer a zip as application/octet-stream."""
_TRACKER_HEADERS = {"Accept": "*/*"}
"""What the tracker's own URLs (postback, sub ID update) are asked with: they answer plain
text (the postback's `return` value, or nothing), never the Admin API's JSON."""
_WARNED: set[str] = set()
LOG = logging.getLogger("kflow")


@dataclass(frozen=True, init=False)
class KeitaroRequest:
    """A request to a tracker, built and validated before anything is sent.

    Attributes:
        method: HTTP method.
        url: Full URL, path parameters already encoded.
        path: The URL's path, for messages.
        body: JSON body, or None.
        headers: Headers including authentication (contains the key: never print).
        expect: "json" for Admin API answers; "text" for the postback URL, which
            answers plain text; "bytes" for downloads (a zip archive).
        idempotent: Whether sending it twice leaves the tracker as sending it once
            (then it may be retried after a 5xx or a timeout).
        verify_tls: False only when the credential says to ignore TLS certificate issues.
        reads_only: Whether it changes nothing on the tracker, so that a dry run of writes
            sends it (a report's POST); None: by its method (a GET reads). A postback is a
            GET that writes: False.
    """

    method: str
    url: str
    path: str
    body: Any
    headers: dict[str, str]
    expect: Literal["json", "text", "bytes"] = "json"
    idempotent: bool = False
    verify_tls: bool = True
    reads_only: bool | None = None
    shown_headers: dict[str, str] | None = field(default=None, repr=False, compare=False)
    """`headers` masked, when worked out already (once per credential); None: mask them."""

    def __init__(
        self,
        method: str,
        url: str,
        path: str,
        body: Any,
        headers: dict[str, str],
        expect: Literal["json", "text", "bytes"] = "json",
        idempotent: bool = False,
        verify_tls: bool = True,
        reads_only: bool | None = None,
        shown_headers: dict[str, str] | None = None,
    ) -> None:
        # Made once per item: the fields are stored directly rather than each through the
        # frozen class's __setattr__ (as ItemContext does).
        fields = self.__dict__
        fields["method"] = method
        fields["url"] = url
        fields["path"] = path
        fields["body"] = body
        fields["headers"] = headers
        fields["expect"] = expect
        fields["idempotent"] = idempotent
        fields["verify_tls"] = verify_tls
        fields["reads_only"] = reads_only
        fields["shown_headers"] = shown_headers

    def __repr__(self) -> str:
        return f"KeitaroRequest({self.method} {self.path})"

    def to_http(self) -> HttpRequest:
        """The request for the host's HTTP client, credential headers marked secret."""
        return HttpRequest(
            self.method,
            self.url,
            self.headers,
            self.body,
            secret_headers=masking.SECRET_HEADERS,
            verify_tls=self.verify_tls,
            keep_bytes=self.expect == "bytes",
            reads_only=self.reads_only,
        )

    def describe(self, ctx: ItemContext) -> dict[str, Any]:
        """The request as outputs and errors show it: `{url, method, headers}`, key masked."""
        return {
            "url": masking.mask_url(self.url, ctx.redactor),
            "method": self.method,
            "headers": masking.mask_headers(self.headers)
            if self.shown_headers is None
            else dict(self.shown_headers),
        }


def build_request(
    credentials: dict[str, Any],
    method: str,
    url: str,
    path: str,
    body: Any = None,
    *,
    idempotent: bool,
    expect: Literal["json", "bytes"] = "json",
    reads_only: bool | None = None,
) -> KeitaroRequest:
    """A `KeitaroRequest` to the Admin API, authenticated with the `keitaroApi` credential.

    `idempotent` comes from the operation, never from the method: a PUT that clones is not.
    `expect="bytes"` asks for a file (any type) instead of JSON. `reads_only`: the
    operation changes nothing (None: a GET reads, other methods write).
    """
    signed = _signed(credentials, expect, body is not None)
    warn_if_plain_http(url)
    return KeitaroRequest(
        method,
        url,
        path,
        body,
        dict(signed.headers),
        expect=expect,
        idempotent=idempotent,
        verify_tls=signed.verify_tls,
        reads_only=reads_only,
        shown_headers=signed.shown,
    )


class _Signed:
    """The headers of one credential's requests of one kind, worked out once: with the key
    (never shown) and masked, and whether TLS certificates are checked."""

    __slots__ = ("credentials", "headers", "seen", "shown", "verify_tls")

    def __init__(self, credentials: Mapping[str, Any], expect: str, has_body: bool) -> None:
        self.credentials = credentials
        self.seen = dict(credentials)
        headers = dict(_BASE_HEADERS) if expect == "json" else {"Accept": FILE_ACCEPT}
        if has_body:
            headers["Content-Type"] = "application/json"
        headers.update(apply_authentication(KEITARO_API_TYPE, credentials))
        self.headers = headers
        self.shown = masking.mask_headers(headers)
        self.verify_tls = not credentials.get("allowUnauthorizedCerts")

    def __repr__(self) -> str:
        return "_Signed(<key hidden>)"


_SIGNED: dict[tuple[int, str, bool], _Signed] = {}
_SIGNED_KEPT = 32


def _signed(credentials: Mapping[str, Any], expect: str, has_body: bool) -> _Signed:
    """The credential's headers for a request of this kind, from the last time they were
    worked out while the credential (the same object, unchanged) is in use."""
    key = (id(credentials), expect, has_body)
    found = _SIGNED.get(key)
    if found is not None and found.credentials is credentials and found.seen == credentials:
        return found
    if len(_SIGNED) >= _SIGNED_KEPT:
        _SIGNED.clear()
    made = _SIGNED[key] = _Signed(credentials, expect, has_body)
    return made


def admin_request(
    ctx: ItemContext,
    base: str,
    method: str,
    segments: tuple[str | int, ...],
    body: Any = None,
    query: dict[str, Any] | None = None,
    *,
    idempotent: bool,
    expect: Literal["json", "bytes"] = "json",
    reads_only: bool | None = None,
) -> KeitaroRequest:
    """An authenticated Admin API request to `/admin_api/v1/<segments>?<query>`.

    `idempotent`, which every operation states whatever its method, says whether sending
    it twice leaves the tracker as sending it once (reads, overwrites, state sets).
    `expect="bytes"` asks for a file instead of JSON (downloads). `reads_only`: the
    request changes nothing on the tracker though it is no GET (a report's POST), so a
    dry run of writes sends it; None: by the method.
    """
    path = urls.relative_path(segments)
    if text := urls.query_text(query):
        path = f"{path}?{text}"
    return build_request(
        ctx.credentials["keitaroApi"],
        method,
        base + path,
        urls.API_PREFIX + path,
        body,
        idempotent=idempotent,
        expect=expect,
        reads_only=reads_only,
    )


def build_postback_request(
    credentials: dict[str, Any], url: str, path: str, *, idempotent: bool
) -> KeitaroRequest:
    """A `KeitaroRequest` to the tracker's postback URL: a plain GET, no Admin API key,
    that records a conversion or changes a click (never only a read)."""
    return KeitaroRequest(
        "GET",
        url,
        path,
        None,
        dict(_TRACKER_HEADERS),
        expect="text",
        idempotent=idempotent,
        verify_tls=not credentials.get("allowUnauthorizedCerts"),
        reads_only=False,
    )


def warn_if_plain_http(url: str) -> None:
    """Warns, once per host, when the API key would travel unencrypted off this machine."""
    if not url.startswith("http://"):
        return
    _warn_plain_http(url[7:].split("/", 1)[0])


@functools.lru_cache(maxsize=256)
def _warn_plain_http(netloc: str) -> None:
    host = urllib.parse.urlsplit(f"http://{netloc}").hostname or ""
    if host in _WARNED or _is_loopback(host):
        return
    _WARNED.add(host)
    LOG.warning("the API key is sent over plain http to %s; use https", host)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def retry_after(headers: dict[str, str]) -> float | None:
    """Seconds a `Retry-After` header asks to wait (seconds or an HTTP date), or None."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


async def send(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> Any:
    """Sends the request and returns the tracker's JSON answer.

    Raises:
        NodeApiError: A non-2xx answer (with status and Keitaro's message), a non-JSON
            success, or no answer at all.
    """
    # _answered's steps written out: one coroutine fewer per item.
    try:
        response = await http.send(request.to_http())
    except TransportError as exc:
        raise _unreached(ctx, request, exc) from None
    if not response.ok:
        raise _refused(ctx, request, response)
    if request.expect == "text":
        return {"status": response.status, "body": response.text}
    body = response.json()
    if body is None and response.text.strip():
        raise NodeApiError(
            ctx.node_name,
            f"the tracker answered {request.method} {request.path} with something that is not JSON",
            http_code=response.status,
            description="check that the domain is the tracker's admin panel",
            request=request.describe(ctx),
            item_index=ctx.item_index,
            permanent=True,
        )
    return body


async def send_for_bytes(
    ctx: ItemContext, http: HttpClient, request: KeitaroRequest
) -> tuple[bytes, dict[str, str]]:
    """Sends the request and returns the answer's raw bytes and headers (a download).

    Raises:
        NodeApiError: A non-2xx answer (with Keitaro's JSON message), or no answer at all.
    """
    response = await _answered(ctx, http, request)
    return response.content, dict(response.headers)


async def _answered(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> HttpResponse:
    """The tracker's 2xx answer to the request.

    Raises:
        NodeApiError: A non-2xx answer (with status and Keitaro's message) or no answer.
    """
    try:
        response = await http.send(request.to_http())
    except TransportError as exc:
        raise _unreached(ctx, request, exc) from None
    if not response.ok:
        raise _refused(ctx, request, response)
    return response


def _unreached(ctx: ItemContext, request: KeitaroRequest, exc: TransportError) -> NodeApiError:
    """The error for a request that got no HTTP answer."""
    return NodeApiError(
        ctx.node_name,
        ctx.redactor.text(
            f"could not reach the tracker for {request.method} {request.path}: {exc}"
        ),
        request=request.describe(ctx),
        item_index=ctx.item_index,
        sent=exc.sent,
    )


def _refused(ctx: ItemContext, request: KeitaroRequest, response: HttpResponse) -> NodeApiError:
    """The error for a non-2xx answer, with its status and Keitaro's message."""
    return api_error(
        retry_after=retry_after(response.headers),
        node=ctx.node_name,
        item_index=ctx.item_index,
        status=response.status,
        body=response.json(),
        text=response.text,
        method=request.method,
        path=request.path,
        request=request.describe(ctx),
        redactor=ctx.redactor,
    )
