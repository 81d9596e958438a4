"""What a node type is to the host: an item node or a batch node, and its traits.

The engine dispatches on the two protocols and reads a node's traits; it never looks at a
node's type name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from kflow.host.binary import BinaryError, BinaryStore
from kflow.host.errors import NodeOperationError

if TYPE_CHECKING:
    from kflow.host.descriptors import NodeDescription
    from kflow.host.errors import NodeError
    from kflow.host.http import HttpClient
    from kflow.host.items import Item, ItemWithFiles
    from kflow.host.node_run import NodeRun
    from kflow.host.redaction import Redactor

__all__ = ["BatchNode", "ItemContext", "ItemNode", "NodeTraits", "NodeType", "traits_of"]


@dataclass(frozen=True)
class NodeTraits:
    """What the host needs to know about a node type, declared by the node itself.

    Attributes:
        n8n_types: The n8n type names this node runs (`n8n-nodes-base.set`), so that n8n
            workflow exports load.
        streams: Whether the node handles each item on its own, so that a flow of such
            nodes can run window by window in flat memory. A function of the node's
            parameters when that depends on them.
        takes_run_input: Whether items given to the run (`--input`) replace this node's own
            output instead of being fed into it (a flow's source node).
        trigger: What starts the node under `kflow serve`: "schedule" (its parameters are a
            Schedule Trigger's rules) or "request" (a Webhook's); None for other nodes.
        annotation: A note on the canvas (n8n's Sticky Note): kept with the flow and
            exported again, never connected, never run.
        required_inputs: For a node with several inputs, what must have arrived before a
            v1 run starts it with some inputs missing (n8n's requiredInputs): a count, the
            indexes, or a function of the node's stored parameters; None: any one input.
        outputs: The node's output names when they depend on its parameters (Switch's
            rules): a function of its stored parameters (defaults not filled in) and its
            version. None: the description's outputs.
        inputs: The node's input count when it depends on its parameters (Merge's
            numberInputs), likewise. None: the description's inputs.
        n8n_chain: For a kflow node with no n8n type that passes its items on unchanged
            (writeFile): the n8n nodes that do its work, given its stored parameters, as a
            chain of `{type, typeVersion, parameters}` the export runs on a branch beside
            its children. Raises ConfigError for parameters n8n cannot do.
    """

    n8n_types: tuple[str, ...] = ()
    streams: bool | Callable[[Mapping[str, Any]], bool] = False
    takes_run_input: bool = False
    trigger: Literal["schedule", "request"] | None = None
    annotation: bool = False
    required_inputs: (
        int | tuple[int, ...] | Callable[[Mapping[str, Any]], int | tuple[int, ...]] | None
    ) = None
    outputs: Callable[[Mapping[str, Any], float], list[str]] | None = None
    inputs: Callable[[Mapping[str, Any], float], int] | None = None
    n8n_chain: Callable[[Mapping[str, Any]], list[dict[str, Any]]] | None = None

    def streams_with(self, parameters: Mapping[str, Any]) -> bool:
        """Whether the node streams with these parameters."""
        return self.streams(parameters) if callable(self.streams) else self.streams


def traits_of(node: object) -> NodeTraits:
    """A node's declared traits (none declared: it neither streams nor takes run input)."""
    traits = getattr(node, "traits", None)
    return traits if isinstance(traits, NodeTraits) else NodeTraits()


@dataclass(frozen=True, init=False)
class ItemContext:
    """Everything a node sees while handling one item.

    Attributes:
        node_name: The node's name in the flow.
        item_index: Index of the input item.
        item: The input item's json.
        params: Resolved parameters for this item (defaults filled in).
        credentials: Credential data by credential type name (secrets included: never print).
        redactor: Masks every secret of the run.
        binary: The input item's files (n8n's `binary`: property name → entry).
        files: Reads those files' bytes (host/binary.py).
    """

    node_name: str
    item_index: int
    item: dict[str, Any]
    params: dict[str, Any]
    credentials: dict[str, dict[str, Any]] = field(repr=False)
    redactor: Redactor = field(repr=False)
    binary: dict[str, Any] = field(default_factory=dict, repr=False)
    files: BinaryStore = field(default_factory=lambda: BinaryStore(None), repr=False)

    def __init__(
        self,
        node_name: str,
        item_index: int,
        item: dict[str, Any],
        params: dict[str, Any],
        credentials: dict[str, dict[str, Any]],
        redactor: Redactor,
        binary: dict[str, Any] | None = None,
        files: BinaryStore | None = None,
    ) -> None:
        # Made once per item: the fields are stored directly rather than each through the
        # frozen class's __setattr__.
        fields = self.__dict__
        fields["node_name"] = node_name
        fields["item_index"] = item_index
        fields["item"] = item
        fields["params"] = params
        fields["credentials"] = credentials
        fields["redactor"] = redactor
        fields["binary"] = {} if binary is None else binary
        fields["files"] = BinaryStore(None) if files is None else files

    def param(self, name: str) -> Any:
        """A resolved parameter's value."""
        return self.params.get(name)

    def binary_file(self, name: str, parameter: str) -> tuple[bytes, dict[str, Any]]:
        """The bytes and entry of the input item's file `name`.

        Raises:
            NodeOperationError: The item has no such file, or its data cannot be read
                (`parameter` names the parameter that chose it).
        """
        entry = self.binary.get(name)
        if not isinstance(entry, dict):
            have = ", ".join(sorted(self.binary)) or "none"
            raise NodeOperationError(
                self.node_name,
                f"the item has no binary field {name!r} (its binary fields: {have})",
                description="name a binary field the item has, or make the file first "
                "(Convert to File, Read/Write Files, HTTP Request with a file response)",
                item_index=self.item_index,
                parameter=parameter,
            )
        try:
            return self.files.read(entry), entry
        except BinaryError as exc:
            raise NodeOperationError(
                self.node_name, str(exc), item_index=self.item_index, parameter=parameter
            ) from None


@runtime_checkable
class ItemNode(Protocol):
    """A node that handles each item on its own; the runner owns the loop and concurrency.

    `prepare` is pure: it validates the item's parameters and builds what `execute` will send,
    so that bad input is reported before any request leaves. `execute` does the I/O and returns
    the output items' json for that one input item.
    """

    description: NodeDescription

    def prepare(self, ctx: ItemContext) -> Any: ...

    async def execute(
        self, ctx: ItemContext, prepared: Any, http: HttpClient
    ) -> list[dict[str, Any] | ItemWithFiles]:
        """The output items of one input item: their json, or ItemWithFiles for an item
        that carries files."""
        ...

    def error_output(self, ctx: ItemContext, prepared: Any, error: NodeError) -> dict[str, Any]: ...


@runtime_checkable
class BatchNode(Protocol):
    """A node that sees all its input items (and inputs) at once, like n8n's execute()."""

    description: NodeDescription

    async def run(self, run: NodeRun) -> list[list[Item]] | None:
        """The items of each output; None when the node gives nothing at all, not even an
        empty run (n8n's null: its branch stops and the run is not recorded)."""
        ...


NodeType = ItemNode | BatchNode
"""Any node the engine can run."""
