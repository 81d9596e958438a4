"""Campaign operations with logic of their own; the rest are data in operations/catalog."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resources.campaign import update_costs

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {"name": "Кампания", "value": "campaign", "description": "A tracker campaign"}

OPERATIONS: dict[str, KeitaroOperation] = {"updateCosts": update_costs}
