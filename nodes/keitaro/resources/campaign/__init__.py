"""Resource `campaign`: its declared operations (declared.py) and the cost push, which
has logic of its own (update_costs.py)."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resources.campaign import declared, update_costs

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {"name": "Кампания", "value": "campaign", "description": "A tracker campaign"}

OPERATIONS: dict[str, KeitaroOperation] = runnable((*declared.DECLARED, update_costs))
"""Operation value -> handler, in menu order."""
