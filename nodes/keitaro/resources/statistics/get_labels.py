"""statistics / getLabels: `GET /admin_api/v1/report/labels`, a campaign's white/black lists."""

from __future__ import annotations

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.statistics._labels import campaign_and_field
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "prepare"]

OPERATION = {
    "name": "Получить метки",
    "value": "getLabels",
    "description": "The whitelist/blacklist labels of a campaign's values of one field",
    "action": "Get labels",
}
ROUTE = {"method": "GET", "path": "/report/labels"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {"campaignId": 1, "labelName": "blacklist"}
"""Parameters that run as they are against the sandbox."""
N8N = {
    "method": "GET",
    "path": "/report/labels",
    "query": [
        Field("campaign_id", "ID Кампании", "int", param="campaignId"),
        Field("ref_name", "Поле", param="refName"),
        Field("label_name", "Метка", param="labelName"),
    ],
}
"""How the n8n package sends it."""

PROPERTIES = show_for(
    "statistics",
    "getLabels",
    [
        *campaign_and_field(),
        {
            "displayName": "Метка",
            "name": "labelName",
            "type": "options",
            "default": "blacklist",
            "description": "Which list to read; the API answers one at a time",
            "options": [
                {"name": "Whitelist", "value": "whitelist"},
                {"name": "Blacklist", "value": "blacklist"},
            ],
        },
    ],
)


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    query = {
        "campaign_id": common.read_campaign_id(ctx),
        "ref_name": ctx.param("refName"),
        "label_name": ctx.param("labelName"),
    }
    return common.admin_request(
        ctx, base, "GET", ("report", "labels"), query=query, idempotent=True
    )
