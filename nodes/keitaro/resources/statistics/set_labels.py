"""statistics / setLabels: `POST /admin_api/v1/report/labels`, labelling values of a field."""

from __future__ import annotations

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.statistics._labels import campaign_and_field
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "prepare"]

OPERATION = {
    "name": "Установить метки",
    "value": "setLabels",
    "description": "Put values of a field on a campaign's whitelist or blacklist, or take them off",
    "action": "Set labels",
}
ROUTE = {"method": "POST", "path": "/report/labels"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {"campaignId": 1, "values": "ad-1\nad-2"}
"""Parameters that run as they are against the sandbox."""
N8N = {"method": "POST", "path": "/report/labels", "builder": "labels"}
"""How the n8n package sends it."""
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


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    text = str(ctx.param("values") or "").replace("\n", ",")
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values:
        raise common.fail(ctx, "Значения", "give one or more values to label")
    body = {
        "campaign_id": common.read_campaign_id(ctx),
        "ref_name": ctx.param("refName"),
        "items": {value: ctx.param("label") for value in values},
    }
    return common.admin_request(ctx, base, "POST", ("report", "labels"), body, idempotent=True)
