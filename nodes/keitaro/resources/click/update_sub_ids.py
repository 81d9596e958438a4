"""click / updateSubIds: sub_id_1…30 written through the tracker's own update URL.

`GET {tracker}/?_update_tokens=1&sub_id={subid}&sub_id_N=…` is not the Admin API (no key is
sent); it is Keitaro's documented way to write sub IDs onto a click after the visit. The
values show in reports and the click log.
"""

from __future__ import annotations

import re
from typing import Any

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.handlers import urls
from kflow.nodes.keitaro.handlers.validation import CLICK_ID
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.postback._request import read_subid, subid_property
from kflow.nodes.keitaro.transport import KeitaroRequest, build_postback_request

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "prepare"]

OPERATION = {
    "name": "Обновить Sub ID",
    "value": "updateSubIds",
    "description": "Write sub_id_1…30 onto a click through the tracker's update URL",
    "action": "Update a click's sub IDs",
}
ROUTE = {"method": "GET", "path": "/?_update_tokens=1", "api": "tracker"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {"subid": "hea230qdxnbfcz1o79b", "subIds": '{"sub_id_4": "lead-form", "sub_id_5": "42"}'}
"""Parameters that run as they are against the sandbox."""
N8N = {"method": "GET", "path": "/", "api": "tracker", "builder": "subIds"}
"""How the n8n package sends it."""

_SUB_ID = re.compile(r"sub_id_([1-9]|[12][0-9]|30)")

PROPERTIES = show_for(
    "click",
    "updateSubIds",
    [
        subid_property(CLICK_ID),
        {
            "displayName": "Sub ID",
            "name": "subIds",
            "type": "json",
            "default": "",
            "required": True,
            "placeholder": '{"sub_id_4": "lead-form"}',
            "description": "JSON object of sub_id_1…sub_id_30 values; empty values are not sent",
        },
    ],
)


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    subid = read_subid(ctx, CLICK_ID)
    values = common.read_json_value(ctx, ctx.param("subIds"), "Sub ID")
    if not isinstance(values, dict) or not values:
        raise common.fail(ctx, "Sub ID", 'must be a JSON object such as {"sub_id_4": "x"}')
    unknown = sorted(name for name in values if not _SUB_ID.fullmatch(str(name)))
    if unknown:
        raise common.fail(ctx, "Sub ID", f"{shown(unknown[0])} is not sub_id_1…sub_id_30")
    query: dict[str, Any] = {"_update_tokens": 1, "sub_id": subid}
    for name, value in values.items():
        if isinstance(value, dict | list | bool):
            raise common.fail(ctx, "Sub ID", f"{name}: give text or a number")
        query[name] = "" if value is None else str(value)
    url = urls.tracker_root(base) + "/"
    return build_postback_request(
        ctx.credentials["keitaroApi"],
        urls.with_query(url, query),
        urls.with_query("/", query),
        idempotent=True,
    )
