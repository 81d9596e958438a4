"""Loop Over Items (Split in Batches 1, 2, 3): hands its input on a batch at a time.

The node runs again each time the loop's last node connects back to it. Its node context
(`run.context`) keeps the items still to come and, from version 2, the items that came
back; when no batch is left, version 1 outputs nothing (the loop ends), versions 2 and 3
output every item that came back on "done". Version 2's outputs are loop, done; version
3's are done, loop.
"""

from __future__ import annotations

import math
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits, VersionedNode
from kflow.nodes.core.base import describe

__all__ = ["SPLIT_IN_BATCHES", "next_batch"]

_NOTICE = {
    "displayName": "You may not need this node — nodes already run once for each input "
    "item. Use it to send items in batches, or to wait between them.",
    "name": "splitInBatchesNotice",
    "type": "notice",
    "default": "",
}


def _properties(default_size: int) -> list[dict[str, Any]]:
    return [
        _NOTICE,
        {
            "displayName": "Batch Size",
            "name": "batchSize",
            "type": "number",
            "typeOptions": {"minValue": 1},
            "default": default_size,
            "description": "How many items each run hands on",
        },
        {
            "displayName": "Options",
            "name": "options",
            "type": "collection",
            "placeholder": "Add option",
            "default": {},
            "options": [
                {
                    "displayName": "Reset",
                    "name": "reset",
                    "type": "boolean",
                    "default": False,
                    "description": "Whether the node starts over with its input as a new set "
                    "of items, instead of going on with the items still to come",
                }
            ],
        },
    ]


def _batch_size(run: NodeRun) -> int:
    """The batch size; a fraction is cut to its whole part, as n8n's splice does."""
    size = run.params(0).get("batchSize")
    if not isinstance(size, int | float) or isinstance(size, bool) or size < 1:
        raise NodeOperationError(
            run.name,
            f"Batch Size must be a number of at least 1, not {size!r}",
            parameter="Batch Size",
        )
    return math.trunc(size)


def next_batch(run: NodeRun, *, keep_returned: bool) -> tuple[list[Item], list[Item]] | None:
    """The next batch and, once none is left, the items that came back (with
    `keep_returned`); None when no batch is left (version 1's end of the loop)."""
    context = run.context
    items = [dict(item) for item in run.items]
    size = _batch_size(run)
    reset = run.params(0).get("options", {}).get("reset") is True
    if "items" not in context or reset:
        batch = items[:size]
        context.update(items=items[size:], processedItems=[], currentRunIndex=0)
        context["maxRunIndex"] = math.ceil(len(items) / size)
    else:
        context["currentRunIndex"] += 1
        batch = context["items"][:size]
        context["items"] = context["items"][size:]
        if keep_returned:
            context["processedItems"] += [_paired(item, index) for index, item in enumerate(items)]
    context["noItemsLeft"] = not context["items"]
    context["done"] = not batch
    if batch:
        return [_paired(item, index) for index, item in enumerate(batch)], []
    return None if not keep_returned else ([], list(context["processedItems"]))


def _paired(item: dict[str, Any], index: int) -> Item:
    paired: Item = {"json": item["json"], "pairedItem": {"item": index}}
    if item.get("binary"):
        paired["binary"] = item["binary"]
    return paired


class SplitInBatchesV1:
    """Version 1: one output; nothing at all once no batch is left."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.splitInBatches",))
    description = describe(
        "splitInBatches",
        "Split In Batches",
        "Split data into batches and iterate over each batch",
        _properties(10),
        version=1,
        group=["organization"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]] | None:
        found = next_batch(run, keep_returned=False)
        return None if found is None else [found[0]]


class SplitInBatchesV2:
    """Version 2: outputs loop, done."""

    traits = SplitInBatchesV1.traits
    description = describe(
        "splitInBatches",
        "Split In Batches",
        "Split data into batches and iterate over each batch",
        _properties(10),
        version=2,
        group=["organization"],
        outputs=["main", "main"],
        outputNames=["loop", "done"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        batch, done = next_batch(run, keep_returned=True) or ([], [])
        return [batch, done]


class SplitInBatchesV3:
    """Version 3 (Loop Over Items): outputs done, loop."""

    traits = SplitInBatchesV1.traits
    description = describe(
        "splitInBatches",
        "Loop Over Items (Split in Batches)",
        "Split data into batches and iterate over each batch",
        _properties(1),
        version=3,
        group=["organization"],
        outputs=["main", "main"],
        outputNames=["done", "loop"],
        defaults={"name": "Loop Over Items"},
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        batch, done = next_batch(run, keep_returned=True) or ([], [])
        return [done, batch]


SPLIT_IN_BATCHES = VersionedNode(
    default=3, implementations=(SplitInBatchesV1(), SplitInBatchesV2(), SplitInBatchesV3())
)
