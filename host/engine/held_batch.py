"""A batch node's run in a dry run: requests held back become its items' outputs.

A batch node (HTTP Request) sends its items' requests itself, so a held request ends its
run (RequestHeld goes through the node; it handles failures, not held requests). The run
is then made again one item at a time, so that each item shows its own outcome: its real
output when all its requests were sent (reads, in a dry run of writes), or the request
held back. Requests that only read, sent for the items before the first held one, are
sent a second time by that pass. Item by item, `$input.all()` sees the one item.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from kflow.host.held import HeldRequest, RequestHeld, announce
from kflow.host.items import Item
from kflow.host.node import BatchNode
from kflow.host.node_run import NodeRun
from kflow.host.redaction import Redactor

__all__ = ["held_item", "run_holding"]

_STOPPED = (
    "the node stopped at this request, the first it would have sent; what it would "
    "have output is not known"
)


async def run_holding(node: BatchNode, run: NodeRun, redactor: Redactor) -> list[list[Item]] | None:
    """The node's outputs; where a dry run held a request back, the item's output is
    `{dryRun: true, request, input}` (announced on stderr), paired to the input item."""
    try:
        return await node.run(run)
    except RequestHeld as first:
        held = first.held.masked(redactor)
    run.error_items.clear()
    if len(run.inputs) != 1 or not run.items:
        announce(held, redactor)
        return [_stopped(run.items, held)]
    outputs: list[list[Item]] = []
    for index, item in enumerate(run.items):
        single = dataclasses.replace(
            run,
            inputs=[[item]],
            item_offset=run.item_offset + index,
            error_items=[],
            _params={},
        )
        try:
            found = await node.run(single)
        except RequestHeld as again:
            request = again.held.masked(redactor)
            announce(request, redactor)
            found = [[held_item(item, index, request)]]
        run.error_items.extend(_repaired(it, index) for it in single.error_items)
        for number, items in enumerate(found or []):
            while len(outputs) <= number:
                outputs.append([])
            outputs[number].extend(_repaired(it, index) for it in items)
    return outputs


def held_item(item: Item, index: int, request: HeldRequest) -> Item:
    """The output of input item `index` whose request was held back."""
    data = {"dryRun": True, "request": request.describe(), "input": item.get("json", {})}
    return {"json": data, "pairedItem": {"item": index}}


def _stopped(items: list[Item], held: HeldRequest) -> list[Item]:
    """A node that cannot be run item by item (several inputs, or none): one item with the
    request it stopped at, paired to all its input items."""
    data = {"dryRun": True, "request": held.describe(), "input": None, "note": _STOPPED}
    return [{"json": data, "pairedItem": [{"item": i} for i in range(len(items))]}]  # type: ignore[typeddict-item]


def _repaired(item: Item, index: int) -> Item:
    """An output of a one-item run, paired to input item `index` of the whole run."""
    paired: Any = item.get("pairedItem")
    if paired is None:
        return {**item, "pairedItem": {"item": index}}  # type: ignore[typeddict-item]
    return {**item, "pairedItem": _moved(paired, index)}  # type: ignore[typeddict-item]


def _moved(paired: Any, index: int) -> Any:
    if isinstance(paired, list):
        return [_moved(entry, index) for entry in paired]
    if isinstance(paired, int):
        return index
    if isinstance(paired, dict):
        return {**paired, "item": index}
    return paired
