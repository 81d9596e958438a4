"""A generic store for the tracker's simpler objects: streams, offers, landings, sources…

Each collection is a table whose named columns hold what other parts of the sandbox query
(names, states, campaign and offer ids) and whose `extra` column holds every other field
as JSON. A view merges defaults, columns and extra into the object the API answers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kflow.sandbox.store.db import utc_now

__all__ = ["COLLECTIONS", "Collection"]


@dataclass(frozen=True)
class Collection:
    """One table of objects.

    Attributes:
        table: The SQLite table.
        columns: Fields kept in their own columns (the rest go to `extra`).
        defaults: Fields every object shows, with the value a new one gets.
        archive: Whether DELETE archives (state `deleted`) instead of removing the row.
        stamped: Whether objects carry created_at/updated_at.
        lists: Columns holding a list as comma-separated text.
    """

    table: str
    columns: tuple[str, ...]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    archive: bool = True
    stamped: bool = True
    lists: tuple[str, ...] = ()

    def list(
        self, conn: sqlite3.Connection, *, archived: bool = False, where: str = "", args: tuple = ()
    ) -> list[dict[str, Any]]:
        """Objects in or out of the archive (`state = 'deleted'`), by id."""
        clauses = [where] if where else []
        if self.archive:
            clauses.append("state = 'deleted'" if archived else "state != 'deleted'")
        sql = f"SELECT * FROM {self.table}"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return [self._view(row) for row in conn.execute(sql + " ORDER BY id", args)]

    def get(
        self, conn: sqlite3.Connection, ident: int, *, archived: bool | None = False
    ) -> dict[str, Any] | None:
        """One object; with `archived` True or False only in or out of the archive."""
        row = conn.execute(f"SELECT * FROM {self.table} WHERE id = ?", (ident,)).fetchone()
        if row is None:
            return None
        if self.archive and archived is not None and (row["state"] == "deleted") != archived:
            return None
        return self._view(row)

    def create(self, conn: sqlite3.Connection, body: Mapping[str, Any]) -> dict[str, Any]:
        values = {**self.defaults, **dict(body)}
        if self.stamped:
            values["created_at"] = values["updated_at"] = utc_now()
        columns, extra = self._split(values)
        names = [*columns, "extra"]
        marks = ", ".join("?" for _ in names)
        cursor = conn.execute(
            f"INSERT INTO {self.table} ({', '.join(names)}) VALUES ({marks})",
            [*columns.values(), json.dumps(extra)],
        )
        created = self.get(conn, int(cursor.lastrowid or 0), archived=None)
        assert created is not None
        return created

    def update(
        self, conn: sqlite3.Connection, ident: int, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        current = self.get(conn, ident, archived=None)
        assert current is not None
        values = {**current, **dict(body)}
        values.pop("id", None)
        if self.stamped:
            values["updated_at"] = utc_now()
        columns, extra = self._split(values)
        assignments = ", ".join(f"{name} = ?" for name in [*columns, "extra"])
        conn.execute(
            f"UPDATE {self.table} SET {assignments} WHERE id = ?",
            [*columns.values(), json.dumps(extra), ident],
        )
        updated = self.get(conn, ident, archived=None)
        assert updated is not None
        return updated

    def remove(self, conn: sqlite3.Connection, ident: int) -> None:
        conn.execute(f"DELETE FROM {self.table} WHERE id = ?", (ident,))

    def clone(self, conn: sqlite3.Connection, ident: int) -> dict[str, Any]:
        """A copy named "Copy of …", as trackers make it."""
        source = self.get(conn, ident, archived=None)
        assert source is not None
        copy = {k: v for k, v in source.items() if k not in ("id", "created_at", "updated_at")}
        copy["name"] = f"Copy of {source['name']}"
        return self.create(conn, copy)

    def _split(self, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        columns = {
            k: ",".join(map(str, v)) if k in self.lists and isinstance(v, list) else v
            for k, v in values.items()
            if k in self.columns
        }
        extra = {k: v for k, v in values.items() if k not in self.columns}
        return columns, extra

    def _view(self, row: sqlite3.Row) -> dict[str, Any]:
        data = dict(row)
        extra = data.pop("extra", None)
        for name in self.lists:
            data[name] = [part for part in (data[name] or "").split(",") if part]
        return {**self.defaults, **json.loads(extra or "{}"), **data}


STREAMS = Collection(
    "streams",
    (
        "campaign_id",
        "name",
        "type",
        "schema",
        "action_type",
        "position",
        "weight",
        "state",
        "offer_id",
    ),
    {
        "type": "regular",
        "schema": "redirect",
        "action_type": "http",
        "position": 0,
        "weight": 100,
        "state": "active",
        "action_payload": "",
        "action_options": {},
        "comments": "",
        "collect_clicks": True,
        "filter_or": False,
        "filters": [],
        "triggers": [],
        "landings": [],
        "offers": [],
    },
    stamped=False,
)
OFFERS = Collection(
    "offers",
    ("name", "payout_value", "payout_currency", "state"),
    {
        "group_id": None,
        "offer_type": "external",
        "action_type": "http",
        "action_payload": "",
        "affiliate_network_id": None,
        "payout_value": 0,
        "payout_currency": "USD",
        "payout_type": "CPA",
        "state": "active",
        "payout_auto": False,
        "payout_upsell": False,
        "country": [],
        "notes": "",
        "conversion_cap_enabled": False,
        "daily_cap": 0,
        "conversion_timezone": "UTC",
        "alternative_offer_id": None,
    },
)
LANDINGS = Collection(
    "landing_pages",
    ("name", "state"),
    {
        "landing_type": "local",
        "action_type": "local_file",
        "action_payload": "",
        "url": "",
        "group_id": None,
        "offer_count": 0,
        "notes": "",
        "state": "active",
    },
)
NETWORKS = Collection(
    "affiliate_networks",
    ("name", "state"),
    {"postback_url": "", "offer_param": "", "template_name": "", "notes": "", "state": "active"},
)
SOURCES = Collection(
    "traffic_sources",
    ("name", "state", "postback_url", "postback_statuses"),
    {
        "postback_url": "",
        "postback_statuses": ["lead", "sale"],
        "template_name": "",
        "accept_parameters": True,
        "parameters": {},
        "notes": "",
        "state": "active",
        "traffic_loss": 0,
    },
    lists=("postback_statuses",),
)
DOMAINS = Collection(
    "domains",
    ("name", "state"),
    {
        "is_ssl": False,
        "default_campaign_id": None,
        "wildcard": False,
        "catch_not_found": False,
        "notes": "",
        "ssl_redirect": False,
        "allow_indexing": True,
        "network_status": "active",
        "state": "active",
    },
)
GROUPS = Collection(
    "groups", ("name", "type", "position"), {"position": 0}, archive=False, stamped=False
)
USERS = Collection(
    "users",
    ("login", "type", "state"),
    {"state": "active", "preferences": {"language": "en", "timezone": "UTC"}, "access_data": {}},
    archive=False,
)
FACEBOOK = Collection(
    "facebook_accounts",
    ("name",),
    {
        "integration": "facebook",
        "ad_account_id": "",
        "token": "",
        "proxy_enabled": False,
        "proxy": {},
    },
    archive=False,
    stamped=False,
)

COLLECTIONS: dict[str, Collection] = {
    c.table: c for c in (STREAMS, OFFERS, LANDINGS, NETWORKS, SOURCES, DOMAINS, GROUPS, USERS)
}
COLLECTIONS["facebook"] = FACEBOOK
"""API path segment -> collection (the Facebook accounts sit under /integrations)."""
