"""Resource `affiliateNetwork`: list, get, create, update, archive, clone."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["DECLARED", "LABEL", "OPERATIONS"]

LABEL = {
    "name": "Партнёрская сеть",
    "value": "affiliateNetwork",
    "description": "An affiliate network",
}

NETWORK = Entity(
    "affiliateNetwork",
    "affiliate network",
    "/affiliate_networks",
    Field("id", "ID Партнёрской сети", "int", param="affiliateNetworkId"),
)

NAME = Field("name", "Название")
NETWORK_FIELDS = (
    Field("postback_url", "Postback URL", description="The network's postback template"),
    Field("offer_param", "Параметры оффера", placeholder="sub1={subid}&sub2={campaign_name}"),
    Field("notes", "Заметки"),
)

DECLARED = (
    NETWORK.get_many(),
    NETWORK.get(),
    NETWORK.create(
        (NAME,),
        NETWORK_FIELDS,
        {"name": "AdCombo", "additionalFields": {"offer_param": "subid={subid}"}},
    ),
    NETWORK.update((NAME, *NETWORK_FIELDS), {"updateFields": {"notes": "net 15"}}),
    NETWORK.archive(),
    NETWORK.clone(),
)

OPERATIONS: dict[str, KeitaroOperation] = runnable(DECLARED)
"""Operation value -> handler, in menu order."""
