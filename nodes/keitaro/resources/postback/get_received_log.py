"""postback / getReceivedLog: `GET /admin_api/v1/logs/postbacks`, what the tracker received."""

from __future__ import annotations

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.resources.postback import _log
from kflow.nodes.keitaro.resources.postback._log import execute
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "execute", "prepare"]

OPERATION = {
    "name": "Лог полученных",
    "value": "getReceivedLog",
    "description": "Lines of the received-postbacks log: what arrived and what became of it "
    '("SubID not found", ignored status changes, …)',
    "action": "Get the received postbacks log",
}
ROUTE = {"method": "GET", "path": "/logs/postbacks"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {"limit": 20}
"""Parameters that run as they are against the sandbox."""
N8N = {
    "method": "GET",
    "path": "/logs/postbacks",
    "queryOptional": [Field("query", "Поиск", param="search")],
    "answer": "pages",
}
"""How the n8n package sends it."""

PROPERTIES = show_for("postback", "getReceivedLog", _log.properties())


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    return _log.prepare(ctx, base, "postbacks")
