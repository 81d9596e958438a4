"""Single tracker-wide values: the bot list and the integration settings."""

from __future__ import annotations

import ipaddress
import sqlite3

__all__ = ["bot_entries", "read_setting", "write_bot_entries", "write_setting"]


def read_setting(conn: sqlite3.Connection, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row["value"] if row else default


def write_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))


def bot_entries(text: str) -> list[str]:
    """IP addresses and ranges, one a line (commas also separate).

    Raises:
        ValueError: A line is neither an IP address nor a network (naming it).
    """
    entries = []
    for part in text.replace(",", "\n").splitlines():
        part = part.strip()
        if not part:
            continue
        try:
            if "/" in part:
                ipaddress.ip_network(part, strict=False)
            elif "-" in part:
                for end in part.split("-", 1):
                    ipaddress.ip_address(end.strip())
            else:
                ipaddress.ip_address(part)
        except ValueError:
            raise ValueError(f"{part} is not an IP address or range") from None
        entries.append(part)
    return entries


def write_bot_entries(conn: sqlite3.Connection, entries: list[str]) -> int:
    """Stores the bot list (deduplicated, in order) and returns its size."""
    unique = list(dict.fromkeys(entries))
    write_setting(conn, "botlist", "\n".join(unique))
    return len(unique)
