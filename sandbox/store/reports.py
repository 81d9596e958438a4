"""`report/build`: click-date attribution, dimensions, computed measures, filters, sort, paging."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from kflow.sandbox.store.clicks import CLICK_COLUMNS, CLICK_JOINS
from kflow.sandbox.store.query import (
    Column,
    LogSource,
    QueryError,
    as_list,
    filter_clause,
    paging,
    sort_direction,
    time_range,
)

__all__ = ["DIMENSIONS", "MEASURES", "build_report"]

_NOT_DIMENSIONS = {"cost", "revenue", "profit", "is_lead", "is_sale", "is_rejected"}
DIMENSIONS: dict[str, Column] = {k: v for k, v in CLICK_COLUMNS.items() if k not in _NOT_DIMENSIONS}

_REVENUE = "COALESCE(SUM(v.sale_revenue), 0)"
_COST = "SUM(c.cost)"
_CONVERSIONS = "COALESCE(SUM(v.conversions), 0)"


def _rate(part: str, whole: str) -> str:
    return f"(CASE WHEN {whole} > 0 THEN 100.0 * {part} / {whole} ELSE 0 END)"


def _per(part: str, whole: str) -> str:
    return f"(CASE WHEN {whole} > 0 THEN 1.0 * {part} / {whole} ELSE 0 END)"


MEASURES: dict[str, Column] = {
    "clicks": Column("COUNT(*)", "int"),
    "campaign_unique_clicks": Column("SUM(c.is_unique_campaign)", "int"),
    "stream_unique_clicks": Column("SUM(c.is_unique_stream)", "int"),
    # The sandbox keeps campaign-level uniqueness only; global uniques count the same clicks.
    "global_unique_clicks": Column("SUM(c.is_unique_campaign)", "int"),
    "empty_referrers": Column("SUM(c.referrer = '')", "int"),
    "bots": Column("SUM(c.is_bot)", "int"),
    "proxies": Column("SUM(c.is_using_proxy)", "int"),
    "conversions": Column(_CONVERSIONS, "int"),
    "leads": Column("COALESCE(SUM(v.leads), 0)", "int"),
    "sales": Column("COALESCE(SUM(v.sales), 0)", "int"),
    "rejected": Column("COALESCE(SUM(v.rejected), 0)", "int"),
    "rebills": Column("COALESCE(SUM(v.rebills), 0)", "int"),
    "revenue": Column(_REVENUE, "money"),
    "sale_revenue": Column(_REVENUE, "money"),
    "lead_revenue": Column("COALESCE(SUM(v.lead_revenue), 0)", "money"),
    "rejected_revenue": Column("COALESCE(SUM(v.rejected_revenue), 0)", "money"),
    "cost": Column(_COST, "money"),
    "profit": Column(f"({_REVENUE} - {_COST})", "money"),
    "roi": Column(_rate(f"({_REVENUE} - {_COST})", _COST), "float"),
    "cr": Column(_rate(_CONVERSIONS, "COUNT(*)"), "float"),
    "crs": Column(_rate("COALESCE(SUM(v.sales), 0)", "COUNT(*)"), "float"),
    "crl": Column(_rate("COALESCE(SUM(v.leads), 0)", "COUNT(*)"), "float"),
    "approve": Column(
        _rate(
            "COALESCE(SUM(v.sales), 0)",
            "COALESCE(SUM(v.sales) + SUM(v.leads) + SUM(v.rejected), 0)",
        ),
        "float",
    ),
    "profitability": Column(_rate(f"({_REVENUE} - {_COST})", _REVENUE), "float"),
    "uc_campaign_rate": Column(_rate("SUM(c.is_unique_campaign)", "COUNT(*)"), "float"),
    "uc_stream_rate": Column(_rate("SUM(c.is_unique_stream)", "COUNT(*)"), "float"),
    "uc_global_rate": Column(_rate("SUM(c.is_unique_campaign)", "COUNT(*)"), "float"),
    "bot_share": Column(_rate("SUM(c.is_bot)", "COUNT(*)"), "float"),
    "epc": Column(_per(_REVENUE, "COUNT(*)"), "money"),
    "cpc": Column(_per(_COST, "COUNT(*)"), "money"),
    "cpa": Column(_per(_COST, _CONVERSIONS), "money"),
    "cps": Column(_per(_COST, "COALESCE(SUM(v.sales), 0)"), "money"),
}

_PER_CLICK = (
    "LEFT JOIN (SELECT sub_id, COUNT(*) AS conversions, "
    "SUM(status = 'lead') AS leads, SUM(status = 'sale') AS sales, "
    "SUM(status = 'rejected') AS rejected, SUM(status = 'rebill') AS rebills, "
    "SUM(CASE WHEN status IN ('sale', 'rebill') THEN revenue ELSE 0 END) AS sale_revenue, "
    "SUM(CASE WHEN status = 'lead' THEN revenue ELSE 0 END) AS lead_revenue, "
    "SUM(CASE WHEN status = 'rejected' THEN revenue ELSE 0 END) AS rejected_revenue "
    "FROM conversions GROUP BY sub_id) v ON v.sub_id = c.sub_id"
)

_DIMENSION_SOURCE = LogSource(f"clicks c {CLICK_JOINS} {_PER_CLICK}", "c.datetime", DIMENSIONS)
_MEASURE_SOURCE = LogSource("", "", MEASURES)


def build_report(conn: sqlite3.Connection, body: Mapping[str, Any], now: datetime) -> dict:
    """Answers `POST /report/build`.

    Accepts both wire namings: `dimensions`/`measures` (current trackers) and
    `grouping`/`metrics` (older ones). As on trackers, a name is used by what it is, even
    when sent in the other list; an unknown one fails the request with 400. Conversions
    count on the date of their click.
    """
    dims, measures = _names(body)
    zone, start, end = time_range(body.get("range"), now)
    where, having, args, having_args = [], [], [], []
    if start is not None:
        where.append("c.datetime >= ?")
        args.append(start)
    if end is not None:
        where.append("c.datetime <= ?")
        args.append(end)
    for spec in as_list(body.get("filters"), "filters"):
        name = spec.get("name") if isinstance(spec, Mapping) else None
        if name in MEASURES:
            clause, values = filter_clause(_MEASURE_SOURCE, spec, zone)
            having.append(clause)
            having_args.extend(values)
        else:
            clause, values = filter_clause(_DIMENSION_SOURCE, spec, zone)
            where.append(clause)
            args.extend(values)
    selected = [(n, DIMENSIONS[n]) for n in dims] + [(n, MEASURES[n]) for n in measures]
    select = ", ".join(f'{c.sql.format(tz=_q(zone))} AS "{n}"' for n, c in selected) or "1"
    sql = f"SELECT {select} FROM {_DIMENSION_SOURCE.from_sql}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    if dims:
        sql += " GROUP BY " + ", ".join(DIMENSIONS[n].sql.format(tz=_q(zone)) for n in dims)
    if having:
        sql += " HAVING " + " AND ".join(having)
    total = conn.execute(f"SELECT COUNT(*) FROM ({sql})", [*args, *having_args]).fetchone()[0]
    sql += _order(body.get("sort"), dims, measures)
    limit, offset = paging(body, default_limit=-1)
    rows = conn.execute(f"{sql} LIMIT ? OFFSET ?", [*args, *having_args, limit, offset]).fetchall()
    return {
        "rows": [{n: _render(c, row[n]) for n, c in selected} for row in rows],
        "total": total,
    }


def _names(body: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    dims_in = body.get("dimensions") if "dimensions" in body else body.get("grouping")
    measures_in = body.get("measures") if "measures" in body else body.get("metrics")
    dims: list[str] = []
    measures: list[str] = []
    for listed, kind in ((dims_in, "dimension"), (measures_in, "measure")):
        for name in as_list(listed, kind + "s"):
            name = str(name)
            if name in DIMENSIONS and name not in dims:
                dims.append(name)
            elif name in MEASURES and name not in measures:
                measures.append(name)
            elif name not in DIMENSIONS and name not in MEASURES:
                raise QueryError(f"Unknown {kind}: {name}")
    for name in as_list(body.get("columns"), "columns"):
        if name not in DIMENSIONS and name not in MEASURES:
            raise QueryError(f"Unknown column: {name}")
    if not measures and not dims:
        raise QueryError("Report needs at least one dimension or measure")
    return dims, measures


def _order(sort: Any, dims: list[str], measures: list[str]) -> str:
    parts = []
    for spec in as_list(sort, "sort"):
        if not isinstance(spec, Mapping) or "name" not in spec:
            raise QueryError("Each sort entry needs a name")
        name = str(spec["name"])
        if name not in dims and name not in measures:
            raise QueryError(f"Sort by {name}: it must be one of the report's columns")
        parts.append(f'"{name}" {sort_direction(spec)}')
    parts += [f'"{n}" ASC' for n in dims]
    return " ORDER BY " + ", ".join(parts) if parts else ""


def _render(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "money":
        return f"{float(value):.4f}"
    if column.kind == "float":
        return round(float(value), 2)
    if column.kind == "bool":
        return int(bool(value))
    return value


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
