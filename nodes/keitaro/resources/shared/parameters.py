"""Parameters several resources ask for: their properties, and the Fields a Wire reads
them as (time zone, period, filters, sort, columns, campaign ID).

Builders return plain property dicts; each operation stamps them with `show_for`.
"""

from __future__ import annotations

from typing import Any

from kflow.nodes.keitaro.catalog import INTERVALS, OPERATORS
from kflow.nodes.keitaro.operations.model import Field

__all__ = [
    "FILTERS",
    "RANGE",
    "SORT",
    "TIMEZONE",
    "campaign_id_property",
    "columns_property",
    "filters_property",
    "range_properties",
    "sort_property",
    "timezone_property",
]

CUSTOM = "custom"
TIMEZONE = Field("timezone", "Часовой пояс", "timezone")
"""The time zone parameter as a Wire reads it (`timezone_property` asks for it)."""
RANGE = Field(
    "range",
    "Период",
    "range",
    param="interval",
    uses=(TIMEZONE, Field("dateFrom", "С", "raw"), Field("dateTo", "По", "raw")),
)
"""A report's or log's `range` (`range_properties` ask for it)."""
FILTERS = Field("filters", "Фильтры", "filters")
"""A report's or log's `filters` (`filters_property` asks for them)."""
SORT = Field("sort", "Сортировка", "sort")
"""A log's `sort` (`sort_property` asks for it)."""


def _choices(values: list[str]) -> list[dict[str, str]]:
    return [{"name": v, "value": v} for v in values]


def campaign_id_property(description: str = "The campaign's ID") -> dict[str, Any]:
    return {
        "displayName": "ID Кампании",
        "name": "campaignId",
        "type": "number",
        "default": 0,
        "required": True,
        "typeOptions": {"minValue": 1},
        "description": description,
    }


def timezone_property() -> dict[str, Any]:
    return {
        "displayName": "Часовой пояс",
        "name": "timezone",
        "type": "string",
        "default": "UTC",
        "placeholder": "Europe/Moscow",
        "description": "IANA time zone the dates are read in",
    }


def range_properties(default_interval: str = "7_days_ago") -> list[dict[str, Any]]:
    """Период: a preset interval, or custom from/to dates, plus the time zone."""
    return [
        {
            "displayName": "Период",
            "name": "interval",
            "type": "options",
            "default": default_interval,
            "options": [*_choices(INTERVALS), {"name": "Custom (from / to)", "value": CUSTOM}],
        },
        {
            "displayName": "С",
            "name": "dateFrom",
            "type": "dateTime",
            "default": "",
            "required": True,
            "displayOptions": {"show": {"interval": [CUSTOM]}},
            "description": "Start: an ISO date (2026-11-01) or date-time (2026-11-01T10:00)",
        },
        {
            "displayName": "По",
            "name": "dateTo",
            "type": "dateTime",
            "default": "",
            "required": True,
            "displayOptions": {"show": {"interval": [CUSTOM]}},
            "description": "End, inclusive: a date covers that whole day",
        },
        timezone_property(),
    ]


def columns_property(
    name: str, label: str, values: list[str], default: list[str], description: str
) -> dict[str, Any]:
    return {
        "displayName": label,
        "name": name,
        "type": "multiOptions",
        "default": default,
        "options": _choices(values),
        "description": description,
    }


def filters_property(fields: list[str]) -> dict[str, Any]:
    """Фильтры: a list of {field, operator, value}; all must match."""
    return {
        "displayName": "Фильтры",
        "name": "filters",
        "type": "fixedCollection",
        "default": {},
        "typeOptions": {"multipleValues": True},
        "placeholder": "Add Filter",
        "description": "All filters must match",
        "options": [
            {
                "name": "filter",
                "displayName": "Фильтр",
                "values": [
                    {
                        "displayName": "Поле",
                        "name": "name",
                        "type": "options",
                        "default": fields[0],
                        "options": _choices(fields),
                    },
                    {
                        "displayName": "Оператор",
                        "name": "operator",
                        "type": "options",
                        "default": "EQUALS",
                        "options": _choices(OPERATORS),
                    },
                    {
                        "displayName": "Значение",
                        "name": "value",
                        "type": "string",
                        "default": "",
                        "description": "IN_LIST, NOT_IN_LIST: comma-separated values or a JSON "
                        "array; BETWEEN: two values; HAS_LABEL: whitelist or blacklist; "
                        "IS_SET, IS_TRUE and the like take none",
                    },
                ],
            }
        ],
    }


def sort_property(fields: list[str]) -> dict[str, Any]:
    return {
        "displayName": "Сортировка",
        "name": "sort",
        "type": "fixedCollection",
        "default": {},
        "typeOptions": {"multipleValues": True},
        "placeholder": "Add Sort Rule",
        "options": [
            {
                "name": "rule",
                "displayName": "Правило",
                "values": [
                    {
                        "displayName": "Поле",
                        "name": "name",
                        "type": "options",
                        "default": fields[0],
                        "options": _choices(fields),
                    },
                    {
                        "displayName": "Порядок",
                        "name": "order",
                        "type": "options",
                        "default": "DESC",
                        "options": [
                            {"name": "По возрастанию", "value": "ASC"},
                            {"name": "По убыванию", "value": "DESC"},
                        ],
                    },
                ],
            }
        ],
    }
