"""Flow files: n8n-shaped YAML (nodes and connections) loaded into pydantic models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from kflow.host.errors import ConfigError

__all__ = ["Flow", "FlowNode", "load_flow", "parse_flow"]


class FlowNode(BaseModel):
    """A node in a flow, with n8n's `INode` field names."""

    model_config = ConfigDict(extra="forbid")

    name: str
    type: str
    typeVersion: int | float = 1
    parameters: dict[str, Any] = Field(default_factory=dict)
    credentials: dict[str, Any] = Field(default_factory=dict)
    continueOnFail: bool = False
    disabled: bool = False
    notes: str | None = None
    id: str | None = None
    position: list[float] | None = None


class Flow(BaseModel):
    """A flow: named nodes plus n8n-shaped connections.

    Connections take n8n's form (`{A: {main: [[{node: B, type: main, index: 0}]]}}`) or the
    short form `{A: [B]}`; both are stored as output index -> target node names.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = "flow"
    nodes: list[FlowNode]
    connections: dict[str, list[list[str]]] = Field(default_factory=dict)

    @field_validator("connections", mode="before")
    @classmethod
    def _normalise_connections(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {source: _outputs(source, targets) for source, targets in value.items()}

    def node(self, name: str) -> FlowNode:
        """The node called `name`."""
        for node in self.nodes:
            if node.name == name:
                return node
        raise ConfigError(f"flow {self.name!r}: no node named {name!r}")

    def chain(self) -> list[FlowNode]:
        """The nodes in execution order, for a flow that is one straight line.

        Raises:
            ConfigError: Duplicate names, a connection to a missing node, a branch, a join,
                a cycle, or a node not on the line.
        """
        names = [n.name for n in self.nodes]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ConfigError(f"flow {self.name!r}: two nodes are named {duplicates[0]!r}")
        following: dict[str, str] = {}
        incoming: dict[str, str] = {}
        for source, outputs in self.connections.items():
            self.node(source)
            targets = [t for output in outputs for t in output]
            for target in targets:
                self.node(target)
            if len(targets) > 1 or len(outputs) > 1:
                raise ConfigError(
                    f"flow {self.name!r}: node {source!r} branches; this version of kflow runs "
                    "flows that are one straight line of nodes"
                )
            if targets:
                if targets[0] in incoming:
                    raise ConfigError(
                        f"flow {self.name!r}: node {targets[0]!r} has two inputs; "
                        "this version of kflow runs one straight line of nodes"
                    )
                following[source] = targets[0]
                incoming[targets[0]] = source
        starts = [n for n in names if n not in incoming]
        if len(starts) != 1:
            raise ConfigError(
                f"flow {self.name!r}: expected one first node, found {len(starts)}"
                + (f" ({', '.join(starts)})" if starts else " (the connections form a cycle)")
            )
        order = [starts[0]]
        while order[-1] in following:
            nxt = following[order[-1]]
            if nxt in order:
                raise ConfigError(f"flow {self.name!r}: the connections form a cycle at {nxt!r}")
            order.append(nxt)
        missing = [n for n in names if n not in order]
        if missing:
            raise ConfigError(f"flow {self.name!r}: node {missing[0]!r} is not connected")
        return [self.node(n) for n in order]


def _outputs(source: str, value: Any) -> list[list[str]]:
    if isinstance(value, dict):
        value = value.get("main", [])
        return [[_target(source, t) for t in (output or [])] for output in value]
    if isinstance(value, list):
        return [[_target(source, t) for t in value]]
    if isinstance(value, str):
        return [[value]]
    raise ValueError(f"connections of {source!r} must be a list or n8n's {{main: [...]}}")


def _target(source: str, target: Any) -> str:
    if isinstance(target, str):
        return target
    if isinstance(target, dict) and isinstance(target.get("node"), str):
        return str(target["node"])
    raise ValueError(f"a connection of {source!r} names no node: {target!r}")


def parse_flow(data: Any, *, source: str) -> Flow:
    """A Flow from already-parsed YAML or JSON.

    Raises:
        ConfigError: The data is not a valid flow; the message names `source`.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a flow must be a mapping with 'nodes' and 'connections'")
    try:
        return Flow.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{source}: {where}: {first['msg']}") from None


def load_flow(path: Path) -> Flow:
    """Reads a YAML (or JSON) flow file.

    Raises:
        ConfigError: The file is missing, not YAML, or not a valid flow.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}") from None
    try:
        data = YAML(typ="safe").load(text)
    except YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    return parse_flow(data, source=str(path))
