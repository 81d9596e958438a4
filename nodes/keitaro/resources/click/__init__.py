"""Resource `click`: a visit recorded by the tracker, identified by its subid."""

from __future__ import annotations

from types import ModuleType

from kflow.nodes.keitaro.resources.click import update

__all__ = ["DESCRIPTION", "LABEL", "OPERATIONS"]

LABEL = {
    "name": "Клик",
    "value": "click",
    "description": "A tracked click, identified by its subid",
}

OPERATIONS: dict[str, ModuleType] = {"update": update}

DESCRIPTION = update.PROPERTIES
