"""statistics / getLabels: `GET /admin_api/v1/report/labels`, a campaign's white/black lists."""

from __future__ import annotations

from kflow.host import show_for
from kflow.nodes.keitaro.execution import fetch_one
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.resources.statistics._labels import campaign_and_field

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Получить метки",
    "value": "getLabels",
    "description": "The whitelist/blacklist labels of a campaign's values of one field",
    "action": "Get labels",
}
EXAMPLE = {"campaignId": 1, "labelName": "blacklist"}
"""Parameters that run as they are against the sandbox."""
WIRE = Wire(
    "GET",
    "/report/labels",
    idempotent=True,
    query=(Field("campaign_id", "ID Кампании", "campaign_id", param="campaignId"),),
    query_optional=(
        Field("ref_name", "Поле", "raw", param="refName"),
        Field("label_name", "Метка", "raw", param="labelName"),
    ),
)
"""The request as both hosts build it: the campaign, and the field and label when given."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
execute = fetch_one
"""One output item: the tracker's answer."""

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
