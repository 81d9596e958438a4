"""statistics / setLabels: `POST /admin_api/v1/report/labels`, labelling values of a field."""

from __future__ import annotations

from kflow.host import show_for
from kflow.nodes.keitaro.execution import fetch_one
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.resources.statistics._labels import campaign_and_field

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Установить метки",
    "value": "setLabels",
    "description": "Put values of a field on a campaign's whitelist or blacklist, or take them off",
    "action": "Set labels",
}
EXAMPLE = {"campaignId": 1, "values": "ad-1\nad-2"}
"""Parameters that run as they are against the sandbox."""
WIRE = Wire(
    "POST",
    "/report/labels",
    idempotent=True,
    required=(
        Field("campaign_id", "ID Кампании", "campaign_id", param="campaignId"),
        Field("ref_name", "Поле", param="refName"),
        Field("items", "Значения", "labelled_values", param="values", pairs="label"),
    ),
    read_first=("values",),
)
"""The request as both hosts build it: `{campaign_id, ref_name, items: {value: label}}`."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
execute = fetch_one
"""One output item: the tracker's answer."""
SCHEMA = "report_labels"

PROPERTIES = show_for(
    "statistics",
    "setLabels",
    [
        *campaign_and_field(),
        {
            "displayName": "Значения",
            "name": "values",
            "type": "string",
            "default": "",
            "required": True,
            "placeholder": "ad-1, ad-7",
            "description": "Comma- or newline-separated values of the field",
        },
        {
            "displayName": "Метка",
            "name": "label",
            "type": "options",
            "default": "blacklist",
            "options": [
                {"name": "Blacklist", "value": "blacklist"},
                {"name": "Whitelist", "value": "whitelist"},
                {"name": "Remove label", "value": ""},
            ],
        },
    ],
)
