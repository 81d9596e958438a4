"""conversion / create: a conversion recorded through the tracker's postback URL.

The Admin API cannot write conversions; the postback URL is the only real way, the one
affiliate networks use. The tracker queues postbacks: read the conversion log or the
postbacks log to see the result.
"""

from __future__ import annotations

from kflow.host import show_for
from kflow.nodes.keitaro.execution import fetch_one
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.resources.conversion._form import SUBID, TID, status_property, wire

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Создать",
    "value": "create",
    "description": "Record a conversion on a click through the tracker's postback URL",
    "action": "Create a conversion",
}
EXAMPLE = {
    "subid": "hea230qdxnbfcz1o79b",
    "status": "lead",
    "revenue": "12.50",
    "currency": "usd",
    "tid": "order-1001",
}
"""Parameters that run as they are against the sandbox."""
WIRE = wire(revenue=True)
"""The request as both hosts build it."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
execute = fetch_one
"""One output item: the tracker's answer."""

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
