"""Parts shared by both cost updates (bulk by clicks, one campaign): fields, filters, currency."""

from __future__ import annotations

import re
from typing import Any

from kflow.host import ItemContext
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.nodes.keitaro.resources import common

__all__ = ["COST_FILTER_FIELDS", "cost_fields", "read_cost_filters", "read_currency"]

COST_FILTER_FIELDS = frozenset(
    ["keyword", "source", "external_id", "creative_id", "ad_campaign_id"]
    + [f"sub_id_{i}" for i in range(1, 31)]
)
"""Click fields a cost entry may be narrowed by."""


def cost_fields() -> list[dict[str, Any]]:
    """The fields of one cost entry: period, total cost, optional filters."""
    return [
        {
            "displayName": "С",
            "name": "dateFrom",
            "type": "dateTime",
            "default": "",
            "description": "Start (a bare date starts at 00:00)",
        },
        {
            "displayName": "По",
            "name": "dateTo",
            "type": "dateTime",
            "default": "",
            "description": "End, inclusive (a bare date ends at 23:59)",
        },
        {
            "displayName": "Сумма",
            "name": "cost",
            "type": "number",
            "default": 0,
            "typeOptions": {"minValue": 0},
            "description": "Total spend of the period, split evenly over its clicks",
        },
        {
            "displayName": "Фильтры",
            "name": "filters",
            "type": "json",
            "default": "",
            "placeholder": '{"sub_id_1": "ad-1,ad-2"}',
            "description": "Optional: only clicks whose fields match; values are "
            "comma-separated lists. Fields: keyword, source, external_id, creative_id, "
            "ad_campaign_id, sub_id_1…sub_id_30",
        },
    ]


def read_cost_filters(ctx: ItemContext, value: Any, where: str) -> dict[str, str] | None:
    """A cost entry's filters as `{field: "a,b"}`; None when empty."""
    if value in (None, "", {}):
        return None
    parsed = common.read_json_value(ctx, value, "Расходы", where)
    if not isinstance(parsed, dict):
        raise common.fail(ctx, "Расходы", f"{where}: filters must be a JSON object")
    unknown = sorted(set(parsed) - COST_FILTER_FIELDS)
    if unknown:
        raise common.fail(ctx, "Расходы", f"{where}: cannot filter costs by {shown(unknown[0])}")
    return {
        k: ",".join(str(x) for x in v) if isinstance(v, list) else str(v) for k, v in parsed.items()
    }


def read_currency(ctx: ItemContext) -> str | None:
    """An ISO currency code (upper-cased), or None for the tracker's currency."""
    value = str(ctx.param("currency") or "").strip().upper()
    if not value:
        return None
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise common.fail(ctx, "Валюта", f"{shown(value)} is not a currency code such as USD")
    return value
