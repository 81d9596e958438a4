"""statistics / buildReport: `POST /admin_api/v1/report/build`, aggregated by dimensions."""

from __future__ import annotations

from typing import Any

from kflow.host import HttpClient, ItemContext, show_for
from kflow.nodes.keitaro.catalog import DIMENSIONS, MEASURES
from kflow.nodes.keitaro.execution import fetch_rows
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.operations.paging import limit_properties, options_property, read_paging
from kflow.nodes.keitaro.resources.shared import parameters
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Построить отчёт",
    "value": "buildReport",
    "description": "Measures grouped by dimensions; conversions count on their click's date",
    "action": "Build a report",
}
EXAMPLE = {"interval": "7_days_ago"}
"""Parameters that run as they are against the sandbox."""
_DIMENSIONS = Field("dimensions", "Группировки", "raw")
_MEASURES = Field("measures", "Метрики", "raw")
WIRE = Wire(
    "POST",
    "/report/build",
    idempotent=True,
    answer="rows",
    required=(
        parameters.RANGE,
        Field(
            "dimensions",
            "Группировки",
            "dimensions",
            uses=(_MEASURES,),
            renamed=("wireNames", "legacy", "grouping"),
        ),
        Field("measures", "Метрики", "measures", renamed=("wireNames", "legacy", "metrics")),
        parameters.FILTERS,
        Field("sort", "Сортировка", "report_sort", uses=(_DIMENSIONS, _MEASURES)),
    ),
    read_first=("dimensions", "sort"),
    reads_only=True,
)
"""The request as both hosts build it: dimensions / measures named as the tracker wants
them (grouping / metrics for older trackers), sorted only by what the report holds."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
SCHEMA = "report_build"

PROPERTIES = show_for(
    "statistics",
    "buildReport",
    [
        *parameters.range_properties("7_days_ago"),
        parameters.columns_property(
            "dimensions",
            "Группировки",
            DIMENSIONS,
            ["campaign_id", "campaign"],
            "What rows are grouped by",
        ),
        parameters.columns_property(
            "measures",
            "Метрики",
            MEASURES,
            ["clicks", "conversions", "revenue", "cost", "profit", "roi"],
            "What each row counts",
        ),
        parameters.filters_property(DIMENSIONS + MEASURES),
        parameters.sort_property(MEASURES + DIMENSIONS),
        *limit_properties(),
        options_property(
            [
                {
                    "displayName": "Имена полей в запросе",
                    "name": "wireNames",
                    "type": "options",
                    "default": "current",
                    "options": [
                        {"name": "dimensions / measures (current trackers)", "value": "current"},
                        {"name": "grouping / metrics (older trackers)", "value": "legacy"},
                    ],
                }
            ]
        ),
    ],
)


async def execute(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> list[Any]:
    return await fetch_rows(ctx, http, request, **read_paging(ctx))
