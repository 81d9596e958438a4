"""The Keitaro node's resources; each folder holds one module per operation."""

from __future__ import annotations

from types import ModuleType

from kflow.nodes.keitaro.resources import campaign, click, conversion, postback, statistics

__all__ = ["RESOURCES"]

RESOURCES: dict[str, ModuleType] = {
    "click": click,
    "campaign": campaign,
    "conversion": conversion,
    "postback": postback,
    "statistics": statistics,
}
"""Resource value -> resource package (with OPERATIONS, LABEL and DESCRIPTION)."""
