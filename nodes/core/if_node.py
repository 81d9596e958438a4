"""if: routes each item to the true or the false output (n8n's If, version 2)."""

from __future__ import annotations

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core._conditional import CONDITIONS_PROPERTY, OPTIONS_PROPERTY, split_items
from kflow.nodes.core.base import describe

__all__ = ["IF", "IfNode"]


class IfNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.if",), streams=True)
    description = describe(
        "if",
        "If",
        "Route items to true or false by conditions",
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
        outputs=["main", "main"],
        outputNames=["true", "false"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        passed, rejected, failed = split_items(run)
        return [passed + failed, rejected]


IF = IfNode()
