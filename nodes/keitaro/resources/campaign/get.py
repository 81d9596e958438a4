"""campaign / get: `GET /admin_api/v1/campaigns/{id}`."""

from __future__ import annotations

from kflow.host.descriptors import show_for
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["OPERATION", "PROPERTIES", "prepare"]

OPERATION = {
    "name": "Получить",
    "value": "get",
    "description": "Get one campaign by ID (archived campaigns answer 404)",
    "action": "Get a campaign",
}

PROPERTIES = show_for("campaign", "get", [common.campaign_id_property()])


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    return common.admin_request(ctx, base, "GET", ("campaigns", common.read_campaign_id(ctx)))
