"""campaign / updateCosts: `POST /admin_api/v1/campaigns/{id}/update_costs`, one period."""

from __future__ import annotations

from typing import Any

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.handlers import dates
from kflow.nodes.keitaro.handlers.money import money_text
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.costs import cost_fields, read_cost_filters, read_currency
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "prepare"]

OPERATION = {
    "name": "Обновить расходы",
    "value": "updateCosts",
    "description": "Set a campaign's total cost for one period, split evenly over its clicks "
    "(slow on big trackers; click → update costs does many campaigns at once)",
    "action": "Update a campaign's costs",
}
ROUTE = {"method": "POST", "path": "/campaigns/{id}/update_costs"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {"campaignId": 1, "dateFrom": "2026-11-01", "dateTo": "2026-11-03", "cost": "12345.67"}
"""Parameters that run as they are against the sandbox."""
N8N = {"method": "POST", "path": "/campaigns/{id}/update_costs", "builder": "campaignCosts"}
"""How the n8n package sends it."""
SCHEMA = "campaign_update_costs"

PROPERTIES = show_for(
    "campaign",
    "updateCosts",
    [
        common.campaign_id_property(),
        *[{**field, "required": field["name"] != "filters"} for field in cost_fields()],
        common.timezone_property(),
        {
            "displayName": "Валюта",
            "name": "currency",
            "type": "string",
            "default": "USD",
            "required": True,
            "description": "Currency of the cost",
        },
        {
            "displayName": "Только уникальные в кампании",
            "name": "onlyCampaignUniques",
            "type": "boolean",
            "default": False,
        },
    ],
)


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    campaign_id = common.read_campaign_id(ctx)
    timezone = common.read_timezone(ctx)
    try:
        start = dates.cost_bound(ctx.param("dateFrom"), timezone, end=False)
        end = dates.cost_bound(ctx.param("dateTo"), timezone, end=True)
    except ValueError as exc:
        raise common.fail(ctx, "С / По", str(exc)) from None
    if start > end:
        raise common.fail(ctx, "По", "ends before the start")
    try:
        cost = money_text(ctx.param("cost"))
    except ValueError:
        cost = "-"
    if cost.startswith("-"):
        raise common.fail(ctx, "Сумма", "must be a number ≥ 0")
    currency = read_currency(ctx)
    if not currency:
        raise common.fail(ctx, "Валюта", "is required, e.g. USD")
    body: dict[str, Any] = {
        "start_date": start,
        "end_date": end,
        "timezone": timezone,
        "cost": cost,
        "currency": currency,
        "only_campaign_uniques": bool(ctx.param("onlyCampaignUniques")),
    }
    filters = read_cost_filters(ctx, ctx.param("filters"), "filters")
    if filters:
        body["filters"] = filters
    return common.admin_request(
        ctx, base, "POST", ("campaigns", campaign_id, "update_costs"), body, idempotent=True
    )
