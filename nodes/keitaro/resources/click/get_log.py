"""click / getLog: `POST /admin_api/v1/clicks/log`, one row per click."""

from __future__ import annotations

from typing import Any

from kflow.host import HttpClient, ItemContext, show_for
from kflow.nodes.keitaro.catalog import CLICK_COLUMNS
from kflow.nodes.keitaro.resources import log_query

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "execute", "prepare"]

OPERATION = {
    "name": "Получить лог",
    "value": "getLog",
    "description": "Raw clicks with the chosen columns; Return All pages through every row",
    "action": "Get the click log",
}
ROUTE = {"method": "POST", "path": "/clicks/log"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {"interval": "7_days_ago", "limit": 20}
"""Parameters that run as they are against the sandbox."""
N8N = {"method": "POST", "path": "/clicks/log", "builder": "log", "answer": "rows"}
"""How the n8n package sends it."""
SCHEMA = "log_query"
_DEFAULT = ["sub_id", "campaign_id", "datetime", "cost", "revenue"]

PROPERTIES = show_for("click", "getLog", log_query.properties(CLICK_COLUMNS, _DEFAULT))


def prepare(ctx: ItemContext, base: str) -> Any:
    """Builds the log query from columns, range, filters and sort."""
    return log_query.prepare(ctx, base, "clicks")


async def execute(ctx: ItemContext, http: HttpClient, request: Any) -> list[Any]:
    return await log_query.execute(ctx, http, request)
