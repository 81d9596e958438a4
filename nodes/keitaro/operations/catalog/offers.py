"""Offers and landing pages: list, get, create, update, archive, clone, and their files."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.catalog.verbs import Entity
from kflow.nodes.keitaro.operations.model import Field, Operation

__all__ = ["LANDING_OPERATIONS", "OFFER_OPERATIONS"]

OFFER = Entity("offer", "offer", "/offers", Field("id", "ID Оффера", "int", param="offerId"))
LANDING = Entity(
    "landing",
    "landing page",
    "/landing_pages",
    Field("id", "ID Лендинга", "int", param="landingId"),
)

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
LANDING_FIELDS = (
    Field("landing_type", "Тип лендинга", options=("external", "local", "preloaded", "action")),
    Field(
        "action_type",
        "Тип действия",
        options=("http", "local_file", "curl", "status404", "show_text", "show_html"),
    ),
    Field("url", "URL"),
    Field("action_payload", "Значение действия"),
    Field("group_id", "ID Группы", "id_text", description="Sent as text, as trackers take it"),
    Field("state", "Состояние", options=("active", "disabled")),
    Field("notes", "Заметки"),
)
_PATH = Field(
    "path",
    "Путь к файлу",
    placeholder="index.html",
    description="Relative to the local offer's or landing's folder",
)


def _files(entity: Entity) -> tuple[Operation, ...]:
    """The editor of a local offer's or landing's files."""
    example = {"path": "index.html"}
    return (
        entity.op(
            "getStructure",
            "Структура файлов",
            f"The local {entity.noun}'s file tree",
            "GET",
            "/get_structure",
            action=f"Get a {entity.noun}'s file tree",
            idempotent=True,
        ),
        entity.op(
            "getFile",
            "Получить файл",
            "Read one file",
            "GET",
            "/get_file",
            query=(_PATH,),
            example=example,
            action=f"Get a {entity.noun}'s file",
            idempotent=True,
        ),
        entity.op(
            "addFile",
            "Добавить файл",
            "Create an empty file",
            "POST",
            "/add_file",
            query=(_PATH,),
            example={"path": "thanks.html"},
            action=f"Add a file to a {entity.noun}",
            idempotent=False,
        ),
        entity.op(
            "updateFile",
            "Обновить файл",
            "Write a file's content (sent in the query string, as the API takes it)",
            "PUT",
            "/update_file",
            query=(_PATH, Field("data", "Содержимое")),
            example={"path": "index.html", "data": "<h1>Hi</h1>"},
            action=f"Update a {entity.noun}'s file",
            idempotent=True,
        ),
        entity.op(
            "removeFile",
            "Удалить файл",
            "Delete one file",
            "DELETE",
            "/remove_file",
            query=(_PATH,),
            example=example,
            action=f"Remove a {entity.noun}'s file",
            idempotent=True,
        ),
    )


OFFER_OPERATIONS = (
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
    *_files(OFFER),
)

LANDING_OPERATIONS = (
    LANDING.get_many(),
    LANDING.get(),
    LANDING.create(
        (NAME,),
        LANDING_FIELDS,
        {
            "name": "Quiz",
            "additionalFields": {"landing_type": "external", "url": "https://lp.example.test/quiz"},
        },
    ),
    LANDING.update((NAME, *LANDING_FIELDS), {"updateFields": {"notes": "v2"}}),
    LANDING.archive(),
    LANDING.clone("PUT"),
    *_files(LANDING),
)
