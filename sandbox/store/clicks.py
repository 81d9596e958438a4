"""Clicks: the click-log columns, lookup by subid, and updates."""

from __future__ import annotations

import sqlite3
from typing import Any

from kflow.sandbox.store.query import Column, LogSource

__all__ = [
    "CLICK_COLUMNS",
    "CLICK_JOINS",
    "CLICK_LOG",
    "EDITABLE",
    "click_view",
    "get_click",
    "update_click",
]

SUB_IDS = [f"sub_id_{i}" for i in range(1, 31)]
EXTRA_PARAMS = [f"extra_param_{i}" for i in range(1, 11)]
TEXT_FIELDS = ["keyword", "source", "external_id", "creative_id", "ad_campaign_id"]

EDITABLE: frozenset[str] = frozenset(["cost", *TEXT_FIELDS, *SUB_IDS, *EXTRA_PARAMS])
"""Fields `PUT /clicks/{subid}` may change."""

_LOCAL = "to_zone(c.datetime, {tz})"
_SALE_REVENUE = (
    "(SELECT COALESCE(SUM(v.revenue), 0) FROM conversions v "
    "WHERE v.sub_id = c.sub_id AND v.status IN ('sale', 'rebill'))"
)


COUNTRY_NAMES = {
    "ES": "Spain",
    "MX": "Mexico",
    "US": "United States",
    "DE": "Germany",
    "BR": "Brazil",
}
_COUNTRY_NAME = (
    "CASE c.country_code "
    + " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in COUNTRY_NAMES.items())
    + " ELSE c.country_code END"
)


def _has(status: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM conversions v WHERE v.sub_id = c.sub_id AND v.status = '{status}')"
    )


CLICK_COLUMNS: dict[str, Column] = {
    "click_id": Column("c.id", "int"),
    "sub_id": Column("c.sub_id"),
    "visitor_code": Column("c.visitor_code"),
    "campaign_id": Column("c.campaign_id", "int"),
    "campaign": Column("cp.name"),
    "campaign_group_id": Column("cp.group_id", "int"),
    "stream_id": Column("c.stream_id", "int"),
    "stream": Column("s.name"),
    "offer_id": Column("c.offer_id", "int"),
    "offer": Column("o.name"),
    "ts_id": Column("c.ts_id", "int"),
    "ts": Column("ts.name"),
    "datetime": Column(_LOCAL, "datetime"),
    "year": Column(f"CAST(strftime('%Y', {_LOCAL}) AS INTEGER)", "int"),
    "month": Column(f"strftime('%Y-%m', {_LOCAL})"),
    "week": Column(f"strftime('%Y-%W', {_LOCAL})"),
    "weekday": Column(f"CAST(strftime('%w', {_LOCAL}) AS INTEGER)", "int"),
    "day": Column(f"date({_LOCAL})"),
    "hour": Column(f"CAST(strftime('%H', {_LOCAL}) AS INTEGER)", "int"),
    "day_hour": Column(f"strftime('%Y-%m-%d %H:00', {_LOCAL})"),
    "ip": Column("c.ip"),
    "country_code": Column("c.country_code"),
    "country": Column(_COUNTRY_NAME),
    "city": Column("c.city"),
    "region": Column("c.region"),
    "language": Column("c.language"),
    "device_model": Column("c.device_model"),
    "os_version": Column("c.os_version"),
    "browser_version": Column("c.browser_version"),
    "connection_type": Column("c.connection_type"),
    "operator": Column("c.operator"),
    "isp": Column("c.isp"),
    "search_engine": Column("c.search_engine"),
    # The sandbox has no landing pages: every click went straight to an offer.
    "landing_id": Column("NULL", "int"),
    "landing": Column("NULL"),
    "device_type": Column("c.device_type"),
    "os": Column("c.os"),
    "browser": Column("c.browser"),
    "user_agent": Column("c.user_agent"),
    "referrer": Column("c.referrer"),
    "source": Column("c.source"),
    "keyword": Column("c.keyword"),
    "external_id": Column("c.external_id"),
    "creative_id": Column("c.creative_id"),
    "ad_campaign_id": Column("c.ad_campaign_id"),
    "cost": Column("c.cost", "money"),
    "revenue": Column(_SALE_REVENUE, "money"),
    "profit": Column(f"({_SALE_REVENUE} - c.cost)", "money"),
    "is_unique_campaign": Column("c.is_unique_campaign", "bool"),
    "is_unique_stream": Column("c.is_unique_stream", "bool"),
    "is_bot": Column("c.is_bot", "bool"),
    "is_using_proxy": Column("c.is_using_proxy", "bool"),
    "is_lead": Column(_has("lead"), "bool"),
    "is_sale": Column(_has("sale"), "bool"),
    "is_rejected": Column(_has("rejected"), "bool"),
    **{name: Column(f"c.{name}") for name in SUB_IDS + EXTRA_PARAMS},
}

CLICK_JOINS = (
    "LEFT JOIN campaigns cp ON cp.id = c.campaign_id "
    "LEFT JOIN streams s ON s.id = c.stream_id LEFT JOIN offers o ON o.id = c.offer_id "
    "LEFT JOIN traffic_sources ts ON ts.id = c.ts_id"
)
"""Joins that give click columns their names (campaign, stream, offer, ts)."""

CLICK_LOG = LogSource(
    from_sql=f"clicks c {CLICK_JOINS}",
    time_sql="c.datetime",
    columns=CLICK_COLUMNS,
)

_VIEW = [
    "sub_id",
    "campaign_id",
    "stream_id",
    "offer_id",
    "ts_id",
    "datetime",
    "ip",
    "country_code",
    "device_type",
    "os",
    "browser",
    "cost",
    *TEXT_FIELDS,
]


def get_click(conn: sqlite3.Connection, sub_id: str) -> sqlite3.Row | None:
    """The stored click with this subid, or None."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM clicks WHERE sub_id = ?", (sub_id,)
    ).fetchone()
    return row


def update_click(conn: sqlite3.Connection, sub_id: str, changes: dict[str, Any]) -> None:
    """Writes already-validated `changes` (keys from EDITABLE) to the click."""
    assignments = ", ".join(f"{name} = ?" for name in changes)
    conn.execute(f"UPDATE clicks SET {assignments} WHERE sub_id = ?", [*changes.values(), sub_id])


def click_view(row: sqlite3.Row) -> dict[str, Any]:
    """A click as the API shows it: main fields always, sub IDs and extra params when set."""
    view = {name: row[name] for name in _VIEW}
    view["cost"] = round(float(row["cost"]), 4)
    for name in SUB_IDS + EXTRA_PARAMS:
        if row[name]:
            view[name] = row[name]
    return view
