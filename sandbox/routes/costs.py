"""Cost updates (`/clicks/update_costs`, `/campaigns/{id}/update_costs`) and `/clicks/clean`."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from kflow.sandbox.bodies import read_json
from kflow.sandbox.checks import check_body
from kflow.sandbox.errors import error_response
from kflow.sandbox.keys import STORE
from kflow.sandbox.rules import CAMPAIGN_COSTS, CLEAN, COST_ENTRY, COSTS_BULK
from kflow.sandbox.store.costs import apply_cost, clean_clicks, period
from kflow.sandbox.store.query import QueryError

__all__ = ["campaign_costs", "routes"]

routes = web.RouteTableDef()
_SUCCESS = {"success": True}


@routes.post("/admin_api/v1/clicks/update_costs")
async def clicks_update_costs(request: web.Request) -> web.Response:
    """Overwrites click costs for campaigns and periods; `{"success": true}` at once."""
    body = check_body(await read_json(request), COSTS_BULK, creating=True)
    try:
        campaign_ids = _ids(body.get("campaign_ids"))
        plans = []
        for entry in body["costs"]:
            entry = check_body(entry, COST_ENTRY, creating=True)
            timezone = entry.get("timezone") or body.get("timezone")
            start, end = period(entry.get("start_date"), entry.get("end_date"), timezone)
            currency = _text(entry.get("currency") or body.get("currency"))
            plans.append((start, end, _cost(entry.get("cost")), currency, entry.get("filters")))
        store = request.app[STORE]
        with store.transaction() as db:
            for start, end, cost, currency, filters in plans:
                apply_cost(
                    db,
                    campaign_ids=campaign_ids,
                    start=start,
                    end=end,
                    cost=cost,
                    currency=currency,
                    only_campaign_uniques=_flag(body.get("only_campaign_uniques")),
                    filters=_filters(filters),
                )
    except QueryError as exc:
        return error_response(400, str(exc))
    return web.json_response(_SUCCESS)


async def campaign_costs(request: web.Request, campaign_id: int) -> web.Response:
    """`POST /campaigns/{id}/update_costs`: one campaign, one period."""
    body = check_body(await read_json(request), CAMPAIGN_COSTS, creating=True)
    try:
        start, end = period(body.get("start_date"), body.get("end_date"), body.get("timezone"))
        with request.app[STORE].transaction() as db:
            apply_cost(
                db,
                campaign_ids=[campaign_id],
                start=start,
                end=end,
                cost=_cost(body.get("cost")),
                currency=_text(body.get("currency")),
                only_campaign_uniques=_flag(body.get("only_campaign_uniques")),
                filters=_filters(body.get("filters")),
            )
    except QueryError as exc:
        return error_response(400, str(exc))
    return web.json_response(_SUCCESS)


@routes.post("/admin_api/v1/clicks/clean")
async def clean(request: web.Request) -> web.Response:
    """Deletes the stats of a period, optionally of one campaign."""
    body = check_body(await read_json(request), CLEAN, creating=True)
    try:
        start, end = period(body.get("start_date"), body.get("end_date"), body.get("timezone"))
        campaign_id = body.get("campaign_id")
        cid = _ids([campaign_id])[0] if campaign_id not in (None, "") else None
        with request.app[STORE].transaction() as db:
            clean_clicks(db, start=start, end=end, campaign_id=cid)
    except QueryError as exc:
        return error_response(400, str(exc))
    return web.json_response(_SUCCESS)


def _ids(value: Any) -> list[int]:
    if not isinstance(value, list) or not value:
        raise QueryError("campaign_ids must be a non-empty list of campaign ids")
    try:
        ids = [int(str(v)) for v in value]
    except ValueError:
        raise QueryError("campaign_ids must hold integers") from None
    return ids


def _cost(value: Any) -> float:
    try:
        cost = float(str(value))
    except ValueError:
        raise QueryError(f"Invalid cost: {value}") from None
    if cost < 0 or cost != cost:
        raise QueryError(f"Invalid cost: {value}")
    return cost


def _filters(value: Any) -> dict[str, Any] | None:
    if value in (None, "", []):
        return None
    if not isinstance(value, dict):
        raise QueryError("filters must be an object of field: comma-separated values")
    return value


def _flag(value: Any) -> bool:
    return str(value).lower() in ("1", "true")


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
