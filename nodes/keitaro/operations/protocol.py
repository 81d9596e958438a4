"""KeitaroOperation: the one face of every Keitaro operation handler.

A declared operation (`Declared`), a download and a module under `resources/` all satisfy
it, so the router, the resource table, the node and the n8n export read them alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from kflow.host import HttpClient, ItemContext, NodeProperty
from kflow.nodes.keitaro.operations.model import Wire
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["KeitaroOperation"]


class KeitaroOperation(Protocol):
    """One operation: its menu entry, properties, wire, example, and how it runs.

    `ROUTE` is `WIRE.route`: method and path are stated once, in `WIRE`.
    """

    @property
    def OPERATION(self) -> Mapping[str, str]:
        """The option in the Операция selector: name, value, description, action."""
        ...

    @property
    def PROPERTIES(self) -> Sequence[NodeProperty]:
        """Its parameters, each shown only for this resource and operation."""
        ...

    @property
    def WIRE(self) -> Wire:
        """Its request as both hosts build it (route and the n8n package's SPEC entry)."""
        ...

    @property
    def ROUTE(self) -> Mapping[str, str]:
        """`{method, path}` (and `api` for the tracker's URLs)."""
        ...

    @property
    def EXAMPLE(self) -> Mapping[str, Any]:
        """Parameters that run as they are against the sandbox."""
        ...

    def prepare(self, ctx: ItemContext, base: str) -> KeitaroRequest:
        """Reads and checks the item's parameters and builds its request (no I/O)."""
        ...

    async def execute(
        self, ctx: ItemContext, http: HttpClient, request: KeitaroRequest
    ) -> list[Any]:
        """Sends the request(s); the output values, one per output item."""
        ...
