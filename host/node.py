"""What a node type is to the host: a description plus prepare/execute per item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from kflow.host.descriptors import NodeDescription
    from kflow.host.errors import NodeError
    from kflow.host.http import HttpClient
    from kflow.host.redaction import Redactor

__all__ = ["ItemContext", "NodeType"]


@dataclass(frozen=True)
class ItemContext:
    """Everything a node sees while handling one item.

    Attributes:
        node_name: The node's name in the flow.
        item_index: Index of the input item.
        item: The input item's json.
        params: Resolved parameters for this item (defaults filled in).
        credentials: Credential data by credential type name (secrets included: never print).
        redactor: Masks every secret of the run.
    """

    node_name: str
    item_index: int
    item: dict[str, Any]
    params: dict[str, Any]
    credentials: dict[str, dict[str, Any]] = field(repr=False)
    redactor: Redactor = field(repr=False)

    def param(self, name: str) -> Any:
        """A resolved parameter's value."""
        return self.params.get(name)


@runtime_checkable
class NodeType(Protocol):
    """A node type the runner can execute.

    `prepare` is pure: it validates the item's parameters and builds what `execute` will send,
    so that bad input is reported before any request leaves. `execute` does the I/O and returns
    the output items' json for that one input item.
    """

    description: NodeDescription

    def prepare(self, ctx: ItemContext) -> Any: ...

    async def execute(
        self, ctx: ItemContext, prepared: Any, http: HttpClient
    ) -> list[dict[str, Any]]: ...

    def error_output(self, ctx: ItemContext, prepared: Any, error: NodeError) -> dict[str, Any]: ...
