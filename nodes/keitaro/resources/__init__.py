"""The Keitaro node's resources; each folder holds one module per operation."""

from __future__ import annotations

from types import ModuleType

from kflow.nodes.keitaro.resources import campaign, click

__all__ = ["RESOURCES"]

RESOURCES: dict[str, ModuleType] = {"click": click, "campaign": campaign}
"""Resource value -> resource package (with OPERATIONS, OPERATION_SELECTOR, LABEL)."""
