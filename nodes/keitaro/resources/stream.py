"""Resource `stream`: a campaign's stream (flow): create, get, update, archive, restore,
state, events, search, and the tracker's catalogues of types, schemas, actions, filters."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.model import Field, Lookup
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["DECLARED", "LABEL", "OPERATIONS"]

LABEL = {"name": "Поток", "value": "stream", "description": "A campaign's stream (flow)"}

STREAM = Entity(
    "stream",
    "stream",
    "/streams",
    Field("id", "ID Потока", "int", param="streamId", description="The stream's ID"),
)

ACTION_TYPES = (
    "http",
    "local_file",
    "curl",
    "status404",
    "show_text",
    "show_html",
    "campaign",
    "do_nothing",
    "meta",
    "double_meta",
    "js",
    "js_for_script",
    "js_for_iframe",
    "blank_referrer",
    "formsubmit",
    "iframe",
    "remote",
    "frame",
)
_TYPES = ("regular", "forced", "default")
_SCHEMAS = ("redirect", "landings", "action")

REQUIRED = (
    Field("campaign_id", "ID Кампании", "int", param="campaignId"),
    Field("name", "Название"),
    Field("type", "Тип", options=_TYPES),
    Field("schema", "Схема", options=_SCHEMAS),
    Field("action_type", "Действие", options=ACTION_TYPES),
)
_JSON_LIST = "JSON array; sending it replaces the whole list"
OPTIONAL = (
    Field("position", "Позиция", "int"),
    Field("weight", "Вес", "number"),
    Field("state", "Состояние", options=("active", "disabled")),
    Field(
        "action_payload",
        "Значение действия",
        description="The URL for redirects, the text or HTML for show_text/show_html",
    ),
    Field("action_options", "Опции действия", "object", description="JSON object"),
    Field("comments", "Комментарий"),
    Field("collect_clicks", "Сохранять клики", "bool"),
    Field("filter_or", "Фильтры через ИЛИ", "bool"),
    Field(
        "filters",
        "Фильтры",
        "array",
        description='JSON array of {"name", "mode": "accept|reject", "payload": [...]}',
    ),
    Field("triggers", "Триггеры", "array", description=_JSON_LIST),
    Field(
        "landings",
        "Лендинги",
        "array",
        description='JSON array of {"landing_id", "share"}; ' + _JSON_LIST,
    ),
    Field(
        "offers",
        "Офферы",
        "array",
        description='JSON array of {"offer_id", "share"}; sending it replaces the whole '
        "offer list (omitted offers are removed)",
    ),
)
_UPDATABLE = tuple(f for f in REQUIRED if f.key != "campaign_id") + OPTIONAL


DECLARED = (
    STREAM.create(
        REQUIRED,
        OPTIONAL,
        {
            "campaignId": 1,
            "name": "Spring offer",
            "type": "regular",
            "schema": "redirect",
            "action_type": "http",
            "additionalFields": {
                "action_payload": "https://offer.example.test/?s={subid}",
                "weight": 50,
            },
        },
        lookup=Lookup("/campaigns/{campaign_id}/streams"),
    ),
    STREAM.get(),
    STREAM.update(
        _UPDATABLE,
        {"updateFields": {"offers": '[{"offer_id": 2, "share": 100}]', "weight": "12.5"}},
    ),
    STREAM.archive(),
    STREAM.restore(example={"streamId": 11}),
    STREAM.state("enable"),
    STREAM.state("disable"),
    STREAM.op(
        "getEvents",
        "Получить события",
        "The stream's change events",
        "GET",
        "/events",
        action="Get a stream's events",
        idempotent=True,
    ),
    STREAM.get_archived(),
    STREAM.op(
        "search",
        "Найти",
        "Find streams whose name or settings contain the text",
        "GET",
        "/search",
        by_id=False,
        answer="list",
        query=(Field("query", "Текст"),),
        example={"query": "Main"},
        action="Search streams",
        idempotent=True,
    ),
    STREAM.op(
        "getTypes",
        "Типы потоков",
        "The tracker's stream types",
        "GET",
        by_id=False,
        answer="list",
        action="Get stream types",
        path="/stream_types",
        idempotent=True,
    ),
    STREAM.op(
        "getSchemas",
        "Схемы потоков",
        "The tracker's stream schemas",
        "GET",
        by_id=False,
        answer="list",
        action="Get stream schemas",
        path="/stream_schemas",
        idempotent=True,
    ),
    STREAM.op(
        "getActions",
        "Действия потоков",
        "The tracker's stream action types",
        "GET",
        by_id=False,
        answer="list",
        action="Get stream actions",
        path="/streams_actions",
        idempotent=True,
    ),
    STREAM.op(
        "getFilters",
        "Фильтры потоков",
        "The tracker's catalogue of stream filters",
        "GET",
        by_id=False,
        answer="list",
        action="Get stream filters",
        path="/stream_filters",
        idempotent=True,
    ),
)

OPERATIONS: dict[str, KeitaroOperation] = runnable(DECLARED)
"""Operation value -> handler, in menu order."""
