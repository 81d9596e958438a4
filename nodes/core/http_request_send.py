"""HTTP Request (every version): a planned request sent through the run's client, and
its failures as n8n shows them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kflow.host import HttpClient, HttpRequest, NodeApiError, NodeOperationError, TransportError
from kflow.nodes.core.http_request_auth import Auth
from kflow.nodes.core.http_request_build import Body, Planned, encode_query, with_query
from kflow.nodes.core.http_request_response import Answer

__all__ = ["send", "status_error"]


@dataclass(frozen=True)
class _FormField:
    """One multipart field, as HttpRequest.form reads it (name, value, file name, type)."""

    name: str
    value: str | bytes
    file_name: str | None = None
    content_type: str | None = None


def _to_request(plan: Planned, auth: Auth) -> HttpRequest:
    url = with_query(plan.url, plan.query, plan.array_format)
    headers = {k: str(v) for k, v in plan.headers.items()}
    data: bytes | None = None
    form = None
    json_body: Any = None
    body: Body = plan.body
    if body.kind == "json":
        json_body = body.value
        _default_type(headers, "application/json")
    elif body.kind == "form":
        data = encode_query(body.value, None).encode()
        _default_type(headers, "application/x-www-form-urlencoded")
    elif body.kind == "bytes":
        data = body.value
    elif body.kind == "multipart":
        form = tuple(
            _FormField(name, value[0], value[1], value[2])
            if isinstance(value, tuple)
            else _FormField(name, value)
            for name, value in body.value
        )
    return HttpRequest(
        plan.method,
        _encoded(url),
        headers,
        json=json_body,
        secret_headers=frozenset(auth.secret_headers),
        verify_tls=plan.verify_tls,
        data=data,
        form=form,  # type: ignore[arg-type]
        timeout=plan.timeout,
        proxy=plan.proxy,
        follow_redirects=plan.follow_redirects,
        max_redirects=plan.max_redirects,
        keep_bytes=True,
    )


def _default_type(headers: dict[str, str], kind: str) -> None:
    if not any(name.lower() == "content-type" for name in headers):
        headers["content-type"] = kind


def _encoded(url: str) -> str:
    from yarl import URL

    return str(URL(url))


async def send(node: str, http: HttpClient, plan: Planned, auth: Auth, index: int) -> Answer:
    """Sends item `index`'s request; a status outside 2xx fails unless never_error."""
    request = _to_request(plan, auth)
    try:
        response = await auth.send(request, http)
    except TransportError as exc:
        raise _transport_error(node, str(exc), index) from None
    except ValueError as exc:
        raise NodeOperationError(node, str(exc), item_index=index) from None
    answer = Answer(
        response.status,
        response.reason,
        {k.lower(): v for k, v in response.headers.items()},
        response.content,
        response.url,
    )
    if not plan.response.never_error and not 200 <= answer.status < 300:
        raise status_error(node, answer, index)
    return answer


def _transport_error(node: str, text: str, index: int) -> NodeApiError:
    if "cannot connect" in text or "refused" in text.lower():
        message = "The service refused the connection - perhaps it is offline"
    elif "no answer within" in text:
        message = (
            "The connection timed out, consider setting the 'Retry on Fail' option in the "
            "node settings"
        )
    else:
        message = text
    error = NodeApiError(node, message, description=text, item_index=index, sent=False)
    error.n8n_error = {"message": text, "name": "Error"}  # type: ignore[attr-defined]
    return error


def status_error(node: str, answer: Answer, index: int) -> NodeApiError:
    text = answer.text
    found: Any = None
    try:
        found = json.loads(text) if text.strip() else None
    except ValueError:
        found = None
    shown = _api_message(found) or (text if text.strip() else None)
    summary = f"{answer.status} - {json.dumps(text, ensure_ascii=False)}"
    message = shown or summary
    if answer.status == 429:
        message = "Try spacing your requests out using the batching settings under 'Options'"
    error = NodeApiError(node, message, http_code=answer.status, api_message=text, item_index=index)
    error.n8n_error = {  # type: ignore[attr-defined]
        "message": message if answer.status == 429 else summary,
        "name": "AxiosError",
    }
    return error


def _api_message(found: Any) -> str | None:
    if isinstance(found, dict):
        for key in ("message", "error", "errorMessage", "description"):
            value = found.get(key)
            if isinstance(value, str) and value:
                return value
            inner = _api_message(value) if isinstance(value, dict) else None
            if inner:
                return inner
    return None
