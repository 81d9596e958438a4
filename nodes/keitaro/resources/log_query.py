"""The query shape shared by the click and conversion logs: `{range, columns, filters, sort}`."""

from __future__ import annotations

from typing import Any

from kflow.host import HttpClient, ItemContext
from kflow.nodes.keitaro.execution import fetch_rows
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["execute", "prepare", "properties"]


def properties(columns: list[str], default: list[str]) -> list[dict[str, Any]]:
    """Columns, period, filters, sort, Return All / Limit and options of a log."""
    return [
        common.columns_property(
            "columns",
            "Колонки",
            columns,
            default,
            "Columns each row holds (payout is not one: use revenue)",
        ),
        *common.range_properties("today"),
        common.filters_property(columns),
        common.sort_property(columns),
        *common.limit_properties(),
        common.options_property(),
    ]


def prepare(ctx: ItemContext, base: str, area: str) -> KeitaroRequest:
    """The `POST /{area}/log` request; limit and offset are set per page when sent."""
    columns = ctx.param("columns") or []
    if not columns:
        raise common.fail(ctx, "Колонки", "choose at least one column")
    common.read_limit(ctx)
    body = {
        "range": common.read_range(ctx),
        "columns": columns,
        "filters": common.read_filters(ctx),
        "sort": common.read_sort(ctx),
    }
    return common.admin_request(
        ctx, base, "POST", (area, "log"), body, idempotent=True, reads_only=True
    )


async def execute(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> list[Any]:
    return await fetch_rows(ctx, http, request, **common.read_paging(ctx))
