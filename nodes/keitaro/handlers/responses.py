"""Turning a tracker's non-2xx answer into an error that keeps Keitaro's own message."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from kflow.host import NodeApiError, Redactor

__all__ = ["api_error", "keitaro_message"]

_ADVICE = {
    401: "the API key was refused: check the credential's API key",
    402: "this tracker's edition has no Admin API",
    403: "this API key may not do that",
    404: "not found",
    406: "the tracker rejected the data",
    429: "the tracker is rate limiting requests",
}


def keitaro_message(body: Any) -> tuple[str | None, dict[str, list[str]]]:
    """Keitaro's own error text and per-field messages from an error body.

    Keitaro answers `{"error": "..."}`, and 406 with `{field: [messages]}`; some versions
    use `message`. A body that is not JSON (an HTML error page) yields no message.
    """
    if isinstance(body, dict):
        for key in ("error", "message"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value, {}
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                return value["message"], {}
        fields = {
            str(k): [str(m) for m in v] if isinstance(v, list) else [str(v)]
            for k, v in body.items()
        }
        if fields:
            return "; ".join(f"{k}: {', '.join(v)}" for k, v in fields.items()), fields
    if isinstance(body, str) and body:
        return body, {}
    return None, {}


def api_error(
    *,
    node: str,
    item_index: int,
    status: int,
    body: Any,
    text: str,
    method: str,
    path: str,
    request: dict[str, Any],
    redactor: Redactor,
    retry_after: float | None = None,
) -> NodeApiError:
    """A `NodeApiError` for a non-2xx answer: status, Keitaro's message, masked request."""
    message, fields = keitaro_message(body)
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "HTTP error"
    head = f"Keitaro answered {status} {reason} to {method} {path}"
    description = None
    if message is None:
        looks_html = text.lstrip()[:1] == "<"
        if looks_html:
            description = (
                "the answer is an HTML page, not JSON: check that the domain is the tracker's "
                "admin panel (not a traffic-only domain)"
            )
        else:
            description = _ADVICE.get(status)
        summary = head
    else:
        summary = f"{head}: {message}"
    return NodeApiError(
        node,
        redactor.text(summary),
        http_code=status,
        api_message=redactor.text(message) if message else None,
        field_errors=redactor.deep(fields) if fields else None,
        request=request,
        description=description,
        item_index=item_index,
        retry_after=retry_after,
    )
