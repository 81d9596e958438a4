"""Cost updates (even split, overwrite) and click cleaning, as trackers apply them."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kflow.sandbox.store.db import STORAGE_FORMAT
from kflow.sandbox.store.money import to_tracker_currency
from kflow.sandbox.store.query import QueryError

__all__ = ["COST_FILTERS", "apply_cost", "clean_clicks", "period"]

COST_FILTERS = frozenset(
    ["keyword", "source", "external_id", "creative_id", "ad_campaign_id"]
    + [f"sub_id_{i}" for i in range(1, 31)]
)
"""Click fields a cost entry may filter on; values are comma-separated lists."""


def period(start: Any, end: Any, timezone: Any) -> tuple[str, str]:
    """UTC bounds of a cost or clean period given as "YYYY-MM-DD HH:MM" in `timezone`.

    The end minute is included whole.

    Raises:
        QueryError: A malformed date or an unknown time zone.
    """
    try:
        zone = ZoneInfo(str(timezone or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        raise QueryError(f"Unknown timezone: {timezone}") from None
    bounds = []
    for value, is_end in ((start, False), (end, True)):
        try:
            moment = datetime.strptime(str(value), "%Y-%m-%d %H:%M")
        except ValueError:
            raise QueryError(f"Invalid date: {value} (expected YYYY-MM-DD HH:MM)") from None
        if is_end:
            moment += timedelta(seconds=59)
        utc = moment.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))
        bounds.append(utc.strftime(STORAGE_FORMAT))
    if bounds[0] > bounds[1]:
        raise QueryError("start_date is after end_date")
    return bounds[0], bounds[1]


def apply_cost(
    conn: sqlite3.Connection,
    *,
    campaign_ids: list[int],
    start: str,
    end: str,
    cost: float,
    currency: str | None,
    only_campaign_uniques: bool,
    filters: Mapping[str, Any] | None,
) -> int:
    """Spreads `cost` evenly over the matching clicks and their conversions, overwriting.

    Bot clicks are skipped, as newer trackers do. Returns how many clicks got a cost.

    Raises:
        QueryError: An unknown filter field or currency.
    """
    try:
        total = to_tracker_currency(cost, currency)
    except ValueError as exc:
        raise QueryError(str(exc)) from None
    marks = ", ".join("?" for _ in campaign_ids)
    where = [f"campaign_id IN ({marks})", "datetime >= ?", "datetime <= ?", "is_bot = 0"]
    args: list[Any] = [*campaign_ids, start, end]
    if only_campaign_uniques:
        where.append("is_unique_campaign = 1")
    for name, value in (filters or {}).items():
        if name not in COST_FILTERS:
            raise QueryError(f"Unknown cost filter: {name}")
        values = [v.strip() for v in str(value).split(",") if v.strip()]
        if values:
            where.append(f"{name} IN ({', '.join('?' for _ in values)})")
            args.extend(values)
    condition = " AND ".join(where)
    count = conn.execute(f"SELECT COUNT(*) FROM clicks WHERE {condition}", args).fetchone()[0]
    if count == 0:
        return 0
    each = total / count
    conn.execute(f"UPDATE clicks SET cost = ? WHERE {condition}", [each, *args])
    matching = f"SELECT sub_id FROM clicks WHERE {condition}"
    conn.execute(f"UPDATE conversions SET cost = ? WHERE sub_id IN ({matching})", [each, *args])
    return int(count)


def clean_clicks(conn: sqlite3.Connection, *, start: str, end: str, campaign_id: int | None) -> int:
    """Deletes the clicks of a period (and their conversions); returns how many clicks."""
    where = "datetime >= ? AND datetime <= ?"
    args: list[Any] = [start, end]
    if campaign_id is not None:
        where += " AND campaign_id = ?"
        args.append(campaign_id)
    conn.execute(
        f"DELETE FROM conversions WHERE sub_id IN (SELECT sub_id FROM clicks WHERE {where})", args
    )
    return int(conn.execute(f"DELETE FROM clicks WHERE {where}", args).rowcount)
