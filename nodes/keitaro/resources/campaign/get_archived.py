"""campaign / getArchived: `GET /admin_api/v1/campaigns/deleted`, the archive."""

from __future__ import annotations

from kflow.host.descriptors import show_for
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.campaign._lists import execute, list_properties
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["OPERATION", "PROPERTIES", "execute", "prepare"]

OPERATION = {
    "name": "Получить архив",
    "value": "getArchived",
    "description": "List the archived campaigns",
    "action": "Get archived campaigns",
}

PROPERTIES = show_for("campaign", "getArchived", list_properties())


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    common.read_limit(ctx)
    return common.admin_request(ctx, base, "GET", ("campaigns", "deleted"))
