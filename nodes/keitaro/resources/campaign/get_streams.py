"""campaign / getStreams: `GET /admin_api/v1/campaigns/{id}/streams`, a campaign's flows."""

from __future__ import annotations

from kflow.host.descriptors import show_for
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.campaign._lists import execute, list_properties
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["OPERATION", "PROPERTIES", "execute", "prepare"]

OPERATION = {
    "name": "Получить потоки",
    "value": "getStreams",
    "description": "List a campaign's streams (flows)",
    "action": "Get a campaign's streams",
}

PROPERTIES = show_for("campaign", "getStreams", [common.campaign_id_property(), *list_properties()])


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    common.read_limit(ctx)
    campaign_id = common.read_campaign_id(ctx)
    return common.admin_request(ctx, base, "GET", ("campaigns", campaign_id, "streams"))
