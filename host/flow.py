"""Flow files: n8n-shaped nodes and connections, from YAML flows or n8n workflow exports."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kflow.host.errors import ConfigError
from kflow.host.settings import NodeSettings

__all__ = ["NODE_SETTINGS", "Connection", "Flow", "FlowNode", "parse_flow"]

NODE_SETTINGS = (
    "onError",
    "continueOnFail",
    "retryOnFail",
    "maxTries",
    "waitBetweenTries",
    "alwaysOutputData",
    "executeOnce",
)
"""The node fields that are run settings (they may also sit under `settings`)."""


class Connection(BaseModel):
    """A link to a node's input."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    node: str
    type: str = "main"
    index: int = 0


class FlowNode(BaseModel):
    """A node in a flow, with n8n's `INode` field names.

    Settings may sit on the node itself (as n8n exports them) or under `settings`.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    type: str = Field(min_length=1)
    typeVersion: int | float | None = Field(
        default=None, description="The node type's version; left out, its default version."
    )
    parameters: dict[str, Any] = Field(default_factory=dict)
    credentials: dict[str, Any] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    disabled: bool = False
    notes: str | None = None
    notesInFlow: bool | None = None
    id: str | None = None
    position: list[float] | None = None
    webhookId: str | None = None
    onError: str | None = None
    continueOnFail: bool | None = None
    retryOnFail: bool | None = None
    maxTries: int | None = None
    waitBetweenTries: int | None = None
    alwaysOutputData: bool | None = None
    executeOnce: bool | None = None

    def node_settings(self) -> NodeSettings:
        """The node's settings, from its own fields and its `settings` block."""
        values = {k: getattr(self, k) for k in NODE_SETTINGS if getattr(self, k) is not None}
        values.update(self.settings)
        return NodeSettings.model_validate(values)

    def credential_name(self, type_name: str) -> str | None:
        """The named credential entry this node uses for a credential type, if it names one."""
        ref = self.credentials.get(type_name)
        if isinstance(ref, str):
            return ref
        if isinstance(ref, dict) and isinstance(ref.get("name"), str):
            return str(ref["name"])
        return None


class Flow(BaseModel):
    """A flow: nodes, and connections from an output of one node to an input of another.

    Connections are stored as `{source: {output: [Connection]}}`, where `output` is an
    index (`"0"`, `"1"`) or an output's name (`"true"`, `"error"`). Written forms: n8n's
    `{A: {main: [[{node: B, type: main, index: 0}], …]}}`, the short `{A: [B, C]}`, and
    named outputs `{If: {true: [X], false: [Y]}}`.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = "flow"
    nodes: list[FlowNode]
    connections: dict[str, dict[str, list[Connection]]] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    # Fields of n8n exports that kflow keeps but does not use.
    id: str | None = None
    active: bool | None = None
    pinData: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None
    versionId: str | None = None
    tags: list[Any] | None = None
    staticData: Any = None
    triggerCount: int | None = None
    createdAt: str | None = None
    updatedAt: str | None = None
    isArchived: bool | None = None
    description: str | None = None

    @field_validator("connections", mode="before")
    @classmethod
    def _normalise_connections(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {source: _outputs(source, targets) for source, targets in value.items()}

    def node(self, name: str) -> FlowNode | None:
        """The node called `name`, or None."""
        return next((n for n in self.nodes if n.name == name), None)


def _outputs(source: str, value: Any) -> dict[str, list[Any]]:
    if value is None:
        return {}
    if isinstance(value, str | list):
        return {"0": _targets(source, value)}
    if not isinstance(value, dict):
        raise ValueError(f"connections of {source!r} must be a list, a node name or a mapping")
    if set(value) == {"main"}:
        outputs = value["main"] or []
        return {str(i): _targets(source, out or []) for i, out in enumerate(outputs)}
    return {str(key): _targets(source, targets) for key, targets in value.items()}


def _targets(source: str, value: Any) -> list[Any]:
    items = value if isinstance(value, list) else [value]
    targets = []
    for target in items:
        if isinstance(target, str):
            targets.append({"node": target})
        elif isinstance(target, dict):
            targets.append(target)
        else:
            raise ValueError(f"a connection of {source!r} names no node: {target!r}")
    return targets


def parse_flow(data: Any, *, source: str) -> Flow:
    """A Flow from parsed YAML or JSON.

    Raises:
        ConfigError: Not a valid flow; the message names `source` and the place.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a flow must be a mapping with 'nodes' and 'connections'")
    try:
        return Flow.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{source}: {where}: {first['msg']}") from None
