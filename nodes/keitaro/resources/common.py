"""Parameters shared by several operations, and the readers that turn them into request parts.

Builders return plain property dicts; each operation stamps them with `show_for`.
Readers take an ItemContext and raise NodeOperationError naming the parameter.
"""

from __future__ import annotations

from typing import Any, Literal

from kflow.host import ItemContext, NodeOperationError
from kflow.nodes.keitaro.catalog import INTERVALS, OPERATORS
from kflow.nodes.keitaro.handlers import urls
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.transport import KeitaroRequest, build_request

__all__ = [
    "FILTERS",
    "RANGE",
    "SORT",
    "TIMEZONE",
    "admin_request",
    "campaign_id_property",
    "columns_property",
    "fail",
    "filters_property",
    "limit_properties",
    "options_property",
    "range_properties",
    "read_limit",
    "read_option",
    "read_paging",
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


def fail(ctx: ItemContext, parameter: str, cause: str) -> NodeOperationError:
    """A NodeOperationError for this item, naming the parameter's display name (and its
    name, `"ID Кампаний" (campaignIds)`, when the label is one of the node's parameters)."""
    return NodeOperationError(
        ctx.node_name,
        cause,
        item_index=ctx.item_index,
        parameter=parameter,
        parameter_name=parameter_name(parameter, ctx.params),
    )


def parameter_name(label: str, params: dict[str, Any]) -> str | None:
    """The name of the parameter shown as `label`: the one these parameters hold, or the
    only one with that label; None when the label names no single parameter."""
    from kflow.nodes.keitaro.description import DESCRIPTION  # built from the operations

    names = {p.name for p in DESCRIPTION.properties if p.displayName == label}
    held = names & set(params)
    if len(held) == 1:
        return held.pop()
    return names.pop() if len(names) == 1 else None


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


def limit_properties() -> list[dict[str, Any]]:
    """n8n's Return All / Limit pair."""
    return [
        {
            "displayName": "Вернуть все",
            "name": "returnAll",
            "type": "boolean",
            "default": False,
            "description": "Whether to return all results or only up to a given limit",
        },
        {
            "displayName": "Лимит",
            "name": "limit",
            "type": "number",
            "default": 50,
            "typeOptions": {"minValue": 1},
            "displayOptions": {"show": {"returnAll": [False]}},
            "description": "Max number of results to return",
        },
    ]


def read_limit(ctx: ItemContext) -> int | None:
    """None for Return All, else the limit (at least 1)."""
    if ctx.param("returnAll"):
        return None
    limit = ctx.param("limit")
    if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 1:
        raise fail(ctx, "Лимит", f"{shown(limit)} must be a whole number of 1 or more")
    return int(limit)


def options_property(extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Options: Split Into Items, plus any operation-specific ones."""
    return {
        "displayName": "Параметры",
        "name": "options",
        "type": "collection",
        "default": {},
        "placeholder": "Add Option",
        "options": [
            {
                "displayName": "Разбить на элементы",
                "name": "splitIntoItems",
                "type": "boolean",
                "default": True,
                "description": "Whether to output one item per row (default) or one item "
                "holding all rows and their total",
            },
            *(extra or []),
        ],
    }


def read_option(ctx: ItemContext, name: str, default: Any) -> Any:
    return (ctx.param("options") or {}).get(name, default)


def read_paging(ctx: ItemContext) -> dict[str, Any]:
    """`limit` (None for Return All) and `split` (Split Into Items), as fetch_* take them."""
    return {"limit": read_limit(ctx), "split": read_option(ctx, "splitIntoItems", True)}


def admin_request(
    ctx: ItemContext,
    base: str,
    method: str,
    segments: tuple[str | int, ...],
    body: Any = None,
    query: dict[str, Any] | None = None,
    *,
    idempotent: bool,
    expect: Literal["json", "bytes"] = "json",
    reads_only: bool | None = None,
) -> KeitaroRequest:
    """An authenticated Admin API request to `/admin_api/v1/<segments>?<query>`.

    `idempotent`, which every operation states whatever its method, says whether sending
    it twice leaves the tracker as sending it once (reads, overwrites, state sets).
    `expect="bytes"` asks for a file instead of JSON (downloads). `reads_only`: the
    request changes nothing on the tracker though it is no GET (a report's POST), so a
    dry run of writes sends it; None: by the method.
    """
    path = urls.relative_path(segments)
    if text := urls.query_text(query):
        path = f"{path}?{text}"
    return build_request(
        ctx.credentials["keitaroApi"],
        method,
        base + path,
        urls.API_PREFIX + path,
        body,
        idempotent=idempotent,
        expect=expect,
        reads_only=reads_only,
    )
