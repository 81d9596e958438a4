"""What a core node is: a description and `run(NodeRun) -> outputs`, over all items at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from kflow.host.descriptors import NodeDescription

if TYPE_CHECKING:
    from kflow.host.engine.context import NodeRun
    from kflow.host.items import Item

__all__ = ["CoreNode", "describe"]


class CoreNode(Protocol):
    """A node that sees all its input items (and inputs) at once, like n8n's execute()."""

    description: NodeDescription

    async def run(self, run: NodeRun) -> list[list[Item]]: ...


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
