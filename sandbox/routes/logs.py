"""`/admin_api/v1/logs/{type}`: tracker logs, newest first."""

from __future__ import annotations

from aiohttp import web

from kflow.sandbox.errors import error_response
from kflow.sandbox.keys import STORE
from kflow.sandbox.store.logs import LOG_TYPES, read_log

__all__ = ["routes"]

routes = web.RouteTableDef()


@routes.get("/admin_api/v1/logs/{log_type}")
async def read(request: web.Request) -> web.Response:
    """Lines of one log; `limit` is required, `offset` and `query` optional."""
    log_type = request.match_info["log_type"]
    if log_type not in LOG_TYPES:
        return error_response(404, "Not found")
    try:
        limit = int(request.query["limit"])
        offset = int(request.query.get("offset", "0"))
    except KeyError:
        return error_response(400, "limit is required")
    except ValueError:
        return error_response(400, "limit and offset must be integers")
    if limit < 0 or offset < 0:
        return error_response(400, "limit and offset must not be negative")
    rows = read_log(
        request.app[STORE].conn,
        log_type,
        limit=limit,
        offset=offset,
        query=request.query.get("query"),
    )
    return web.json_response(rows)
