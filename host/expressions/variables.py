"""The variables an expression sees: `$json`, `$input`, `$('Node')`, `$node`, `$now`, …"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kflow.host.expressions.luxon import DateTime
from kflow.host.items import Item

__all__ = ["ExpressionScope", "ItemView", "NodeRef"]


class ExpressionLookupError(LookupError):
    """A variable that cannot give what was asked (a node that has not run, no paired item)."""


class ItemView:
    """An item as expressions see it: `.json`, `.pairedItem`."""

    def __init__(self, item: Item) -> None:
        self.json = item.get("json", {})
        self.pairedItem = item.get("pairedItem")

    def __repr__(self) -> str:
        return f"Item({self.json!r})"


class InputView:
    """`$input`: the current node's input items."""

    def __init__(self, items: list[Item], index: int) -> None:
        self._items = items
        self._index = index

    @property
    def item(self) -> ItemView:
        return ItemView(self._items[self._index])

    def all(self) -> list[ItemView]:
        return [ItemView(i) for i in self._items]

    def first(self) -> ItemView:
        if not self._items:
            raise ExpressionLookupError("the input has no items")
        return ItemView(self._items[0])

    def last(self) -> ItemView:
        if not self._items:
            raise ExpressionLookupError("the input has no items")
        return ItemView(self._items[-1])


class NodeRef:
    """`$('Name')` / `$node["Name"]`: another node's output, reached through paired items."""

    def __init__(
        self, name: str, outputs: list[list[Item]] | None, lineage: Mapping[str, Any]
    ) -> None:
        self._name = name
        self._outputs = outputs
        self._lineage = lineage

    def _output(self) -> list[Item]:
        if self._outputs is None:
            raise ExpressionLookupError(f"node {self._name!r} has not run (or does not exist)")
        return self._outputs[0] if self._outputs else []

    @property
    def item(self) -> ItemView:
        """The item of that node that the current item comes from (through paired items)."""
        self._output()
        output, index = self._lineage.get(self._name, (None, None))
        assert self._outputs is not None
        if output is None or index >= len(self._outputs[output]):
            raise ExpressionLookupError(
                f"no item of {self._name!r} is paired with the current item"
            )
        return ItemView(self._outputs[output][index])

    @property
    def json(self) -> dict[str, Any]:
        return self.item.json

    @property
    def isExecuted(self) -> bool:
        return self._items is not None

    def first(self) -> ItemView:
        items = self._output()
        if not items:
            raise ExpressionLookupError(f"node {self._name!r} output no items")
        return ItemView(items[0])

    def last(self) -> ItemView:
        items = self._output()
        if not items:
            raise ExpressionLookupError(f"node {self._name!r} output no items")
        return ItemView(items[-1])

    def all(self) -> list[ItemView]:
        return [ItemView(i) for i in self._output()]


class _Nodes(Mapping[str, NodeRef]):
    """`$node`: node outputs by name."""

    def __init__(self, make: Callable[[str], NodeRef], names: list[str]) -> None:
        self._make = make
        self._names = names

    def __getitem__(self, name: str) -> NodeRef:
        return self._make(name)

    def __iter__(self) -> Any:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class _BlockedEnv(Mapping[str, str]):
    def __getitem__(self, name: str) -> str:
        raise ExpressionLookupError(
            "$env is blocked: run with --allow-env to read environment variables"
        )

    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0


@dataclass
class ExpressionScope:
    """What one evaluation sees.

    Attributes:
        items: The current node's input items.
        index: Index of the current item.
        outputs: Outputs (item lists per output) of every node that has run, by name.
        now: The run's start time.
        timezone: IANA zone of `$now` and `$today`.
        env: Environment variables, or None when `$env` is blocked.
    """

    items: list[Item]
    index: int
    outputs: Mapping[str, list[list[Item]]] = field(default_factory=dict)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    timezone: str = "UTC"
    env: Mapping[str, str] | None = None

    def variables(self, names: frozenset[str] | None = None) -> dict[str, Any]:
        """The names Jinja sees (`$json` is `k_json`, and so on); only `names` when given."""
        current = self.items[self.index] if self.index < len(self.items) else {"json": {}}
        if names is not None and names <= {"k_json", "k_itemIndex"}:
            return {"k_json": current.get("json", {}), "k_itemIndex": self.index}
        lineage = current.get("lineage", {})  # type: ignore[typeddict-item]

        def node(name: str) -> NodeRef:
            return NodeRef(name, self.outputs.get(name), lineage)

        local_now = self.now.astimezone(ZoneInfo(self.timezone))
        return {
            "k_json": current.get("json", {}),
            "k_input": InputView(self.items, self.index),
            "k_itemIndex": self.index,
            "k_node": _NodeCall(node, list(self.outputs)),
            "k_now": DateTime(local_now),
            "k_today": DateTime(local_now.replace(hour=0, minute=0, second=0, microsecond=0)),
            "k_env": dict(self.env) if self.env is not None else _BlockedEnv(),
            "k_ifEmpty": _if_empty,
        }


class _NodeCall(_Nodes):
    """Both `$('Name')` (called) and `$node["Name"]` (indexed)."""

    def __call__(self, name: str) -> NodeRef:
        return self[name]


def _if_empty(value: Any, default: Any) -> Any:
    """`$ifEmpty(value, default)`: the default for None, "", [] and {}."""
    return default if value in (None, "", [], {}) else value
