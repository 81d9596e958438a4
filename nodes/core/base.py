"""Shared by the core nodes: their description builder. They are host.node.BatchNode's."""

from __future__ import annotations

from typing import Any

from kflow.host import NodeDescription

__all__ = ["describe"]


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
