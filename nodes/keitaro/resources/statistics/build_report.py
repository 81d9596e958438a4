"""statistics / buildReport: `POST /admin_api/v1/report/build`, aggregated by dimensions."""

from __future__ import annotations

from typing import Any

from kflow.host import HttpClient, ItemContext, show_for
from kflow.nodes.keitaro.catalog import DIMENSIONS, MEASURES
from kflow.nodes.keitaro.execution import fetch_rows
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "execute", "prepare"]

OPERATION = {
    "name": "Построить отчёт",
    "value": "buildReport",
    "description": "Measures grouped by dimensions; conversions count on their click's date",
    "action": "Build a report",
}
ROUTE = {"method": "POST", "path": "/report/build"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {"interval": "7_days_ago"}
"""Parameters that run as they are against the sandbox."""
N8N = {"method": "POST", "path": "/report/build", "builder": "report", "answer": "rows"}
"""How the n8n package sends it."""
SCHEMA = "report_build"
WIRE_NAMES = {"current": ("dimensions", "measures"), "legacy": ("grouping", "metrics")}

PROPERTIES = show_for(
    "statistics",
    "buildReport",
    [
        *common.range_properties("7_days_ago"),
        common.columns_property(
            "dimensions",
            "Группировки",
            DIMENSIONS,
            ["campaign_id", "campaign"],
            "What rows are grouped by",
        ),
        common.columns_property(
            "measures",
            "Метрики",
            MEASURES,
            ["clicks", "conversions", "revenue", "cost", "profit", "roi"],
            "What each row counts",
        ),
        common.filters_property(DIMENSIONS + MEASURES),
        common.sort_property(MEASURES + DIMENSIONS),
        *common.limit_properties(),
        common.options_property(
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


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    dimensions = list(ctx.param("dimensions") or [])
    measures = list(ctx.param("measures") or [])
    if not dimensions and not measures:
        raise common.fail(ctx, "Метрики", "choose at least one dimension or measure")
    sort = common.read_sort(ctx)
    for rule in sort:
        if rule["name"] not in dimensions + measures:
            raise common.fail(
                ctx,
                "Сортировка",
                f"{shown(rule['name'])} is not one of the report's dimensions or measures",
            )
    common.read_limit(ctx)
    group_key, measure_key = WIRE_NAMES[common.read_option(ctx, "wireNames", "current")]
    body: dict[str, Any] = {
        "range": common.read_range(ctx),
        group_key: dimensions,
        measure_key: measures,
        "filters": common.read_filters(ctx),
        "sort": sort,
    }
    return common.admin_request(
        ctx, base, "POST", ("report", "build"), body, idempotent=True, reads_only=True
    )


async def execute(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> list[Any]:
    return await fetch_rows(ctx, http, request, **common.read_paging(ctx))
