"""postback / send: `GET {tracker}/{postbackKey}/postback?subid=…`, the tracker's postback URL.

This is not the Admin API: it is the URL affiliate networks call, so no API key is sent.
"""

from __future__ import annotations

from typing import Any

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.resources.postback._request import (
    STATUSES,
    postback_request,
    read_amount,
    read_subid,
)
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "prepare"]

OPERATION = {
    "name": "Отправить",
    "value": "send",
    "description": "Record a conversion (or change its status) through the tracker's "
    "postback URL, the way an affiliate network does",
    "action": "Send a postback",
}
ROUTE = {"method": "GET", "path": "/{postbackKey}/postback", "api": "tracker"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {
    "subid": "hea230qdxnbfcz1o79b",
    "status": "lead",
    "additionalFields": {"payout": "12.5", "tid": "example-1"},
}
"""Parameters that run as they are against the sandbox."""
N8N = {"method": "GET", "path": "/{postbackKey}/postback", "api": "tracker", "builder": "postback"}
"""How the n8n package sends it."""
_SUB_IDS = [f"sub_id_{i}" for i in range(1, 31)]
_ADDITIONAL = [
    {
        "displayName": "Выплата",
        "name": "payout",
        "type": "number",
        "default": 0,
        "description": "Conversion revenue",
    },
    {
        "displayName": "ID транзакции (tid)",
        "name": "tid",
        "type": "string",
        "default": "",
        "description": "Tells apart several conversions of one click; one conversion per subid+tid",
    },
    {
        "displayName": "Валюта",
        "name": "currency",
        "type": "string",
        "default": "",
        "placeholder": "usd",
        "description": "Currency of payout and cost; converted by the tracker",
    },
    {
        "displayName": "Расход",
        "name": "cost",
        "type": "number",
        "default": 0,
        "description": "Cost of the conversion (CPA / RevShare)",
    },
    {
        "displayName": "Ответ (return)",
        "name": "return",
        "type": "string",
        "default": "",
        "description": "Text the tracker answers with, e.g. OK",
    },
    {
        "displayName": "Статусы лида",
        "name": "lead_status",
        "type": "string",
        "default": "",
        "description": "Comma-separated custom statuses that mean lead",
    },
    {
        "displayName": "Статусы продажи",
        "name": "sale_status",
        "type": "string",
        "default": "",
        "description": "Comma-separated custom statuses that mean sale",
    },
    {
        "displayName": "Статусы отказа",
        "name": "rejected_status",
        "type": "string",
        "default": "",
        "description": "Comma-separated custom statuses that mean rejected",
    },
    {
        "displayName": "Sub ID",
        "name": "subIds",
        "type": "json",
        "default": "",
        "placeholder": '{"sub_id_1": "new value"}',
        "description": "sub_id_1…sub_id_30 values to write on the click",
    },
]

PROPERTIES = show_for(
    "postback",
    "send",
    [
        {
            "displayName": "Subid",
            "name": "subid",
            "type": "string",
            "default": "",
            "required": True,
            "description": "The click's subid (the {subid} macro)",
        },
        {
            "displayName": "Статус",
            "name": "status",
            "type": "string",
            "default": "sale",
            "description": "lead, sale, rejected or rebill; a custom status needs a status "
            "mapping below. Allowed changes: lead→sale, lead→rejected, sale→rejected, "
            "rebill→rejected",
        },
        {
            "displayName": "Дополнительные поля",
            "name": "additionalFields",
            "type": "collection",
            "default": {},
            "placeholder": "Add Field",
            "options": _ADDITIONAL,
        },
        {
            "displayName": "Ключ постбека",
            "name": "postbackKey",
            "type": "string",
            "default": "",
            "typeOptions": {"password": True},
            "description": "Overrides the credential's postback key for this node",
        },
    ],
)


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    subid = read_subid(ctx)
    status = str(ctx.param("status") or "sale").strip()
    extra = dict(ctx.param("additionalFields") or {})
    mapped = {
        s
        for name in ("lead_status", "sale_status", "rejected_status")
        for s in str(extra.get(name) or "").split(",")
        if s.strip()
    }
    if status not in STATUSES and status not in mapped:
        raise common.fail(
            ctx,
            "Статус",
            f"{shown(status)} is not lead, sale, rejected or rebill, "
            "and no status mapping names it",
        )
    query: dict[str, Any] = {"subid": subid, "status": status}
    for name in (
        "payout",
        "tid",
        "currency",
        "cost",
        "return",
        "lead_status",
        "sale_status",
        "rejected_status",
    ):
        value = extra.get(name)
        if value in (None, ""):
            continue
        if name in ("payout", "cost"):
            value = read_amount(ctx, value, f"Дополнительные поля › {name}")
        query[name] = value
    query.update(_sub_ids(ctx, extra.get("subIds")))
    return postback_request(ctx, base, query)


def _sub_ids(ctx: ItemContext, value: Any) -> dict[str, str]:
    if value in (None, "", {}):
        return {}
    parsed = common.read_json_value(ctx, value, "Дополнительные поля", "subIds")
    if not isinstance(parsed, dict):
        raise common.fail(ctx, "Дополнительные поля", "subIds must be a JSON object")
    unknown = sorted(set(parsed) - set(_SUB_IDS))
    if unknown:
        raise common.fail(
            ctx, "Дополнительные поля", f"subIds: {shown(unknown[0])} is not sub_id_1…30"
        )
    return {k: str(v) for k, v in parsed.items()}
