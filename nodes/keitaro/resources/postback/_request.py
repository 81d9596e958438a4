"""Building a request to the tracker's postback URL, shared by postback → send and the
conversion operations (which are postbacks with a simpler form)."""

from __future__ import annotations

from typing import Any

from kflow.host import ItemContext
from kflow.nodes.keitaro.handlers import urls
from kflow.nodes.keitaro.handlers.money import money_text
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest, build_postback_request

__all__ = ["STATUSES", "postback_request", "read_amount", "read_subid", "subid_property"]

STATUSES = ["lead", "sale", "rejected", "rebill"]


def subid_property(label: str = "Subid") -> dict[str, Any]:
    """The required subid parameter that `read_subid` reads, shown as `label`."""
    return {
        "displayName": label,
        "name": "subid",
        "type": "string",
        "default": "",
        "required": True,
        "placeholder": "51ts6sgr1cbkdhljnrv",
        "description": "The click's subid (the {subid} macro)",
    }


def read_subid(ctx: ItemContext, label: str = "Subid") -> str:
    """The click's subid: required, no control characters."""
    subid = str(ctx.param("subid") or "").strip()
    if not subid:
        raise common.fail(ctx, label, "is required: the click's subid")
    if any(ord(c) < 32 for c in subid):
        raise common.fail(ctx, label, "contains control characters")
    return subid


def read_amount(ctx: ItemContext, value: Any, label: str) -> str:
    """An amount as exact decimal text (≥ 0)."""
    try:
        amount = money_text(value)
    except ValueError:
        amount = "-"
    if amount.startswith("-"):
        raise common.fail(ctx, label, f"{shown(value)} is not an amount (a number ≥ 0)")
    return amount


def postback_request(ctx: ItemContext, base: str, query: dict[str, Any]) -> KeitaroRequest:
    """`GET {tracker}/{postbackKey}/postback?…`; the key comes from the node or credential.

    One conversion per subid and tid: with a tid, sending again changes nothing, so the
    request may be retried.
    """
    key = str(ctx.param("postbackKey") or ctx.credentials["keitaroApi"].get("postbackKey") or "")
    if not key:
        raise common.fail(
            ctx, "Ключ постбека", "is not set: give it here or in the keitaroApi credential"
        )
    ctx.redactor.add(key)
    url = urls.postback_url(base, key)
    path = "/" + url.split("/", 3)[3]
    return build_postback_request(
        ctx.credentials["keitaroApi"],
        urls.with_query(url, query),
        urls.with_query(path, query),
        idempotent=bool(query.get("tid")),
    )
