"""campaign / create: `POST /admin_api/v1/campaigns`."""

from __future__ import annotations

from kflow.host.descriptors import show_for
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.campaign._fields import FIELDS, read_fields
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["OPERATION", "PROPERTIES", "SCHEMA", "prepare"]

OPERATION = {
    "name": "Создать",
    "value": "create",
    "description": "Create a campaign; the tracker answers 406 with per-field messages when "
    "a field is not acceptable (such as an alias already in use)",
    "action": "Create a campaign",
}
SCHEMA = "campaign_create"

PROPERTIES = show_for(
    "campaign",
    "create",
    [
        {
            "displayName": "Название",
            "name": "name",
            "type": "string",
            "default": "",
            "required": True,
        },
        {
            "displayName": "Дополнительные поля",
            "name": "additionalFields",
            "type": "collection",
            "default": {},
            "placeholder": "Add Field",
            "options": FIELDS,
        },
    ],
)


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    name = str(ctx.param("name") or "").strip()
    if not name:
        raise common.fail(ctx, "Название", "is required")
    body = {"name": name, **read_fields(ctx, "additionalFields", "Дополнительные поля")}
    return common.admin_request(ctx, base, "POST", ("campaigns",), body)
