"""Reading request bodies the way a tracker does: JSON or a 400."""

from __future__ import annotations

import json

from aiohttp import web

__all__ = ["read_json"]


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
