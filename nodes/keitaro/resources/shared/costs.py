"""Parts shared by both cost updates (bulk by clicks, one campaign): fields and currency."""

from __future__ import annotations

from typing import Any

from kflow.nodes.keitaro.catalog import COST_FILTER_FIELDS
from kflow.nodes.keitaro.operations.model import Field

__all__ = ["COST_FILTER_FIELDS", "CURRENCY", "cost_fields"]

CURRENCY = Field("currency", "Валюта", "currency")
"""The currency code both cost updates require (upper-cased, three letters)."""


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
