"""Sending one Keitaro request: authentication headers, error translation, masked request echo."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from kflow.credentials.keitaro_api import KEITARO_API_TYPE
from kflow.host.credentials import apply_authentication
from kflow.host.errors import NodeApiError
from kflow.host.http import HttpClient, HttpRequest, TransportError
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.handlers import masking
from kflow.nodes.keitaro.handlers.responses import api_error

__all__ = ["KeitaroRequest", "build_postback_request", "build_request", "send"]

_BASE_HEADERS = {"Accept": "application/json"}


@dataclass(frozen=True)
class KeitaroRequest:
    """A request to a tracker, built and validated before anything is sent.

    Attributes:
        method: HTTP method.
        url: Full URL, path parameters already encoded.
        path: The URL's path, for messages.
        body: JSON body, or None.
        headers: Headers including authentication (contains the key: never print).
        expect: "json" for Admin API answers; "text" for the postback URL, which
            answers plain text.
    """

    method: str
    url: str
    path: str
    body: Any
    headers: dict[str, str]
    expect: Literal["json", "text"] = "json"

    def __repr__(self) -> str:
        return f"KeitaroRequest({self.method} {self.path})"

    def to_http(self) -> HttpRequest:
        """The request for the host's HTTP client, credential headers marked secret."""
        return HttpRequest(
            self.method, self.url, self.headers, self.body, secret_headers=masking.SECRET_HEADERS
        )

    def describe(self, ctx: ItemContext) -> dict[str, Any]:
        """The request as outputs and errors show it: `{url, method, headers}`, key masked."""
        return {
            "url": masking.mask_url(self.url, ctx.redactor),
            "method": self.method,
            "headers": masking.mask_headers(self.headers),
        }


def build_request(
    credentials: dict[str, Any], method: str, url: str, path: str, body: Any = None
) -> KeitaroRequest:
    """A `KeitaroRequest` to the Admin API, authenticated with the `keitaroApi` credential."""
    headers = dict(_BASE_HEADERS)
    if body is not None:
        headers["Content-Type"] = "application/json"
    headers.update(apply_authentication(KEITARO_API_TYPE, credentials))
    return KeitaroRequest(method, url, path, body, headers)


def build_postback_request(url: str, path: str) -> KeitaroRequest:
    """A `KeitaroRequest` to the tracker's postback URL: a plain GET, no Admin API key."""
    return KeitaroRequest("GET", url, path, None, {}, expect="text")


async def send(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> Any:
    """Sends the request and returns the tracker's JSON answer.

    Raises:
        NodeApiError: A non-2xx answer (with status and Keitaro's message), a non-JSON
            success, or no answer at all.
    """
    try:
        response = await http.send(request.to_http())
    except TransportError as exc:
        raise NodeApiError(
            ctx.node_name,
            ctx.redactor.text(
                f"could not reach the tracker for {request.method} {request.path}: {exc}"
            ),
            request=request.describe(ctx),
            item_index=ctx.item_index,
        ) from None
    body = response.json()
    if response.ok and request.expect == "text":
        return {"status": response.status, "body": response.text}
    if not response.ok:
        raise api_error(
            node=ctx.node_name,
            item_index=ctx.item_index,
            status=response.status,
            body=body,
            text=response.text,
            method=request.method,
            path=request.path,
            request=request.describe(ctx),
            redactor=ctx.redactor,
        )
    if body is None and response.text.strip():
        raise NodeApiError(
            ctx.node_name,
            f"the tracker answered {request.method} {request.path} with something that is not JSON",
            http_code=response.status,
            description="check that the domain is the tracker's admin panel",
            request=request.describe(ctx),
            item_index=ctx.item_index,
        )
    return body
