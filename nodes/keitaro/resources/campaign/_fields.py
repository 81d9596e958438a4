"""The writable fields of a campaign, shared by create and update."""

from __future__ import annotations

from typing import Any

from kflow.host.node import ItemContext
from kflow.nodes.keitaro.resources import common

__all__ = ["FIELDS", "read_fields"]

FIELDS: list[dict[str, Any]] = [
    {
        "displayName": "Алиас",
        "name": "alias",
        "type": "string",
        "default": "",
        "description": "Part of the campaign URL; left empty, the tracker generates one",
    },
    {
        "displayName": "Тип",
        "name": "type",
        "type": "options",
        "default": "position",
        "options": [
            {"name": "By position", "value": "position"},
            {"name": "By weight (split test)", "value": "weight"},
        ],
    },
    {
        "displayName": "Состояние",
        "name": "state",
        "type": "options",
        "default": "active",
        "options": [
            {"name": "Active", "value": "active"},
            {"name": "Disabled", "value": "disabled"},
        ],
    },
    {
        "displayName": "Тип расхода",
        "name": "cost_type",
        "type": "options",
        "default": "CPC",
        "options": [{"name": v, "value": v} for v in ("CPC", "CPUC", "CPM")],
    },
    {
        "displayName": "Стоимость",
        "name": "cost_value",
        "type": "number",
        "default": 0,
        "typeOptions": {"minValue": 0},
    },
    {
        "displayName": "Валюта расхода",
        "name": "cost_currency",
        "type": "string",
        "default": "",
        "placeholder": "USD",
    },
    {
        "displayName": "Автоматический расход",
        "name": "cost_auto",
        "type": "boolean",
        "default": False,
        "description": "Whether the cost comes from the traffic source's parameter",
    },
    {"displayName": "ID Группы", "name": "group_id", "type": "number", "default": 0},
    {"displayName": "ID Источника", "name": "traffic_source_id", "type": "number", "default": 0},
    {
        "displayName": "Время жизни cookies (ч)",
        "name": "cookies_ttl",
        "type": "number",
        "default": 24,
    },
    {
        "displayName": "Привязка посетителей",
        "name": "bind_visitors",
        "type": "options",
        "default": "s",
        "options": [
            {"name": "To stream", "value": "s"},
            {"name": "To stream and landing", "value": "sl"},
            {"name": "To stream, landing and offer", "value": "slo"},
        ],
    },
    {
        "displayName": "Параметры",
        "name": "parameters",
        "type": "json",
        "default": "",
        "description": 'Source parameters, e.g. {"keyword": {"name": "kw", "placeholder": "{kw}"}}',
    },
    {"displayName": "Заметки", "name": "notes", "type": "string", "default": ""},
]
_NAMES = [f["name"] for f in FIELDS]


def read_fields(ctx: ItemContext, parameter: str, label: str) -> dict[str, Any]:
    """The fields set in the collection `parameter`, ready for the request body."""
    given = dict(ctx.param(parameter) or {})
    body: dict[str, Any] = {k: given[k] for k in _NAMES if k in given}
    if "parameters" in body:
        parsed = common.read_json_value(ctx, body["parameters"], label, "parameters")
        if not isinstance(parsed, dict):
            raise common.fail(ctx, label, "parameters must be a JSON object")
        body["parameters"] = parsed
    for name in ("group_id", "traffic_source_id"):
        if body.get(name) == 0:
            body[name] = None
    if body.get("alias"):
        alias = str(body["alias"])
        if not alias.replace("-", "").replace("_", "").isalnum():
            raise common.fail(ctx, label, f"alias {alias!r}: use letters, digits, '-' and '_'")
    return body
