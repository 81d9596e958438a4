"""campaign / archive: `DELETE /admin_api/v1/campaigns/{id}`."""

from __future__ import annotations

from kflow.host.descriptors import show_for
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["OPERATION", "PROPERTIES", "prepare"]

OPERATION = {
    "name": "Архивировать",
    "value": "archive",
    "description": "Move a campaign to the archive (Keitaro's delete)",
    "action": "Archive a campaign",
}

PROPERTIES = show_for("campaign", "archive", [common.campaign_id_property()])


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    return common.admin_request(ctx, base, "DELETE", ("campaigns", common.read_campaign_id(ctx)))
