"""Tracker logs (`/logs/{type}`): received postbacks, sent postbacks, system messages."""

from __future__ import annotations

import sqlite3
from typing import Any

from kflow.sandbox.store.db import utc_now

__all__ = ["LOG_TYPES", "read_log", "write_log"]

LOG_TYPES = ("system", "traffic", "postbacks", "ssl", "sent_postbacks")


def write_log(conn: sqlite3.Connection, log_type: str, jid: str, message: str) -> None:
    """Appends one line to a log."""
    conn.execute(
        "INSERT INTO logs (type, datetime, jid, message) VALUES (?, ?, ?, ?)",
        (log_type, utc_now(), jid, message),
    )


def read_log(
    conn: sqlite3.Connection, log_type: str, *, limit: int, offset: int, query: str | None
) -> list[dict[str, Any]]:
    """The newest lines first, optionally only those containing `query`."""
    where, args = "type = ?", [log_type]
    if query:
        where += " AND instr(message, ?) > 0"
        args.append(query)
    rows = conn.execute(
        f"SELECT datetime, jid, message FROM logs WHERE {where} ORDER BY id DESC LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    return [dict(row) for row in rows]
