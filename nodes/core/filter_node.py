"""filter: keeps the items that meet the conditions (n8n's Filter, version 2)."""

from __future__ import annotations

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core._conditional import CONDITIONS_PROPERTY, OPTIONS_PROPERTY, split_items
from kflow.nodes.core.base import describe

__all__ = ["FILTER", "FilterNode"]


class FilterNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.filter",), streams=True)
    description = describe(
        "filter",
        "Filter",
        "Keep only the items that meet the conditions",
        [
            CONDITIONS_PROPERTY,
            {
                "displayName": "Loose Type Validation",
                "name": "looseTypeValidation",
                "type": "boolean",
                "default": False,
            },
            OPTIONS_PROPERTY,
        ],
        version=[2, 2.2],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        passed, _, failed = split_items(run)
        return [passed + failed]


FILTER = FilterNode()
