"""Affiliate networks and traffic sources: list, get, create, update, archive, clone."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.catalog.verbs import Entity
from kflow.nodes.keitaro.operations.model import Field

__all__ = ["NETWORK_OPERATIONS", "SOURCE_OPERATIONS"]

NETWORK = Entity(
    "affiliateNetwork",
    "affiliate network",
    "/affiliate_networks",
    Field("id", "ID Партнёрской сети", "int", param="affiliateNetworkId"),
)
SOURCE = Entity(
    "trafficSource",
    "traffic source",
    "/traffic_sources",
    Field("id", "ID Источника", "int", param="trafficSourceId"),
)

NAME = Field("name", "Название")
NETWORK_FIELDS = (
    Field("postback_url", "Postback URL", description="The network's postback template"),
    Field("offer_param", "Параметры оффера", placeholder="sub1={subid}&sub2={campaign_name}"),
    Field("notes", "Заметки"),
)
SOURCE_FIELDS = (
    Field(
        "postback_url",
        "Postback URL",
        description="Where the tracker reports conversions back to the source",
    ),
    Field("postback_statuses", "Статусы для постбека", "strings", placeholder="lead, sale"),
    Field("template_name", "Шаблон"),
    Field("accept_parameters", "Принимать параметры", "bool"),
    Field(
        "parameters",
        "Параметры",
        "object",
        description='JSON object, e.g. {"keyword": {"name": "kw", "placeholder": "{kw}"}}',
    ),
    Field("notes", "Заметки"),
    Field("state", "Состояние", options=("active", "disabled")),
    Field("traffic_loss", "Потеря трафика, %", "number"),
)

NETWORK_OPERATIONS = (
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

SOURCE_OPERATIONS = (
    SOURCE.get_many(),
    SOURCE.get(),
    SOURCE.create(
        (NAME,),
        SOURCE_FIELDS,
        {
            "name": "PropellerAds",
            "additionalFields": {"postback_statuses": "lead, sale", "traffic_loss": "2.5"},
        },
    ),
    SOURCE.update((NAME, *SOURCE_FIELDS), {"updateFields": {"state": "disabled"}}),
    SOURCE.archive(),
    SOURCE.clone(),
)
