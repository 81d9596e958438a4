"""The simple postback form the conversion operations share: subid, status, revenue, tid,
as properties and as the fields their Wire reads."""

from __future__ import annotations

from typing import Any

from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.resources.shared.postback_url import (
    POSTBACK_KEY,
    STATUSES,
    SUBID_FIELD,
    subid_property,
)

__all__ = ["SUBID", "TID", "status_property", "wire"]

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


def wire(*, revenue: bool) -> Wire:
    """`GET {tracker}/{postbackKey}/postback?subid=…&status=…[&payout&currency][&tid]`;
    with a tid, sending again changes nothing, so only then may it be retried."""
    money = (
        (Field("payout", "Доход", "amount", param="revenue"), Field("currency", "Валюта", "lower"))
        if revenue
        else ()
    )
    return Wire(
        "GET",
        "/{postbackKey}/postback",
        api="tracker",
        ids={"postbackKey": POSTBACK_KEY},
        query=(SUBID_FIELD, Field("status", "Статус", options=STATUSES)),
        query_optional=(*money, Field("tid", "ID транзакции (tid)", "trimmed")),
        read_first=("status",),
        idempotent=False,
        idempotent_with="tid",
    )
