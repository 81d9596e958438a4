"""`/admin_api/v1/clicks/...`: the click log and click updates."""

from __future__ import annotations

import math
from typing import Any

from aiohttp import web

from kflow.sandbox.bodies import read_json
from kflow.sandbox.errors import error_response, field_errors_response
from kflow.sandbox.keys import CLOCK, STORE
from kflow.sandbox.store.clicks import CLICK_LOG, EDITABLE, click_view, get_click, update_click
from kflow.sandbox.store.query import QueryError, run_log_query

__all__ = ["routes"]

routes = web.RouteTableDef()
_PREFIX = "/admin_api/v1/clicks"


@routes.post(f"{_PREFIX}/log")
async def click_log(request: web.Request) -> web.Response:
    """`POST /clicks/log`: rows of the requested columns, with `total`."""
    body = await read_json(request)
    if body is None:
        body = {}
    if not isinstance(body, dict):
        return error_response(400, "Request body must be a JSON object")
    try:
        result = run_log_query(request.app[STORE].conn, CLICK_LOG, body, request.app[CLOCK]())
    except QueryError as exc:
        return error_response(400, str(exc))
    return web.json_response(result)


@routes.put(f"{_PREFIX}/{{sub_id}}")
async def update(request: web.Request) -> web.Response:
    """`PUT /clicks/{subid}`: changes the click's editable fields, answers the updated click."""
    store = request.app[STORE]
    sub_id = request.match_info["sub_id"]
    body = await read_json(request)
    if not isinstance(body, dict):
        return error_response(400, "Request body must be a JSON object")
    if get_click(store.conn, sub_id) is None:
        return error_response(404, "Click not found")
    changes, errors = _checked(body)
    if errors:
        return field_errors_response(errors)
    if changes:
        with store.transaction() as db:
            update_click(db, sub_id, changes)
    row = get_click(store.conn, sub_id)
    assert row is not None
    return web.json_response(click_view(row))


def _checked(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    changes: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in body.items():
        if name not in EDITABLE:
            errors[name] = ["Unknown field or not editable"]
        elif name == "cost":
            try:
                cost = float(value)
            except (TypeError, ValueError):
                cost = -1.0
            if isinstance(value, bool) or not math.isfinite(cost) or cost < 0:
                errors[name] = ["Must be a non-negative number"]
            else:
                changes[name] = cost
        elif not isinstance(value, str | int | float) or isinstance(value, bool):
            errors[name] = ["Must be a string"]
        else:
            changes[name] = str(value)
    return changes, errors
