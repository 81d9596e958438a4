"""noOp: passes its items through unchanged (n8n's "No Operation, do nothing")."""

from __future__ import annotations

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core.base import describe

__all__ = ["NoOpNode"]


class NoOpNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.noOp",), streams=True)
    description = describe("noOp", "No Operation", "Pass the items through", [])

    async def run(self, run: NodeRun) -> list[list[Item]]:
        return [
            [{"json": item["json"], "pairedItem": {"item": i}} for i, item in enumerate(run.items)]
        ]
