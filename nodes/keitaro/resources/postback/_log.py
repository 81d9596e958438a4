"""Reading a tracker log (`GET /admin_api/v1/logs/{type}`), newest lines first."""

from __future__ import annotations

from typing import Any

from kflow.host import HttpClient, ItemContext
from kflow.nodes.keitaro.execution import fetch_pages
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["execute", "prepare", "properties"]


def properties() -> list[dict[str, Any]]:
    return [
        {
            "displayName": "Поиск",
            "name": "search",
            "type": "string",
            "default": "",
            "description": "Only lines containing this text, e.g. a subid",
        },
        *common.limit_properties(),
        common.options_property(),
    ]


def prepare(ctx: ItemContext, base: str, log_type: str) -> KeitaroRequest:
    common.read_limit(ctx)
    query = {"query": str(ctx.param("search") or "").strip() or None}
    return common.admin_request(ctx, base, "GET", ("logs", log_type), query=query, idempotent=True)


async def execute(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> list[Any]:
    """Pages with the `limit` and `offset` query parameters the endpoint requires."""
    return await fetch_pages(ctx, http, request, **common.read_paging(ctx))
