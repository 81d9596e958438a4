"""White/black-list labels per campaign and click field (`/report/labels`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from kflow.sandbox.store.query import LABEL_REFS, QueryError

__all__ = ["LABELS", "read_labels", "write_labels"]

LABELS = ("whitelist", "blacklist")


def read_labels(
    conn: sqlite3.Connection, campaign_id: int, ref_name: str, label: str | None
) -> dict[str, str]:
    """`{value: label}` for one campaign and field, optionally only one label."""
    _check_ref(ref_name)
    where, args = "campaign_id = ? AND ref_name = ?", [campaign_id, ref_name]
    if label:
        if label not in LABELS:
            raise QueryError(f"label_name must be one of: {', '.join(LABELS)}")
        where += " AND label = ?"
        args.append(label)
    rows = conn.execute(f"SELECT value, label FROM labels WHERE {where} ORDER BY value", args)
    return {row["value"]: row["label"] for row in rows}


def write_labels(
    conn: sqlite3.Connection, campaign_id: int, ref_name: str, items: Mapping[str, Any]
) -> None:
    """Sets each value's label; an empty label removes it."""
    _check_ref(ref_name)
    for value, label in items.items():
        if label in (None, "", "none"):
            conn.execute(
                "DELETE FROM labels WHERE campaign_id = ? AND ref_name = ? AND value = ?",
                (campaign_id, ref_name, str(value)),
            )
        elif label in LABELS:
            conn.execute(
                "INSERT OR REPLACE INTO labels (campaign_id, ref_name, value, label) "
                "VALUES (?, ?, ?, ?)",
                (campaign_id, ref_name, str(value), label),
            )
        else:
            raise QueryError(f"Label of {value!r} must be one of: {', '.join(LABELS)}")


def _check_ref(ref_name: str) -> None:
    if ref_name not in LABEL_REFS:
        raise QueryError(f"ref_name must be one of: {', '.join(sorted(LABEL_REFS))}")
