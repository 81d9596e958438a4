"""The simple postback form the conversion operations share: subid, status, revenue, tid."""

from __future__ import annotations

from typing import Any

from kflow.host import ItemContext
from kflow.nodes.keitaro.handlers.wording import did_you_mean, shown
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.postback._request import STATUSES, read_amount, subid_property
from kflow.nodes.keitaro.resources.postback._request import read_subid as _read_subid

__all__ = ["SUBID", "TID", "read_form", "status_property"]

SUBID = subid_property()
TID = {
    "displayName": "ID транзакции (tid)",
    "name": "tid",
    "type": "string",
    "default": "",
    "description": "Tells apart several conversions of one click: the tracker keeps one "
    "conversion per subid and tid. With a tid, sending again changes nothing.",
}


def status_property(default: str, description: str) -> dict[str, Any]:
    return {
        "displayName": "Статус",
        "name": "status",
        "type": "options",
        "default": default,
        "options": [{"name": s, "value": s} for s in STATUSES],
        "description": description,
    }


def read_form(ctx: ItemContext, *, revenue: bool) -> dict[str, Any]:
    """The postback query: subid, status, and payout/currency/tid when given."""
    status = str(ctx.param("status") or "")
    if status not in STATUSES:
        hint = did_you_mean(status, STATUSES)
        raise common.fail(
            ctx, "Статус", f"{shown(status)} is not one of: {', '.join(STATUSES)}{hint}"
        )
    query: dict[str, Any] = {"subid": _read_subid(ctx), "status": status}
    if revenue and ctx.param("revenue") not in (None, ""):
        query["payout"] = read_amount(ctx, ctx.param("revenue"), "Доход")
    currency = str(ctx.param("currency") or "").strip().lower() if revenue else ""
    if currency:
        query["currency"] = currency
    tid = str(ctx.param("tid") or "").strip()
    if tid:
        query["tid"] = tid
    return query
