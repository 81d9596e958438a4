"""The query shape shared by the click and conversion logs: `{range, columns, filters, sort}`."""

from __future__ import annotations

from typing import Any

from kflow.host import HttpClient, ItemContext
from kflow.nodes.keitaro.execution import fetch_rows
from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["execute", "properties", "wire"]


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


def wire(area: str) -> Wire:
    """`POST /{area}/log` with `{range, columns, filters, sort}`; limit and offset are set
    per page when sent."""
    return Wire(
        "POST",
        f"/{area}/log",
        answer="rows",
        required=(
            common.RANGE,
            Field("columns", "Колонки", "choices"),
            common.FILTERS,
            common.SORT,
        ),
        read_first=("columns",),
        reads_only=True,
    )


async def execute(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> list[Any]:
    return await fetch_rows(ctx, http, request, **common.read_paging(ctx))
