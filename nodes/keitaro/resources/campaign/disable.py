"""campaign / disable: `POST /admin_api/v1/campaigns/{id}/disable`."""

from __future__ import annotations

from kflow.host.descriptors import show_for
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["OPERATION", "PROPERTIES", "prepare"]

OPERATION = {
    "name": "Выключить",
    "value": "disable",
    "description": "Set a campaign's state to disabled",
    "action": "Disable a campaign",
}

PROPERTIES = show_for("campaign", "disable", [common.campaign_id_property()])


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    return common.admin_request(
        ctx, base, "POST", ("campaigns", common.read_campaign_id(ctx), "disable"), idempotent=True
    )
