"""`GET|POST /{postback_key}/postback`: the tracker's incoming postback URL (not the Admin API)."""

from __future__ import annotations

import hmac

from aiohttp import web

from kflow.sandbox.keys import POSTBACK_KEY, STORE
from kflow.sandbox.store.postbacks import receive_postback

__all__ = ["routes"]

routes = web.RouteTableDef()


@routes.route("*", "/{postback_key}/postback")
async def postback(request: web.Request) -> web.Response:
    """Accepts the postback (parameters in the query or a form body) and echoes `return`."""
    if request.method not in ("GET", "POST"):
        raise web.HTTPMethodNotAllowed(request.method, ["GET", "POST"])
    expected = request.app[POSTBACK_KEY]
    if not hmac.compare_digest(request.match_info["postback_key"].encode(), expected.encode()):
        raise web.HTTPNotFound()
    params = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        params.update({k: str(v) for k, v in (await request.post()).items()})
    shown = f"{request.method} /****/postback?{request.query_string}"
    with request.app[STORE].transaction() as db:
        receive_postback(db, params, shown)
    return web.Response(text=params.get("return", ""), content_type="text/plain")
