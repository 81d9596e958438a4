"""click / clean: `POST /admin_api/v1/clicks/clean`, deleting the stats of a period."""

from __future__ import annotations

from typing import Any

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.handlers import dates
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "prepare"]

OPERATION = {
    "name": "Очистить статистику",
    "value": "clean",
    "description": "Delete the clicks and conversions of a period (cannot be undone)",
    "action": "Clean click statistics",
}
ROUTE = {"method": "POST", "path": "/clicks/clean"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {"dateFrom": "2020-01-01", "dateTo": "2020-01-01", "campaignId": 5}
"""Parameters that run as they are against the sandbox."""
N8N = {"method": "POST", "path": "/clicks/clean", "builder": "clean"}
"""How the n8n package sends it."""
SCHEMA = "clicks_clean"

PROPERTIES = show_for(
    "click",
    "clean",
    [
        {
            "displayName": "This deletes the clicks of the period, and their conversions, "
            "for good. Keitaro runs it as a background job.",
            "name": "cleanNotice",
            "type": "notice",
            "default": "",
        },
        {
            "displayName": "С",
            "name": "dateFrom",
            "type": "dateTime",
            "default": "",
            "required": True,
            "description": "Start (a bare date starts at 00:00)",
        },
        {
            "displayName": "По",
            "name": "dateTo",
            "type": "dateTime",
            "default": "",
            "required": True,
            "description": "End, inclusive (a bare date ends at 23:59)",
        },
        {
            **common.campaign_id_property("Only this campaign; 0 cleans every campaign"),
            "required": False,
            "typeOptions": {"minValue": 0},
        },
        common.timezone_property(),
    ],
)


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    """Builds the clean request for the period (and campaign, when given)."""
    timezone = common.read_timezone(ctx)
    bounds = {}
    for name, label, end in (("dateFrom", "С", False), ("dateTo", "По", True)):
        try:
            bounds[name] = dates.cost_bound(ctx.param(name), timezone, end=end)
        except ValueError as exc:
            raise common.fail(ctx, label, str(exc)) from None
    if bounds["dateFrom"] > bounds["dateTo"]:
        raise common.fail(ctx, "По", "ends before the start")
    body: dict[str, Any] = {
        "start_date": bounds["dateFrom"],
        "end_date": bounds["dateTo"],
        "timezone": timezone,
    }
    if ctx.param("campaignId") not in (None, 0, "0", ""):
        body["campaign_id"] = common.read_campaign_id(ctx)
    return common.admin_request(ctx, base, "POST", ("clicks", "clean"), body, idempotent=True)
