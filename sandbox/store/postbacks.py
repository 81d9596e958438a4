"""Incoming postbacks: statuses, transitions, one conversion per (subid, tid), and their logs.

Follows Keitaro's documented rules: status defaults to sale; `lead_status`, `sale_status`,
`rejected_status` map custom statuses; `ignore_status`/`ignore` drop some; allowed changes
are lead→sale, lead→rejected, sale→rejected and rebill→rejected, and anything else is
ignored and logged; an unknown subid is accepted and only logged; `sub_id_N` parameters
update the click. Trackers queue postbacks; the sandbox applies them at once, writing the
same log lines a tracker writes.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import urllib.parse
from collections.abc import Mapping

from kflow.sandbox.store.db import utc_now
from kflow.sandbox.store.logs import write_log
from kflow.sandbox.store.money import to_tracker_currency

__all__ = ["STATUSES", "receive_postback"]

STATUSES = ("lead", "sale", "rejected", "rebill")
_ALLOWED = {("lead", "sale"), ("lead", "rejected"), ("sale", "rejected"), ("rebill", "rejected")}
_SUB_IDS = {f"sub_id_{i}" for i in range(1, 31)}


def receive_postback(conn: sqlite3.Connection, params: Mapping[str, str], shown_url: str) -> None:
    """Processes one postback; every outcome is written to the `postbacks` log."""
    jid = secrets.token_hex(4)

    def log(message: str) -> None:
        write_log(conn, "postbacks", jid, message)

    log(f"Received postback {shown_url}")
    subid = (params.get("subid") or params.get("sub_id") or "").strip()
    if not subid:
        log('Incorrect subid "". Postback ignored.')
        return
    log(f"Using {subid} as subid. Postback added to queue.")
    log(f"Processing subid {subid}")
    click = conn.execute(
        "SELECT c.sub_id, c.campaign_id, c.external_id, c.ts_id FROM clicks c WHERE c.sub_id = ?",
        (subid,),
    ).fetchone()
    if click is None:
        log(f"SubID not found: {subid}")
        return
    status = _status(params)
    if status is None:
        log(f"Status {params.get('status')!r} is not known or is ignored. Postback ignored.")
        return
    try:
        revenue = _amount(params.get("payout") or params.get("revenue"), params.get("currency"))
        cost = _amount(params.get("cost"), params.get("currency"))
    except ValueError as exc:
        log(f"{exc}. Postback ignored.")
        return
    updates = {k: v for k, v in params.items() if k in _SUB_IDS}
    if updates:
        assignments = ", ".join(f"{k} = ?" for k in updates)
        conn.execute(
            f"UPDATE clicks SET {assignments} WHERE sub_id = ?", [*updates.values(), subid]
        )
    tid = params.get("tid") or ""
    existing = conn.execute(
        "SELECT id, status, revenue FROM conversions WHERE sub_id = ? AND tid = ?", (subid, tid)
    ).fetchone()
    now = utc_now()
    raw = json.dumps(dict(params), ensure_ascii=False)
    if existing is None:
        conn.execute(
            "INSERT INTO conversions (sub_id, tid, status, original_status, revenue, cost, "
            "datetime, sale_datetime, params) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                subid,
                tid,
                status,
                params.get("status") or status,
                revenue or 0.0,
                cost or 0.0,
                now,
                now if status == "sale" else None,
                raw,
            ),
        )
    elif (existing["status"], status) in _ALLOWED:
        conn.execute(
            "UPDATE conversions SET status = ?, previous_status = ?, original_status = ?, "
            "revenue = ?, cost = COALESCE(?, cost), params = ?, "
            "sale_datetime = CASE WHEN ? = 'sale' THEN ? ELSE sale_datetime END WHERE id = ?",
            (
                status,
                existing["status"],
                params.get("status") or status,
                existing["revenue"] if revenue is None else revenue,
                cost,
                raw,
                status,
                now,
                existing["id"],
            ),
        )
    else:
        log(f"Status change {existing['status']} → {status} is not allowed. Postback ignored.")
        return
    log(f"Subid {subid} complete")
    stored = conn.execute(
        "SELECT revenue FROM conversions WHERE sub_id = ? AND tid = ?", (subid, tid)
    ).fetchone()
    _send_onwards(conn, jid, click, status, float(stored["revenue"]), tid)


def _status(params: Mapping[str, str]) -> str | None:
    given = (params.get("status") or "sale").strip()
    ignored = _split(params.get("ignore_status") or params.get("ignore"))
    if given in ignored:
        return None
    for canonical in ("lead", "sale", "rejected"):
        if given in _split(params.get(f"{canonical}_status")):
            return canonical
    return given if given in STATUSES else None


def _split(value: str | None) -> set[str]:
    return {part.strip() for part in (value or "").split(",") if part.strip()}


def _amount(value: str | None, currency: str | None) -> float | None:
    if value in (None, ""):
        return None
    try:
        amount = float(str(value))
    except ValueError:
        raise ValueError(f"Amount {value!r} is not a number") from None
    return round(to_tracker_currency(amount, currency), 4)


def _send_onwards(
    conn: sqlite3.Connection,
    jid: str,
    click: sqlite3.Row,
    status: str,
    revenue: float,
    tid: str,
) -> None:
    # A tracker notifies the traffic source; the sandbox logs the call it would make.
    source = conn.execute(
        "SELECT postback_url, postback_statuses FROM traffic_sources WHERE id = ?",
        (click["ts_id"],),
    ).fetchone()
    if (
        source is None
        or not source["postback_url"]
        or status not in _split(source["postback_statuses"])
    ):
        return
    values = {
        "{subid}": click["sub_id"],
        "{external_id}": click["external_id"],
        "{status}": status,
        "{revenue}": f"{revenue:.2f}",
        "{tid}": tid,
    }
    url = source["postback_url"]
    for macro, value in values.items():
        url = url.replace(macro, urllib.parse.quote(str(value), safe=""))
    write_log(conn, "sent_postbacks", jid, f"GET {url} (sandbox: not delivered)")
