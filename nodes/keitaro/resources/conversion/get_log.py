"""conversion / getLog: `POST /admin_api/v1/conversions/log`, one row per conversion."""

from __future__ import annotations

from typing import Any

from kflow.host import HttpClient, ItemContext, show_for
from kflow.nodes.keitaro.catalog import CONVERSION_COLUMNS
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.resources.shared import log_query

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Получить лог",
    "value": "getLog",
    "description": "Conversions by postback date. The Admin API cannot create or delete "
    "conversions: send them with postback → send, and reject instead of deleting.",
    "action": "Get the conversion log",
}
EXAMPLE = {"interval": "7_days_ago", "limit": 20}
"""Parameters that run as they are against the sandbox."""
WIRE = log_query.wire("conversions")
"""The request as both hosts build it."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
SCHEMA = "log_query"
_DEFAULT = ["sub_id", "tid", "status", "revenue", "campaign_id", "postback_datetime"]

PROPERTIES = show_for("conversion", "getLog", log_query.properties(CONVERSION_COLUMNS, _DEFAULT))


async def execute(ctx: ItemContext, http: HttpClient, request: Any) -> list[Any]:
    return await log_query.execute(ctx, http, request)
