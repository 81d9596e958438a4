"""Resource `conversion`: leads, sales and rejections recorded from postbacks."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resources.conversion import create, get_log, update_status

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {
    "name": "Конверсия",
    "value": "conversion",
    "description": "A conversion: read from the log, written through the postback URL",
}

OPERATIONS: dict[str, KeitaroOperation] = runnable((get_log, create, update_status))
"""Operation value -> handler, in menu order."""
