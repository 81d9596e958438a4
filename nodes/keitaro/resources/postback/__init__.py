"""Resource `postback`: the tracker's incoming postback URL and its logs.

send is built in code; the logs are data (operations/catalog/postbacks.py).
"""

from __future__ import annotations

from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resources.postback import send

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {
    "name": "Постбек",
    "value": "postback",
    "description": "Conversions sent to the tracker's postback URL",
}

OPERATIONS: dict[str, KeitaroOperation] = {
    "send": send,
}
