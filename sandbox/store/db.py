"""The sandbox database: opening, schema, transactions and the SQL functions queries use."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

__all__ = ["Store", "utc_now"]

STORAGE_FORMAT = "%Y-%m-%d %H:%M:%S"
_EXTRA_COLUMN_TABLES = ("streams", "offers", "traffic_sources")
"""Tables of the first release that the generic store extends with an `extra` column."""


def utc_now() -> str:
    """The current UTC time in storage format."""
    return datetime.now(UTC).strftime(STORAGE_FORMAT)


class Store:
    """One SQLite database (a file, or in memory) holding a tracker's data.

    Args:
        path: Database file; None or ":memory:" keeps it in memory.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        target = str(path) if path else ":memory:"
        fresh = target == ":memory:" or not Path(target).exists()
        self.conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.create_function("regexp_match", 2, _regexp_match, deterministic=True)
        self.conn.create_function("to_zone", 2, _to_zone, deterministic=True)
        files = resources.files("kflow.sandbox.store")
        if fresh:
            self.conn.executescript(files.joinpath("schema.sql").read_text())
        self.conn.executescript(files.joinpath("schema_additions.sql").read_text())
        for table in _EXTRA_COLUMN_TABLES:
            columns = {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}
            if "extra" not in columns:
                self.conn.execute(
                    f"ALTER TABLE {table} ADD COLUMN extra TEXT NOT NULL DEFAULT '{{}}'"
                )

    def is_empty(self) -> bool:
        """Whether no campaign exists yet (a new database to seed)."""
        return self.conn.execute("SELECT COUNT(*) FROM campaigns").fetchone()[0] == 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, rolled back on error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    # Keitaro takes regexps with delimiters, e.g. /uuid=100[0-9]{2}/i.
    match = re.fullmatch(r"/(.*)/([a-z]*)", pattern, re.DOTALL)
    if not match:
        return re.compile(pattern)
    flags = re.IGNORECASE if "i" in match.group(2) else 0
    return re.compile(match.group(1), flags)


def _regexp_match(value: object, pattern: str) -> int:
    if value is None:
        return 0
    return 1 if _compiled(pattern).search(str(value)) else 0


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _to_zone(utc_text: str | None, zone: str) -> str | None:
    """A stored UTC time shown in another IANA time zone."""
    if utc_text is None or zone == "UTC":
        return utc_text
    moment = datetime.strptime(utc_text, STORAGE_FORMAT).replace(tzinfo=UTC)
    return moment.astimezone(_zone(zone)).strftime(STORAGE_FORMAT)
