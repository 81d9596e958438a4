"""Campaigns and their streams: validation, create, update, archive, restore, clone, state."""

from __future__ import annotations

import json
import random
import sqlite3
import string
from typing import Any

from kflow.sandbox.store.db import utc_now

__all__ = [
    "CampaignInvalid",
    "archive",
    "clone",
    "create",
    "get",
    "list_campaigns",
    "restore",
    "set_state",
    "streams",
    "update",
]

TYPES = ("position", "weight")
COST_TYPES = ("CPC", "CPUC", "CPM")
_WRITABLE = {
    "alias",
    "name",
    "type",
    "cookies_ttl",
    "position",
    "state",
    "cost_type",
    "cost_value",
    "cost_currency",
    "cost_auto",
    "group_id",
    "bind_visitors",
    "traffic_source_id",
    "parameters",
    "notes",
    "domain_id",
}


class CampaignInvalid(Exception):
    """Validation failed: answered 406 with `errors` ({field: [messages]})."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def list_campaigns(conn: sqlite3.Connection, *, archived: bool = False) -> list[dict[str, Any]]:
    """Campaigns in the archive (`archived`) or out of it, by position then id."""
    where = "state = 'deleted'" if archived else "state != 'deleted'"
    rows = conn.execute(f"SELECT * FROM campaigns WHERE {where} ORDER BY position, id")
    return [_view(conn, row) for row in rows]


def get(conn: sqlite3.Connection, campaign_id: int, *, archived: bool = False) -> dict | None:
    """One campaign; archived ones only when `archived` (a tracker answers them 404)."""
    row = conn.execute("SELECT * FROM campaigns WHERE id = ?", (campaign_id,)).fetchone()
    if row is None or (row["state"] == "deleted") != archived:
        return None
    return _view(conn, row)


def create(conn: sqlite3.Connection, body: dict[str, Any]) -> dict[str, Any]:
    """Creates a campaign; an empty alias is generated, as trackers do."""
    values = _checked(conn, body, creating=True)
    if not values.get("alias"):
        values["alias"] = _free_alias(conn)
    values.setdefault("token", _token())
    values.setdefault("position", _next_position(conn))
    now = utc_now()
    values.update(created_at=now, updated_at=now)
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(
        f"INSERT INTO campaigns ({names}) VALUES ({marks})", list(values.values())
    )
    campaign = get(conn, int(cursor.lastrowid or 0))
    assert campaign is not None
    return campaign


def update(conn: sqlite3.Connection, campaign_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Partial update of a live campaign."""
    values = _checked(conn, body, creating=False, own_id=campaign_id)
    if values:
        values["updated_at"] = utc_now()
        assignments = ", ".join(f"{name} = ?" for name in values)
        conn.execute(
            f"UPDATE campaigns SET {assignments} WHERE id = ?", [*values.values(), campaign_id]
        )
    campaign = get(conn, campaign_id)
    assert campaign is not None
    return campaign


def set_state(conn: sqlite3.Connection, campaign_id: int, state: str) -> dict[str, Any]:
    """Sets `state` (active, disabled, deleted) and answers the campaign as it now is."""
    conn.execute(
        "UPDATE campaigns SET state = ?, updated_at = ? WHERE id = ?",
        (state, utc_now(), campaign_id),
    )
    campaign = get(conn, campaign_id, archived=state == "deleted")
    assert campaign is not None
    return campaign


def archive(conn: sqlite3.Connection, campaign_id: int) -> dict[str, Any]:
    return set_state(conn, campaign_id, "deleted")


def restore(conn: sqlite3.Connection, campaign_id: int) -> dict[str, Any]:
    return set_state(conn, campaign_id, "active")


def clone(conn: sqlite3.Connection, campaign_id: int) -> dict[str, Any]:
    """A copy named "Copy of …" with a fresh alias and token, streams included."""
    row = conn.execute("SELECT * FROM campaigns WHERE id = ?", (campaign_id,)).fetchone()
    values = dict(row)
    del values["id"]
    now = utc_now()
    values.update(
        name=f"Copy of {row['name']}",
        alias=_free_alias(conn),
        token=_token(),
        position=_next_position(conn),
        created_at=now,
        updated_at=now,
    )
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    new_id = conn.execute(
        f"INSERT INTO campaigns ({names}) VALUES ({marks})", list(values.values())
    ).lastrowid
    conn.execute(
        "INSERT INTO streams (campaign_id, name, type, schema, action_type, position, weight, "
        "state, offer_id) SELECT ?, name, type, schema, action_type, position, weight, state, "
        "offer_id FROM streams WHERE campaign_id = ? AND state != 'deleted'",
        (new_id, campaign_id),
    )
    campaign = get(conn, int(new_id or 0))
    assert campaign is not None
    return campaign


