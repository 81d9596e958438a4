"""Return All / Limit and Split Into Items: the properties of a listing and their readers."""

from __future__ import annotations

from typing import Any

from kflow.host import ItemContext
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.nodes.keitaro.operations.refusals import fail

__all__ = ["limit_properties", "options_property", "read_limit", "read_option", "read_paging"]


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


def read_limit(ctx: ItemContext) -> int | None:
    """None for Return All, else the limit (at least 1)."""
    if ctx.param("returnAll"):
        return None
    limit = ctx.param("limit")
    if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 1:
        raise fail(ctx, "Лимит", f"{shown(limit)} must be a whole number of 1 or more")
    return int(limit)


def read_option(ctx: ItemContext, name: str, default: Any) -> Any:
    """One entry of the Параметры collection, or `default`."""
    return (ctx.param("options") or {}).get(name, default)


def read_paging(ctx: ItemContext) -> dict[str, Any]:
    """`limit` (None for Return All) and `split` (Split Into Items), as fetch_* take them."""
    return {"limit": read_limit(ctx), "split": read_option(ctx, "splitIntoItems", True)}
