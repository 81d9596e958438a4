"""conversion / create: a conversion recorded through the tracker's postback URL.

The Admin API cannot write conversions; the postback URL is the only real way, the one
affiliate networks use. The tracker queues postbacks: read the conversion log or the
postbacks log to see the result.
"""

from __future__ import annotations

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.resources.conversion._form import SUBID, TID, read_form, status_property
from kflow.nodes.keitaro.resources.postback._request import postback_request
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "prepare"]

OPERATION = {
    "name": "Создать",
    "value": "create",
    "description": "Record a conversion on a click through the tracker's postback URL",
    "action": "Create a conversion",
}
ROUTE = {"method": "GET", "path": "/{postbackKey}/postback", "api": "tracker"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {
    "subid": "hea230qdxnbfcz1o79b",
    "status": "lead",
    "revenue": "12.50",
    "currency": "usd",
    "tid": "order-1001",
}
"""Parameters that run as they are against the sandbox."""
N8N = {
    "method": "GET",
    "path": "/{postbackKey}/postback",
    "api": "tracker",
    "builder": "conversion",
    "revenue": True,
}
"""How the n8n package sends it."""

PROPERTIES = show_for(
    "conversion",
    "create",
    [
        SUBID,
        status_property("lead", "lead: awaiting approval; sale: approved; rejected; rebill"),
        {
            "displayName": "Доход",
            "name": "revenue",
            "type": "number",
            "default": 0,
            "description": "The conversion's revenue (sent as payout); exact decimal",
        },
        {
            "displayName": "Валюта",
            "name": "currency",
            "type": "string",
            "default": "",
            "placeholder": "usd",
            "description": "Currency of the revenue; the tracker converts it. Empty: the "
            "tracker's currency",
        },
        TID,
    ],
)


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    return postback_request(ctx, base, read_form(ctx, revenue=True))
