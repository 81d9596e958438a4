"""Resource `click`: a visit recorded by the tracker, identified by its subid."""

from __future__ import annotations

from types import ModuleType

from kflow.nodes.keitaro.resources.click import (
    clean,
    get_log,
    update,
    update_costs,
    update_sub_ids,
)

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {
    "name": "Клик",
    "value": "click",
    "description": "A tracked click, identified by its subid",
}

OPERATIONS: dict[str, ModuleType] = {
    "update": update,
    "updateSubIds": update_sub_ids,
    "getLog": get_log,
    "updateCosts": update_costs,
    "clean": clean,
}
