"""campaign / clone: `POST /admin_api/v1/campaigns/{id}/clone`."""

from __future__ import annotations

from typing import Any

from kflow.host.descriptors import show_for
from kflow.host.http import HttpClient
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.execution import fetch_one
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["OPERATION", "PROPERTIES", "execute", "prepare"]

OPERATION = {
    "name": "Клонировать",
    "value": "clone",
    "description": 'Copy a campaign with its streams; the copy is named "Copy of …"',
    "action": "Clone a campaign",
}

PROPERTIES = show_for("campaign", "clone", [common.campaign_id_property()])


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    campaign_id = common.read_campaign_id(ctx)
    return common.admin_request(ctx, base, "POST", ("campaigns", campaign_id, "clone"))


async def execute(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> list[Any]:
    """The new campaign; trackers answer a one-element array, the 2022 spec an object."""
    (answer,) = await fetch_one(ctx, http, request)
    if isinstance(answer, list) and len(answer) == 1:
        answer = answer[0]
    return [answer]