def streams(conn: sqlite3.Connection, campaign_id: int) -> list[dict[str, Any]]:
    """The campaign's streams (flows), as Keitaro shows them."""
    rows = conn.execute(
        "SELECT s.*, o.id AS o_id FROM streams s LEFT JOIN offers o ON o.id = s.offer_id "
        "WHERE s.campaign_id = ? AND s.state != 'deleted' ORDER BY s.position, s.id",
        (campaign_id,),
    )
    return [
        {
            "id": row["id"],
            "type": row["type"],
            "name": row["name"],
            "campaign_id": row["campaign_id"],
            "position": row["position"],
            "weight": row["weight"],
            "state": row["state"],
            "action_type": row["action_type"],
            "schema": row["schema"],
            "collect_clicks": True,
            "filter_or": False,
            "filters": [],
            "triggers": [],
            "landings": [],
            "offers": (
                [{"stream_id": row["id"], "offer_id": row["o_id"], "state": "active", "share": 100}]
                if row["o_id"]
                else []
            ),
        }
        for row in rows
    ]


def _view(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "alias": row["alias"],
        "type": row["type"],
        "name": row["name"],
        "cookies_ttl": row["cookies_ttl"],
        "position": row["position"],
        "state": row["state"],
        "cost_type": row["cost_type"],
        "cost_value": row["cost_value"],
        "cost_currency": row["cost_currency"],
        "cost_auto": bool(row["cost_auto"]),
        "group_id": row["group_id"],
        "bind_visitors": row["bind_visitors"],
        "traffic_source_id": row["traffic_source_id"],
        "token": row["token"],
        # Trackers send `parameters` as a JSON string rather than an object.
        "parameters": row["parameters"],
        "postbacks": [],
        "notes": row["notes"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _checked(
    conn: sqlite3.Connection, body: dict[str, Any], *, creating: bool, own_id: int | None = None
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    fields = {k: v for k, v in body.items() if k in _WRITABLE and k != "domain_id"}
    if creating or "name" in fields:
        name = fields.get("name")
        if not isinstance(name, str) or not name.strip():
            errors["name"] = ["Name is required"]
    if "alias" in fields and fields["alias"] not in (None, ""):
        alias = fields["alias"]
        if not isinstance(alias, str) or not alias.replace("-", "").replace("_", "").isalnum():
            errors["alias"] = ["Alias may contain only letters, digits, '-' and '_'"]
        elif conn.execute(
            "SELECT 1 FROM campaigns WHERE alias = ? AND id != ?", (alias, own_id or 0)
        ).fetchone():
            errors["alias"] = ["Alias is already used by another campaign"]
    if "type" in fields and fields["type"] not in TYPES:
        errors["type"] = [f"Type must be one of: {', '.join(TYPES)}"]
    if "state" in fields and fields["state"] not in ("active", "disabled"):
        errors["state"] = ["State must be active or disabled"]
    if "cost_type" in fields and fields["cost_type"] not in COST_TYPES:
        errors["cost_type"] = [f"Cost type must be one of: {', '.join(COST_TYPES)}"]
    for name in ("cost_value", "cookies_ttl", "position"):
        if name in fields and not _non_negative(fields[name]):
            errors[name] = ["Must be a non-negative number"]
    if fields.get("traffic_source_id") not in (None, "", 0, "0"):
        ts = fields["traffic_source_id"]
        if (
            not _non_negative(ts)
            or not conn.execute(
                "SELECT 1 FROM traffic_sources WHERE id = ?", (int(float(ts)),)
            ).fetchone()
        ):
            errors["traffic_source_id"] = ["Traffic source not found"]
    if "parameters" in fields and not isinstance(fields["parameters"], dict | str):
        errors["parameters"] = ["Parameters must be an object"]
    if errors:
        raise CampaignInvalid(errors)
    for name, value in fields.items():
        if name == "parameters":
            values[name] = value if isinstance(value, str) else json.dumps(value)
        elif name in ("cost_value",):
            values[name] = float(value)
        elif name in ("cookies_ttl", "position", "group_id", "traffic_source_id"):
            values[name] = int(float(value)) if value not in (None, "") else None
        elif name == "cost_auto":
            values[name] = int(bool(value))
        else:
            values[name] = value
    return values


def _non_negative(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        return float(value) >= 0
    except (TypeError, ValueError):
        return False


def _free_alias(conn: sqlite3.Connection) -> str:
    rng = random.SystemRandom()
    while True:
        alias = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(8))
        if not conn.execute("SELECT 1 FROM campaigns WHERE alias = ?", (alias,)).fetchone():
            return alias


def _token() -> str:
    rng = random.SystemRandom()
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(32))


def _next_position(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM campaigns").fetchone()[0])
