"""conversion / updateStatus: change a conversion's status through the postback URL.

A postback with the same subid and tid and a new status changes the conversion. The
tracker allows lead→sale, lead→rejected, sale→rejected and rebill→rejected; other changes
are ignored and noted in the postbacks log. Conversions cannot be deleted: reject them.
"""

from __future__ import annotations

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.resources.conversion._form import SUBID, TID, read_form, status_property
from kflow.nodes.keitaro.resources.postback._request import postback_request
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "prepare"]

OPERATION = {
    "name": "Обновить статус",
    "value": "updateStatus",
    "description": "Approve or reject a conversion (same subid and tid, new status)",
    "action": "Update a conversion's status",
}
ROUTE = {"method": "GET", "path": "/{postbackKey}/postback", "api": "tracker"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {"subid": "hea230qdxnbfcz1o79b", "status": "rejected", "tid": "order-1001"}
"""Parameters that run as they are against the sandbox."""
N8N = {
    "method": "GET",
    "path": "/{postbackKey}/postback",
    "api": "tracker",
    "builder": "conversion",
    "revenue": False,
}
"""How the n8n package sends it."""

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


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    return postback_request(ctx, base, read_form(ctx, revenue=False))
