"""campaign / updateCosts: `POST /admin_api/v1/campaigns/{id}/update_costs`, one period."""

from __future__ import annotations

from kflow.host import show_for
from kflow.nodes.keitaro.execution import fetch_one
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.operations.model import Field, Ordered, Wire
from kflow.nodes.keitaro.resources.shared import parameters
from kflow.nodes.keitaro.resources.shared.costs import CURRENCY, cost_fields

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Обновить расходы",
    "value": "updateCosts",
    "description": "Set a campaign's total cost for one period, split evenly over its clicks "
    "(slow on big trackers; click → update costs does many campaigns at once)",
    "action": "Update a campaign's costs",
}
EXAMPLE = {"campaignId": 1, "dateFrom": "2026-11-01", "dateTo": "2026-11-03", "cost": "12345.67"}
"""Parameters that run as they are against the sandbox."""
WIRE = Wire(
    "POST",
    "/campaigns/{id}/update_costs",
    idempotent=True,
    ids={"id": Field("id", "ID Кампании", "campaign_id", param="campaignId")},
    required=(
        Field(
            "start_date", "С / По", "period_start", param="dateFrom", uses=(parameters.TIMEZONE,)
        ),
        Field("end_date", "С / По", "period_end", param="dateTo", uses=(parameters.TIMEZONE,)),
        parameters.TIMEZONE,
        Field("cost", "Сумма", "nonnegative"),
        CURRENCY,
        Field(
            "only_campaign_uniques",
            "Только уникальные в кампании",
            "truthy",
            param="onlyCampaignUniques",
        ),
        Field("filters", "Расходы", "cost_filters", omit_when=(None, "", {})),
    ),
    ordered=(Ordered("start_date", "end_date", "По"),),
)
"""The request as both hosts build it: the period in its time zone, the total cost as
exact text, the currency, and the click filters when given."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
execute = fetch_one
"""One output item: the tracker's answer."""
SCHEMA = "campaign_update_costs"

PROPERTIES = show_for(
    "campaign",
    "updateCosts",
    [
        parameters.campaign_id_property(),
        *[{**field, "required": field["name"] != "filters"} for field in cost_fields()],
        parameters.timezone_property(),
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
