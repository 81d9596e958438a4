"""The campaign operations that are data: list, get, create, update, archive, restore,
state, clone, archived, streams."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["DECLARED", "FIELDS"]

CAMPAIGN = Entity(
    "campaign",
    "campaign",
    "/campaigns",
    Field("id", "ID Кампании", "int", param="campaignId", description="The campaign's ID"),
)

NAME = Field("name", "Название")
FIELDS = (
    Field(
        "alias",
        "Алиас",
        description="Part of the campaign URL; left empty, the tracker generates one",
    ),
    Field(
        "type",
        "Тип",
        options=("position", "weight"),
        description="position, or weight for a split test",
    ),
    Field("state", "Состояние", options=("active", "disabled")),
    Field("cost_type", "Тип расхода", options=("CPC", "CPUC", "CPM")),
    Field("cost_value", "Стоимость", "money", description="Exact decimal; text keeps every digit"),
    Field("cost_currency", "Валюта расхода", placeholder="USD"),
    Field(
        "cost_auto",
        "Автоматический расход",
        "bool",
        description="Whether the cost comes from the traffic source's parameter",
    ),
    Field(
        "group_id",
        "ID Группы",
        "id_text",
        description="Sent as text, as trackers take it; 0 = no group",
    ),
    Field("traffic_source_id", "ID Источника", "int", description="0 = no source"),
    Field("domain_id", "ID Домена", "int"),
    Field("cookies_ttl", "Время жизни cookies (ч)", "int", default=24),
    Field(
        "bind_visitors",
        "Привязка посетителей",
        options=("s", "sl", "slo"),
        description="s: to streams; sl: and landings; slo: and offers",
    ),
    Field(
        "parameters",
        "Параметры",
        "object",
        description='Source parameters, e.g. {"keyword": {"name": "kw", "placeholder": "{kw}"}}',
    ),
    Field("notes", "Заметки"),
)

DECLARED = (
    CAMPAIGN.get_many("List the campaigns that are not archived"),
    CAMPAIGN.get("Get one campaign by ID (archived campaigns answer 404)"),
    CAMPAIGN.create(
        (NAME,),
        FIELDS,
        {
            "name": "Spring sale",
            "additionalFields": {"alias": "spring-sale", "cost_value": "0.25", "group_id": 1},
        },
        match=("alias", "name"),
    ),
    CAMPAIGN.update((NAME, *FIELDS), {"updateFields": {"name": "Spring sale 2"}}),
    CAMPAIGN.archive(),
    CAMPAIGN.restore(example={"campaignId": 6}),
    CAMPAIGN.state("enable"),
    CAMPAIGN.state("disable"),
    CAMPAIGN.clone(),
    CAMPAIGN.get_archived(),
    CAMPAIGN.op(
        "getStreams",
        "Получить потоки",
        "List a campaign's streams (flows)",
        "GET",
        "/streams",
        answer="list",
        action="Get a campaign's streams",
        idempotent=True,
    ),
)
