"""campaign / update: `PUT /admin_api/v1/campaigns/{id}` with the fields to change."""

from __future__ import annotations

from kflow.host.descriptors import show_for
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.campaign._fields import FIELDS, read_fields
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["OPERATION", "PROPERTIES", "SCHEMA", "prepare"]

OPERATION = {
    "name": "Обновить",
    "value": "update",
    "description": "Change some fields of a campaign; the others stay as they are",
    "action": "Update a campaign",
}
SCHEMA = "campaign_update"
_NAME = {"displayName": "Название", "name": "name", "type": "string", "default": ""}

PROPERTIES = show_for(
    "campaign",
    "update",
    [
        common.campaign_id_property(),
        {
            "displayName": "Поля для обновления",
            "name": "updateFields",
            "type": "collection",
            "default": {},
            "placeholder": "Add Field",
            "options": [_NAME, *FIELDS],
        },
    ],
)


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    campaign_id = common.read_campaign_id(ctx)
    body = read_fields(ctx, "updateFields", "Поля для обновления")
    name = (ctx.param("updateFields") or {}).get("name")
    if name is not None:
        if not str(name).strip():
            raise common.fail(ctx, "Поля для обновления", "name cannot be empty")
        body = {"name": str(name).strip(), **body}
    if not body:
        raise common.fail(ctx, "Поля для обновления", "add at least one field to change")
    return common.admin_request(ctx, base, "PUT", ("campaigns", campaign_id), body)
