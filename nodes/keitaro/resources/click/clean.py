"""click / clean: `POST /admin_api/v1/clicks/clean`, deleting the stats of a period."""

from __future__ import annotations

from kflow.host import show_for
from kflow.nodes.keitaro.execution import fetch_one
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.operations.model import Field, Ordered, Wire
from kflow.nodes.keitaro.resources.shared import parameters

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Очистить статистику",
    "value": "clean",
    "description": "Delete the clicks and conversions of a period (cannot be undone)",
    "action": "Clean click statistics",
}
EXAMPLE = {"dateFrom": "2020-01-01", "dateTo": "2020-01-01", "campaignId": 5}
"""Parameters that run as they are against the sandbox."""
WIRE = Wire(
    "POST",
    "/clicks/clean",
    idempotent=True,
    required=(
        Field("start_date", "С", "period_start", param="dateFrom", uses=(parameters.TIMEZONE,)),
        Field("end_date", "По", "period_end", param="dateTo", uses=(parameters.TIMEZONE,)),
        parameters.TIMEZONE,
        Field(
            "campaign_id",
            "ID Кампании",
            "campaign_id",
            param="campaignId",
            omit_when=(None, 0, "0", ""),
        ),
    ),
    ordered=(Ordered("start_date", "end_date", "По"),),
)
"""The request as both hosts build it: the period (a bare end date ends at 23:59), its
time zone, and the campaign when one is given."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
execute = fetch_one
"""One output item: the tracker's answer."""
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
            **parameters.campaign_id_property("Only this campaign; 0 cleans every campaign"),
            "required": False,
            "typeOptions": {"minValue": 0},
        },
        parameters.timezone_property(),
    ],
)
