"""Resource `postback`: the tracker's incoming postback URL and its logs."""

from __future__ import annotations

from types import ModuleType

from kflow.nodes.keitaro.resources.postback import get_received_log, get_sent_log, send

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {
    "name": "Постбек",
    "value": "postback",
    "description": "Conversions sent to the tracker's postback URL",
}

OPERATIONS: dict[str, ModuleType] = {
    "send": send,
    "getReceivedLog": get_received_log,
    "getSentLog": get_sent_log,
}
