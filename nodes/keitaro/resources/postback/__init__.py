"""Resource `postback`: the tracker's incoming postback URL and its logs.

send is built in code (send.py); the logs are data (declared.py).
"""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resources.postback import declared, send

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {
    "name": "Постбек",
    "value": "postback",
    "description": "Conversions sent to the tracker's postback URL",
}

OPERATIONS: dict[str, KeitaroOperation] = runnable((send, *declared.DECLARED))
"""Operation value -> handler, in menu order."""
