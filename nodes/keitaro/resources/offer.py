"""Resource `offer`: list, get, create, update, archive, clone, a local offer's files and
its zip archive."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.download import Download
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity
from kflow.nodes.keitaro.resources.shared.local_files import file_operations

__all__ = ["DECLARED", "DOWNLOAD", "LABEL", "OPERATIONS"]

LABEL = {"name": "Оффер", "value": "offer", "description": "An offer"}

OFFER = Entity("offer", "offer", "/offers", Field("id", "ID Оффера", "int", param="offerId"))

NAME = Field("name", "Название")
OFFER_FIELDS = (
    Field("group_id", "ID Группы", "int"),
    Field("offer_type", "Тип оффера", options=("external", "local", "preloaded", "action")),
    Field(
        "action_type", "Тип действия", description="How the visitor is sent: http, local_file, …"
    ),
    Field("action_payload", "URL или значение действия"),
    Field("affiliate_network_id", "ID Партнёрской сети", "int"),
    Field("payout_value", "Выплата", "money", description="Exact decimal; text keeps every digit"),
    Field("payout_currency", "Валюта выплаты", placeholder="USD"),
    Field("payout_type", "Тип выплаты", options=("CPA", "CPC")),
    Field("payout_auto", "Выплата из постбека", "bool"),
    Field("payout_upsell", "Разрешить апселлы", "bool"),
    Field(
        "country",
        "Страны",
        "strings",
        description="Comma-separated country codes",
        placeholder="US, DE",
    ),
    Field("notes", "Заметки"),
    Field("conversion_cap_enabled", "Лимит конверсий", "bool"),
    Field("daily_cap", "Дневной лимит", "number"),
    Field("conversion_timezone", "Часовой пояс лимита", placeholder="UTC"),
    Field("alternative_offer_id", "ID Альтернативного оффера", "int"),
)

DOWNLOAD = Download("offer", "offer", "/offers", "offerId", "ID Оффера")

DECLARED = (
    OFFER.get_many(),
    OFFER.get(),
    OFFER.create(
        (NAME,),
        OFFER_FIELDS,
        {
            "name": "Keto Slim FR",
            "additionalFields": {
                "payout_value": "28.75",
                "payout_currency": "EUR",
                "country": "FR, BE",
                "action_payload": "https://network.example.test/?click={subid}",
            },
        },
    ),
    OFFER.update((NAME, *OFFER_FIELDS), {"updateFields": {"payout_value": "1234567.891"}}),
    OFFER.archive("/archive"),
    OFFER.clone(),
    *file_operations(OFFER),
)

OPERATIONS: dict[str, KeitaroOperation] = runnable((*DECLARED, DOWNLOAD))
"""Operation value -> handler, in menu order."""
