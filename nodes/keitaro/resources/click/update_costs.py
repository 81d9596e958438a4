"""click / updateCosts: `POST /admin_api/v1/clicks/update_costs`, overwriting click costs."""

from __future__ import annotations

from kflow.host import show_for
from kflow.nodes.keitaro.execution import fetch_one
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.resources.shared import parameters
from kflow.nodes.keitaro.resources.shared.costs import CURRENCY, cost_fields

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Обновить расходы",
    "value": "updateCosts",
    "description": "Spread a total cost evenly over the clicks of campaigns and periods "
    "(overwrites; the tracker applies it in the background)",
    "action": "Update click costs",
}
EXAMPLE = {
    "campaignIds": "1, 2",
    "costs": {"cost": [{"dateFrom": "2026-11-01", "dateTo": "2026-11-01", "cost": "1234567.891"}]},
    "currency": "USD",
}
"""Parameters that run as they are against the sandbox."""
WIRE = Wire(
    "POST",
    "/clicks/update_costs",
    idempotent=True,
    required=(
        Field("campaign_ids", "ID Кампаний", "id_list", param="campaignIds"),
        Field("costs", "Расходы", "cost_entries", uses=(parameters.TIMEZONE, CURRENCY)),
        parameters.TIMEZONE,
        Field(
            "only_campaign_uniques",
            "Только уникальные в кампании",
            "flag",
            param="onlyCampaignUniques",
        ),
        CURRENCY,
    ),
    read_first=("timezone", "campaignIds", "currency"),
)
"""The request as both hosts build it: the campaigns, every cost entry with the time zone
and currency (which the 2022 spec wants in each entry, and trackers read at the top level:
both are sent, docs/KEITARO.md)."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
execute = fetch_one
"""One output item: the tracker's answer."""
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
        parameters.timezone_property(),
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
