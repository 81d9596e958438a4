"""The log query engine shared by click and conversion logs: columns, range, filters, sort, paging.

Behaves as trackers do: an unknown column, filter field, operator or interval fails the
whole request with 400; filters are ANDed; `total` counts every matching row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kflow.sandbox.store.db import STORAGE_FORMAT

__all__ = [
    "LABEL_REFS",
    "Column",
    "LogSource",
    "QueryError",
    "as_list",
    "filter_clause",
    "paging",
    "run_log_query",
    "sort_direction",
    "time_range",
]

Kind = Literal["int", "float", "money", "str", "bool", "datetime"]


class QueryError(Exception):
    """A request the tracker refuses with 400 and `{"error": message}`."""


@dataclass(frozen=True)
class Column:
    """A queryable column: its SQL expression (may use `{tz}`) and its value kind."""

    sql: str
    kind: Kind = "str"


@dataclass(frozen=True)
class LogSource:
    """What a log reads: the FROM clause, its time column, and its columns by name."""

    from_sql: str
    time_sql: str
    columns: Mapping[str, Column]


DEFAULT_LIMIT = 100
LABEL_REFS = frozenset(
    ["ip", "source", "ad_campaign_id", "creative_id", "keyword"]
    + [f"sub_id_{i}" for i in range(1, 11)]
)
"""Click fields that can carry white/black-list labels (the `ref_name` of report/labels)."""
_INTERVALS = {
    "today",
    "yesterday",
    "7_days_ago",
    "30_days_ago",
    "first_day_of_this_week",
    "1_month_ago",
    "6_months_ago",
    "first_day_of_this_month",
    "1_year_ago",
    "first_day_of_this_year",
    "all_time",
    "custom_time_range",
}
_NO_ARG = {"IS_SET", "IS_NOT_SET", "IS_TRUE", "IS_FALSE"}
_COMPARE = {
    "EQUALS": "=",
    "NOT_EQUAL": "!=",
    "EQUALS_OR_GREATER_THAN": ">=",
    "EQUALS_OR_LESS_THAN": "<=",
    "GREATER_THAN": ">",
    "LESS_THAN": "<",
}
_LIKE = {
    "BEGINS_WITH": ("{}%", False),
    "ENDS_WITH": ("%{}", False),
    "CONTAINS": ("%{}%", False),
    "NOT_CONTAIN": ("%{}%", True),
}


def run_log_query(
    conn: sqlite3.Connection, source: LogSource, body: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """Answers a log request `{range, columns, filters, sort, limit, offset}`.

    Raises:
        QueryError: Anything a tracker answers 400 to.
    """
    zone_name, start, end = time_range(body.get("range"), now)
    columns = _names(body.get("columns"), "columns") or ["datetime"]
    for name in columns:
        _column(source, name)
    where, args = [], []
    if start is not None:
        where.append(f"{source.time_sql} >= ?")
        args.append(start)
    if end is not None:
        where.append(f"{source.time_sql} <= ?")
        args.append(end)
    for spec in as_list(body.get("filters"), "filters"):
        clause, values = filter_clause(source, spec, zone_name)
        where.append(clause)
        args.extend(values)
    where_sql = " WHERE " + " AND ".join(where) if where else ""
    order = _order(source, body.get("sort"), zone_name)
    limit, offset = paging(body)
    select = ", ".join(
        f"{_column(source, n).sql.format(tz=_quote(zone_name))} AS {_quote_ident(n)}"
        for n in columns
    )
    total = conn.execute(f"SELECT COUNT(*) FROM {source.from_sql}{where_sql}", args).fetchone()[0]
    rows = conn.execute(
        f"SELECT {select} FROM {source.from_sql}{where_sql}{order} LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    return {
        "rows": [{n: _value(_column(source, n), row[n]) for n in columns} for row in rows],
        "total": total,
    }


def time_range(spec: Any, now: datetime) -> tuple[str, str | None, str | None]:
    """(time zone name, UTC start, UTC end) of a `range` object; None bounds are open.

    `now` is an aware datetime. Dates are read in the range's time zone (UTC by default);
    a `to` date without a time covers that whole day.
    """
    if spec is None:
        return "UTC", None, None
    if not isinstance(spec, Mapping):
        raise QueryError("range must be an object")
    zone_name = spec.get("timezone") or "UTC"
    try:
        zone = ZoneInfo(str(zone_name))
    except (ZoneInfoNotFoundError, ValueError):
        raise QueryError(f"Unknown timezone: {zone_name}") from None
    local_now = now.astimezone(zone)
    midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    interval = spec.get("interval")
    if spec.get("from") or spec.get("to"):
        if interval not in (None, "", "custom_time_range"):
            raise QueryError("range takes either interval or from/to, not both")
        start = _parse_time(spec.get("from"), zone, end=False) if spec.get("from") else None
        end = _parse_time(spec.get("to"), zone, end=True) if spec.get("to") else None
    elif interval in (None, "", "all_time"):
        return str(zone_name), None, None
    elif interval not in _INTERVALS or interval == "custom_time_range":
        raise QueryError(f"Unknown interval: {interval}")
    else:
        start, end = _interval(interval, midnight, local_now)
    return str(zone_name), _to_utc(start), _to_utc(end)


def _interval(name: str, midnight: datetime, now: datetime) -> tuple[datetime, datetime]:
    end_of_today = midnight + timedelta(days=1, seconds=-1)
    starts = {
        "today": midnight,
        "7_days_ago": midnight - timedelta(days=7),
        "30_days_ago": midnight - timedelta(days=30),
        "first_day_of_this_week": midnight - timedelta(days=midnight.weekday()),
        "1_month_ago": _months_back(midnight, 1),
        "6_months_ago": _months_back(midnight, 6),
        "first_day_of_this_month": midnight.replace(day=1),
        "1_year_ago": _months_back(midnight, 12),
        "first_day_of_this_year": midnight.replace(month=1, day=1),
    }
    if name == "yesterday":
        return midnight - timedelta(days=1), midnight - timedelta(seconds=1)
    return starts[name], end_of_today


def _months_back(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month + 1, day=day)


def _parse_time(text: Any, zone: ZoneInfo, *, end: bool) -> datetime:
    value = str(text).strip().replace("T", " ")
    for fmt, whole_day in (
        ("%Y-%m-%d %H:%M:%S", False),
        ("%Y-%m-%d %H:%M", False),
        ("%Y-%m-%d", True),
    ):
        try:
            moment = datetime.strptime(value, fmt)
        except ValueError:
            continue
        if whole_day and end:
            moment += timedelta(days=1, seconds=-1)
        elif end and fmt == "%Y-%m-%d %H:%M":
            moment += timedelta(seconds=59)
        return moment.replace(tzinfo=zone)
    raise QueryError(f"Invalid date: {text}")


def _to_utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo("UTC")).strftime(STORAGE_FORMAT)


def _column(source: LogSource, name: str) -> Column:
    column = source.columns.get(name)
    if column is None:
        raise QueryError(f"Unknown column: {name}")
    return column


def filter_clause(source: LogSource, spec: Any, zone: str) -> tuple[str, list[Any]]:
    """The SQL condition and its arguments for one `{name, operator, expression}` filter.

    Raises:
        QueryError: An unknown field or operator, or an expression of the wrong shape.
    """
    if not isinstance(spec, Mapping) or "name" not in spec or "operator" not in spec:
        raise QueryError("Each filter needs name and operator")
    column = _column(source, str(spec["name"]))
    sql = column.sql.format(tz=_quote(zone))
    operator = str(spec["operator"]).upper()
    expression = spec.get("expression")
    if operator in _NO_ARG:
        return {
            "IS_SET": f"({sql} IS NOT NULL AND {sql} != '')",
            "IS_NOT_SET": f"({sql} IS NULL OR {sql} = '')",
            "IS_TRUE": f"COALESCE({sql}, 0) != 0",
            "IS_FALSE": f"COALESCE({sql}, 0) = 0",
        }[operator], []
    if operator in _COMPARE:
        return f"{sql} {_COMPARE[operator]} ?", [_typed(column, _scalar(expression, operator))]
    if operator in _LIKE:
        pattern, negate = _LIKE[operator]
        escaped = str(_scalar(expression, operator)).replace("\\", "\\\\")
        escaped = escaped.replace("%", "\\%").replace("_", "\\_")
        clause = f"{sql} LIKE ? ESCAPE '\\'"
        return (f"NOT ({clause})" if negate else clause), [pattern.format(escaped)]
    if operator in ("MATCH_REGEXP", "NOT_MATCH_REGEXP"):
        negate = "= 0" if operator.startswith("NOT") else "= 1"
        return f"regexp_match({sql}, ?) {negate}", [str(_scalar(expression, operator))]
    if operator in ("IN_LIST", "NOT_IN_LIST"):
        values = _array(expression, operator)
        if not values:
            return ("0" if operator == "IN_LIST" else "1"), []
        marks = ", ".join("?" for _ in values)
        keyword = "IN" if operator == "IN_LIST" else "NOT IN"
        return f"{sql} {keyword} ({marks})", [_typed(column, v) for v in values]
    if operator in ("HAS_LABEL", "NOT_HAS_LABEL"):
        name = str(spec["name"])
        if name not in LABEL_REFS:
            raise QueryError(f"Labels are not kept for {name}")
        label = str(_scalar(expression, operator)).lower()
        if label not in ("whitelist", "blacklist"):
            raise QueryError(f"{operator} takes whitelist or blacklist")
        exists = (
            "EXISTS (SELECT 1 FROM labels l WHERE l.campaign_id = c.campaign_id "
            f"AND l.ref_name = ? AND l.value = {sql} AND l.label = ?)"
        )
        return (exists if operator == "HAS_LABEL" else f"NOT {exists}"), [name, label]
    if operator == "BETWEEN":
        values = _array(expression, operator)
        if len(values) != 2:
            raise QueryError("BETWEEN takes an expression of two values")
        return f"{sql} BETWEEN ? AND ?", [_typed(column, v) for v in values]
    raise QueryError(f"Unknown operator: {spec['operator']}")


def _scalar(expression: Any, operator: str) -> Any:
    if expression is None or isinstance(expression, list | dict):
        raise QueryError(f"{operator} takes a single value as expression")
    return expression


def _array(expression: Any, operator: str) -> list[Any]:
    if isinstance(expression, str):
        try:
            expression = json.loads(expression)
        except json.JSONDecodeError:
            expression = [part.strip() for part in expression.split(",")]
    if not isinstance(expression, list):
        raise QueryError(f"{operator} takes a list as expression")
    return expression


def _typed(column: Column, value: Any) -> Any:
    # Trackers accept numbers sent as strings ("10") for numeric columns.
    if column.kind in ("int", "float", "money", "bool"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise QueryError(f"Invalid value for a numeric column: {value}") from None
        exact = column.kind in ("int", "bool") and number.is_integer()
        return int(number) if exact else number
    return "" if value is None else str(value)


def _order(source: LogSource, sort: Any, zone: str) -> str:
    parts = []
    for spec in as_list(sort, "sort"):
        if not isinstance(spec, Mapping) or "name" not in spec:
            raise QueryError("Each sort entry needs a name")
        column = _column(source, str(spec["name"]))
        parts.append(f"{column.sql.format(tz=_quote(zone))} {sort_direction(spec)}")
    parts.append(f"{source.time_sql} ASC")
    return " ORDER BY " + ", ".join(parts)


def paging(body: Mapping[str, Any], default_limit: int = DEFAULT_LIMIT) -> tuple[int, int]:
    """`limit` and `offset` of a request body, checked; `default_limit` -1 means all rows."""
    try:
        limit = int(body.get("limit", default_limit))
        offset = int(body.get("offset", 0))
    except (TypeError, ValueError):
        raise QueryError("limit and offset must be integers") from None
    if offset < 0 or ("limit" in body and limit < 0):
        raise QueryError("limit and offset must not be negative")
    return limit, offset


def _names(value: Any, field: str) -> list[str]:
    return [str(v) for v in as_list(value, field)]


def as_list(value: Any, field: str) -> list[Any]:
    """A request field that must be a list (missing means empty)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise QueryError(f"{field} must be a list")
    return value


def _value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "bool":
        return int(bool(value))
    if column.kind == "float":
        return round(float(value), 4)
    if column.kind == "money":
        # Trackers send money as strings with four decimals ("0.1200"), not numbers.
        return f"{float(value):.4f}"
    return value


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sort_direction(spec: Mapping[str, Any]) -> str:
    """ASC or DESC from a sort entry (case-insensitive, ASC by default)."""
    direction = str(spec.get("order") or "ASC").upper()
    if direction not in ("ASC", "DESC"):
        raise QueryError(f"Invalid sort order: {spec.get('order')}")
    return direction
