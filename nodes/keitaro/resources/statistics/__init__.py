"""Resource `statistics`: reports and labels (`/report/*` in the Admin API)."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resources.statistics import build_report, get_labels, set_labels

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {
    "name": "Статистика",
    "value": "statistics",
    "description": "Reports by dimensions and measures, and white/black-list labels",
}

OPERATIONS: dict[str, KeitaroOperation] = runnable((build_report, get_labels, set_labels))
"""Operation value -> handler, in menu order."""
