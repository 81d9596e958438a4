"""conversion / updateStatus: change a conversion's status through the postback URL.

A postback with the same subid and tid and a new status changes the conversion. The
tracker allows lead→sale, lead→rejected, sale→rejected and rebill→rejected; other changes
are ignored and noted in the postbacks log. Conversions cannot be deleted: reject them.
"""

from __future__ import annotations

from kflow.host import show_for
from kflow.nodes.keitaro.execution import fetch_one
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.resources.conversion._form import SUBID, TID, status_property, wire

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Обновить статус",
    "value": "updateStatus",
    "description": "Approve or reject a conversion (same subid and tid, new status)",
    "action": "Update a conversion's status",
}
EXAMPLE = {"subid": "hea230qdxnbfcz1o79b", "status": "rejected", "tid": "order-1001"}
"""Parameters that run as they are against the sandbox."""
WIRE = wire(revenue=False)
"""The request as both hosts build it."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
execute = fetch_one
"""One output item: the tracker's answer."""

PROPERTIES = show_for(
    "conversion",
    "updateStatus",
    [
        SUBID,
        TID,
        status_property(
            "sale",
            "Allowed changes: lead→sale, lead→rejected, sale→rejected, rebill→rejected",
        ),
    ],
)
