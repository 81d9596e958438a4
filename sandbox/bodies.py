"""Reading request bodies the way a tracker does: JSON or a 400."""

from __future__ import annotations

import json

from aiohttp import web

__all__ = ["read_json", "read_object"]


async def read_json(request: web.Request) -> object:
    """The request body parsed as JSON (None when empty).

    Raises:
        web.HTTPBadRequest: The body is not JSON; answered as `{"error": "Invalid JSON"}`.
    """
    text = await request.text()
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise web.HTTPBadRequest(
            text=json.dumps({"error": "Invalid JSON"}), content_type="application/json"
        ) from None


async def read_object(request: web.Request) -> dict[str, object]:
    """The request body as a JSON object (`{}` when empty).

    Raises:
        web.HTTPBadRequest: The body is not a JSON object.
    """
    body = await read_json(request)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(
            text=json.dumps({"error": "Request body must be a JSON object"}),
            content_type="application/json",
        )
    return body
