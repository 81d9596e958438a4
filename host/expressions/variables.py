"""What one evaluation sees: the item, its node's inputs, earlier nodes' outputs, the clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from kflow.host.items import Item

__all__ = ["DEFAULT_EXECUTION", "DEFAULT_WORKFLOW", "ExpressionScope"]

DEFAULT_WORKFLOW: Mapping[str, Any] = MappingProxyType({"id": "", "name": "", "active": False})
DEFAULT_EXECUTION: Mapping[str, Any] = MappingProxyType({"id": "", "mode": "manual"})


@dataclass
class ExpressionScope:
    """What one evaluation sees.

    Attributes:
        items: The current node's input items.
        index: Index of the current item.
        outputs: Outputs (item lists per output) of every node that has run, by name.
        now: The run's start time.
        timezone: IANA zone of `$now`, `$today` and new DateTimes.
        env: Environment variables, or None when `$env` is blocked.
        node: The node whose parameters are evaluated.
        workflow: `$workflow`.
        execution: `$execution`.
        offset: Where `items` start in the whole input (streamed runs see it in windows), so
            that `$itemIndex` counts across windows.
        run_index: `$runIndex`: how many times the node ran before in this execution.
        contexts: Nodes' contexts (scalar values) as `$("Node").context` shows them.
    """

    items: list[Item]
    index: int
    outputs: Mapping[str, list[list[Item]]] = field(default_factory=dict)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    timezone: str = "UTC"
    env: Mapping[str, str] | None = None
    node: str = ""
    workflow: Mapping[str, Any] = field(default_factory=lambda: DEFAULT_WORKFLOW)
    execution: Mapping[str, Any] = field(default_factory=lambda: DEFAULT_EXECUTION)
    offset: int = 0
    run_index: int = 0
    contexts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def at(self, index: int) -> ExpressionScope:
        """The same scope for another item of the same items (a copy; this one is kept)."""
        copy = object.__new__(ExpressionScope)
        copy.__dict__.update(self.__dict__)
        copy.index = index
        return copy

    @property
    def item(self) -> Item:
        """The current item (an empty one past the end)."""
        return self.items[self.index] if self.index < len(self.items) else {"json": {}}
