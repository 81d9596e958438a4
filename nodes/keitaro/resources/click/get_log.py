"""click / getLog: `POST /admin_api/v1/clicks/log`, one row per click."""

from __future__ import annotations

from typing import Any

from kflow.host import HttpClient, ItemContext, show_for
from kflow.nodes.keitaro.catalog import CLICK_COLUMNS
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.resources.shared import log_query

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Получить лог",
    "value": "getLog",
    "description": "Raw clicks with the chosen columns; Return All pages through every row",
    "action": "Get the click log",
}
EXAMPLE = {"interval": "7_days_ago", "limit": 20}
"""Parameters that run as they are against the sandbox."""
WIRE = log_query.wire("clicks")
"""The request as both hosts build it."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
SCHEMA = "log_query"
_DEFAULT = ["sub_id", "campaign_id", "datetime", "cost", "revenue"]

PROPERTIES = show_for("click", "getLog", log_query.properties(CLICK_COLUMNS, _DEFAULT))


async def execute(ctx: ItemContext, http: HttpClient, request: Any) -> list[Any]:
    return await log_query.execute(ctx, http, request)
