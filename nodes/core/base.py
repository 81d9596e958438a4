"""Shared by the core nodes: their description builder, and the per-item loop of nodes that
handle each item on its own. They are host.node.BatchNode's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kflow.host import Item, NodeDescription, NodeOperationError, NodeRun

__all__ = ["describe", "each_item"]


def describe(
    name: str, display: str, summary: str, properties: list[dict[str, Any]], **extra: Any
) -> NodeDescription:
    """A core node's description (group transform, one main input and output by default)."""
    return NodeDescription.model_validate(
        {
            "displayName": display,
            "name": name,
            "group": ["transform"],
            "version": 1,
            "description": summary,
            "defaults": {"name": display},
            "properties": properties,
            **extra,
        }
    )


def each_item(run: NodeRun, one: Callable[[int, Item], Item]) -> list[Item]:
    """`one(index, item)` for every input item, in order. An item whose call raises a
    NodeOperationError is numbered in it and handled as the node's onError says."""
    output: list[Item] = []
    for index, item in enumerate(run.items):
        try:
            output.append(one(index, item))
        except NodeOperationError as error:
            if error.item_index is None:
                error.item_index = index
                error.args = (error.render(),)
            failed = run.item_failed(index, error)
            if failed is not None:
                output.append(failed)
    return output
