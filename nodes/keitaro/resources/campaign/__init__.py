"""Resource `campaign`: the tracker's campaigns, their archive and their streams."""

from __future__ import annotations

from types import ModuleType

from kflow.nodes.keitaro.resources.campaign import (
    archive,
    clone,
    create,
    disable,
    enable,
    get,
    get_archived,
    get_many,
    get_streams,
    restore,
    update,
    update_costs,
)

__all__ = ["DESCRIPTION", "LABEL", "OPERATIONS"]

LABEL = {"name": "Кампания", "value": "campaign", "description": "A tracker campaign"}

OPERATIONS: dict[str, ModuleType] = {
    "getMany": get_many,
    "get": get,
    "create": create,
    "update": update,
    "archive": archive,
    "restore": restore,
    "enable": enable,
    "disable": disable,
    "clone": clone,
    "getArchived": get_archived,
    "getStreams": get_streams,
    "updateCosts": update_costs,
}

DESCRIPTION = [prop for module in OPERATIONS.values() for prop in module.PROPERTIES]
