"""limit: keeps at most N items, the first or the last ones (n8n's Limit 1)."""

from __future__ import annotations

import math
from typing import Any

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.data_props import option_list

__all__ = ["LIMIT", "LimitNode", "limit_items", "limit_properties"]


def limit_properties() -> list[dict[str, Any]]:
    return [
        {
            "displayName": "Max Items",
            "name": "maxItems",
            "type": "number",
            "default": 1,
            "typeOptions": {"minValue": 1},
            "description": "Items past this number are dropped",
        },
        {
            "displayName": "Keep",
            "name": "keep",
            "type": "options",
            "default": "firstItems",
            "options": option_list(("First Items", "firstItems"), ("Last Items", "lastItems")),
            "description": "Whether the items kept are those at the start or at the end",
        },
    ]


def limit_items(run: NodeRun) -> list[Item]:
    """The first or last `maxItems` items (parameters of the first item)."""
    items = run.items
    params = run.params(0)
    count = params.get("maxItems", 1)
    if count > len(items):
        return list(items)
    if params.get("keep", "firstItems") == "firstItems":
        return list(items[: math.trunc(count)])
    return list(items[math.trunc(len(items) - count) : len(items)])


class LimitNode:
    """At most Max Items items pass."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.limit",))
    description = describe("limit", "Limit", "Restrict the number of items", limit_properties())

    async def run(self, run: NodeRun) -> list[list[Item]]:
        return [limit_items(run)]


LIMIT = LimitNode()
