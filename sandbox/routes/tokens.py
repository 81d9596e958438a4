"""`GET /?_update_tokens=1&sub_id=SUBID&sub_id_N=…`: the tracker's own sub ID update.

Not the Admin API: it is how a landing page or a script writes sub_id_1…30 onto a click
after the visit (Keitaro's "update params"). No key is needed; an unknown subid is
accepted and only logged, as trackers do with postbacks.
"""

from __future__ import annotations

import re

from aiohttp import web

from kflow.sandbox.errors import error_response
from kflow.sandbox.keys import STORE
from kflow.sandbox.store.clicks import get_click, update_click
from kflow.sandbox.store.logs import write_log

__all__ = ["routes"]

routes = web.RouteTableDef()
_SUB_ID = re.compile(r"sub_id_([1-9]|[12][0-9]|30)")


@routes.get("/")
async def update_tokens(request: web.Request) -> web.Response:
    """Writes the sub_id_N values given onto the click named by `sub_id`."""
    query = request.query
    if query.get("_update_tokens") != "1":
        return error_response(404, "Not found")
    sub_id = query.get("sub_id", "").strip()
    if not sub_id:
        return error_response(400, "sub_id is required")
    changes = {name: value for name, value in query.items() if _SUB_ID.fullmatch(name)}
    unknown = sorted(set(query) - set(changes) - {"_update_tokens", "sub_id"})
    if unknown:
        return error_response(400, f"Unknown parameter: {unknown[0]}")
    with request.app[STORE].transaction() as db:
        if get_click(db, sub_id) is None:
            write_log(db, "system", sub_id, f"Update tokens: subid {sub_id} not found")
        elif changes:
            update_click(db, sub_id, changes)
    return web.Response(text="", content_type="text/plain")
