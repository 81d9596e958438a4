"""`/admin_api/v1/report/...` and `/conversions/log`: reports, labels, the conversion log."""

from __future__ import annotations

from aiohttp import web

from kflow.sandbox.bodies import read_object
from kflow.sandbox.checks import check_query
from kflow.sandbox.errors import error_response
from kflow.sandbox.keys import CLOCK, STORE
from kflow.sandbox.rules import REPORT_LABELS_QUERY
from kflow.sandbox.store.conversions import CONVERSION_LOG
from kflow.sandbox.store.labels import read_labels, write_labels
from kflow.sandbox.store.query import QueryError, run_log_query
from kflow.sandbox.store.reports import build_report

__all__ = ["routes"]

routes = web.RouteTableDef()


@routes.post("/admin_api/v1/report/build")
async def build(request: web.Request) -> web.Response:
    """Aggregated report rows with `total`."""
    body = await read_object(request)
    try:
        result = build_report(request.app[STORE].conn, body, request.app[CLOCK]())
    except QueryError as exc:
        return error_response(400, str(exc))
    return web.json_response(result)


@routes.post("/admin_api/v1/conversions/log")
async def conversion_log(request: web.Request) -> web.Response:
    """One row per conversion, indexed by postback time."""
    body = await read_object(request)
    try:
        result = run_log_query(request.app[STORE].conn, CONVERSION_LOG, body, request.app[CLOCK]())
    except QueryError as exc:
        return error_response(400, str(exc))
    return web.json_response(result)


@routes.get("/admin_api/v1/report/labels")
async def get_labels(request: web.Request) -> web.Response:
    """`{value: label}` of one label; `campaign_id`, `label_name` and `ref_name` are required."""
    query = check_query(request.query, REPORT_LABELS_QUERY)
    try:
        labels = read_labels(
            request.app[STORE].conn, query["campaign_id"], query["ref_name"], query["label_name"]
        )
    except QueryError as exc:
        return error_response(400, str(exc))
    return web.json_response(labels)


@routes.post("/admin_api/v1/report/labels")
async def set_labels(request: web.Request) -> web.Response:
    """Sets labels: `{campaign_id, ref_name, items: {value: whitelist|blacklist|""}}`."""
    body = await read_object(request)
    items = body.get("items")
    try:
        campaign_id = int(str(body.get("campaign_id")))
    except ValueError:
        return error_response(400, "campaign_id is required")
    if not isinstance(items, dict):
        return error_response(400, "items must be an object of value: label")
    try:
        with request.app[STORE].transaction() as db:
            write_labels(db, campaign_id, str(body.get("ref_name") or ""), items)
    except QueryError as exc:
        return error_response(400, str(exc))
    return web.json_response({"success": True})
