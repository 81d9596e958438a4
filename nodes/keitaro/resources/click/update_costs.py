"""click / updateCosts: `POST /admin_api/v1/clicks/update_costs`, overwriting click costs."""

from __future__ import annotations

from typing import Any

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.handlers import dates
from kflow.nodes.keitaro.handlers.money import money_text
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.costs import cost_fields, read_cost_filters, read_currency
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "prepare"]

OPERATION = {
    "name": "Обновить расходы",
    "value": "updateCosts",
    "description": "Spread a total cost evenly over the clicks of campaigns and periods "
    "(overwrites; the tracker applies it in the background)",
    "action": "Update click costs",
}
ROUTE = {"method": "POST", "path": "/clicks/update_costs"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {
    "campaignIds": "1, 2",
    "costs": {"cost": [{"dateFrom": "2026-11-01", "dateTo": "2026-11-01", "cost": "1234567.891"}]},
    "currency": "USD",
}
"""Parameters that run as they are against the sandbox."""
N8N = {"method": "POST", "path": "/clicks/update_costs", "builder": "clickCosts"}
"""How the n8n package sends it."""
SCHEMA = "clicks_update_costs"

PROPERTIES = show_for(
    "click",
    "updateCosts",
    [
        {
            "displayName": "ID Кампаний",
            "name": "campaignIds",
            "type": "string",
            "default": "",
            "required": True,
            "placeholder": "12, 15",
            "description": "Comma-separated IDs of the campaigns whose clicks get the cost",
        },
        {
            "displayName": "Расходы",
            "name": "costs",
            "type": "fixedCollection",
            "default": {},
            "required": True,
            "typeOptions": {"multipleValues": True},
            "placeholder": "Add Cost",
            "description": "One entry per period; entries that overlap overwrite each other",
            "options": [{"name": "cost", "displayName": "Расход", "values": cost_fields()}],
        },
        common.timezone_property(),
        {
            "displayName": "Валюта",
            "name": "currency",
            "type": "string",
            "default": "USD",
            "required": True,
            "description": "Currency of the costs; the tracker converts at its own rate",
        },
        {
            "displayName": "Только уникальные в кампании",
            "name": "onlyCampaignUniques",
            "type": "boolean",
            "default": False,
            "description": "Whether only campaign-unique clicks get a cost. Keep it off when "
            "filtering by anything but the campaign, or non-unique matches get no cost.",
        },
    ],
)


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    """Builds the bulk cost update from the campaign IDs and cost entries."""
    timezone = common.read_timezone(ctx)
    campaign_ids = _campaign_ids(ctx)
    currency = read_currency(ctx)
    if not currency:
        raise common.fail(ctx, "Валюта", "is required, e.g. USD")
    entries = (ctx.param("costs") or {}).get("cost") or []
    if not entries:
        raise common.fail(ctx, "Расходы", "add at least one cost entry")
    costs: list[dict[str, Any]] = []
    for number, entry in enumerate(entries, start=1):
        try:
            start = dates.cost_bound(entry.get("dateFrom"), timezone, end=False)
            end = dates.cost_bound(entry.get("dateTo"), timezone, end=True)
        except ValueError as exc:
            raise common.fail(ctx, "Расходы", f"entry {number}: {exc}") from None
        if start > end:
            raise common.fail(ctx, "Расходы", f"entry {number}: ends before it starts")
        try:
            cost = money_text(entry.get("cost"))
        except ValueError:
            cost = "-"
        if cost.startswith("-"):
            raise common.fail(ctx, "Расходы", f"entry {number}: cost must be a number ≥ 0")
        # The 2022 spec requires timezone and currency in every entry; trackers also read
        # them at the top level. Both are sent, with the same values (docs/KEITARO.md).
        item: dict[str, Any] = {
            "start_date": start,
            "end_date": end,
            "cost": cost,
            "timezone": timezone,
            "currency": currency,
        }
        filters = read_cost_filters(ctx, entry.get("filters"), f"entry {number}")
        if filters:
            item["filters"] = filters
        costs.append(item)
    body: dict[str, Any] = {
        "campaign_ids": campaign_ids,
        "costs": costs,
        "timezone": timezone,
        "only_campaign_uniques": 1 if ctx.param("onlyCampaignUniques") else 0,
        "currency": currency,
    }
    return common.admin_request(
        ctx, base, "POST", ("clicks", "update_costs"), body, idempotent=True
    )


def _campaign_ids(ctx: ItemContext) -> list[int]:
    text = str(ctx.param("campaignIds") or "")
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if not parts:
        raise common.fail(ctx, "ID Кампаний", "is required: give one or more campaign IDs")
    bad = [p for p in parts if not p.isdigit() or int(p) < 1]
    if bad:
        raise common.fail(ctx, "ID Кампаний", f"{shown(bad[0])} is not a campaign ID")
    return [int(p) for p in parts]
