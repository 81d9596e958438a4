"""The query shape shared by the click and conversion logs: `{range, columns, filters, sort}`."""

from __future__ import annotations

from typing import Any

from kflow.host import HttpClient, ItemContext
from kflow.nodes.keitaro.execution import fetch_rows
from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.operations.paging import limit_properties, options_property, read_paging
from kflow.nodes.keitaro.resources.shared import parameters
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["execute", "properties", "wire"]


def properties(columns: list[str], default: list[str]) -> list[dict[str, Any]]:
    """Columns, period, filters, sort, Return All / Limit and options of a log."""
    return [
        parameters.columns_property(
            "columns",
            "Колонки",
            columns,
            default,
            "Columns each row holds (payout is not one: use revenue)",
        ),
        *parameters.range_properties("today"),
        parameters.filters_property(columns),
        parameters.sort_property(columns),
        *limit_properties(),
        options_property(),
    ]


def wire(area: str) -> Wire:
    """`POST /{area}/log` with `{range, columns, filters, sort}`; limit and offset are set
    per page when sent."""
    return Wire(
        "POST",
        f"/{area}/log",
        idempotent=True,
        answer="rows",
        required=(
            parameters.RANGE,
            Field("columns", "Колонки", "choices"),
            parameters.FILTERS,
            parameters.SORT,
        ),
        read_first=("columns",),
        reads_only=True,
    )


async def execute(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> list[Any]:
    return await fetch_rows(ctx, http, request, **read_paging(ctx))
