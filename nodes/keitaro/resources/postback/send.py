"""postback / send: `GET {tracker}/{postbackKey}/postback?subid=…`, the tracker's postback URL.

This is not the Admin API: it is the URL affiliate networks call, so no API key is sent.
"""

from __future__ import annotations

from kflow.host import show_for
from kflow.nodes.keitaro.execution import fetch_one
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.operations.model import Field, Kind, Wire
from kflow.nodes.keitaro.resources.shared.postback_url import POSTBACK_KEY, SUBID_FIELD

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Отправить",
    "value": "send",
    "description": "Record a conversion (or change its status) through the tracker's "
    "postback URL, the way an affiliate network does",
    "action": "Send a postback",
}
EXAMPLE = {
    "subid": "hea230qdxnbfcz1o79b",
    "status": "lead",
    "additionalFields": {"payout": "12.5", "tid": "example-1"},
}
"""Parameters that run as they are against the sandbox."""
_EXTRA = "Дополнительные поля"


def _extra(name: str, kind: Kind = "raw") -> Field:
    """One of the additional fields, sent as the query parameter of its name."""
    return Field(name, f"{_EXTRA} › {name}", kind, param=f"additionalFields.{name}")


WIRE = Wire(
    "GET",
    "/{postbackKey}/postback",
    api="tracker",
    ids={"postbackKey": POSTBACK_KEY},
    query=(
        SUBID_FIELD,
        Field(
            "status",
            "Статус",
            "postback_status",
            uses=tuple(_extra(f"{s}_status") for s in ("lead", "sale", "rejected")),
        ),
    ),
    query_optional=(
        _extra("payout", "amount"),
        _extra("tid"),
        _extra("currency"),
        _extra("cost", "amount"),
        _extra("return"),
        _extra("lead_status"),
        _extra("sale_status"),
        _extra("rejected_status"),
        Field("subIds", _EXTRA, "postback_sub_ids", param="additionalFields.subIds", spread=True),
    ),
    idempotent=False,
    idempotent_with="tid",
)
"""The request as both hosts build it: subid, status (Keitaro's, or one a mapping names),
the additional fields given, then sub_id_N; the key from the node or the credential."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
execute = fetch_one
"""One output item: the tracker's answer."""
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
