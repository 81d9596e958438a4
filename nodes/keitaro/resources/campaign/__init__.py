"""Campaign operations with logic of their own; the rest are data in operations/catalog."""

from __future__ import annotations

from types import ModuleType

from kflow.nodes.keitaro.resources.campaign import update_costs

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {"name": "Кампания", "value": "campaign", "description": "A tracker campaign"}

OPERATIONS: dict[str, ModuleType] = {"updateCosts": update_costs}
