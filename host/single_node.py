"""The one door for running a node alone: a one-node flow, run by the engine.

Item nodes and batch nodes run here exactly as they do in `kflow run`, `kflow node` and
`kflow serve`: the engine builds the node run (parameters, settings, credentials, `$env`,
the HTTP client) and dispatches on the node's protocol.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import ConfigError
from kflow.host.flow import Flow, FlowNode
from kflow.host.http import HttpClient
from kflow.host.items import Item
from kflow.host.redaction import Redactor
from kflow.host.registry import credential_definitions, load_node
from kflow.host.settings import NodeSettings, RunSettings

__all__ = ["load_credentials", "output_items", "run_node"]


async def run_node(
    node_type: str,
    items: list[Item] | None = None,
    parameters: Mapping[str, Any] | None = None,
    *,
    node_name: str | None = None,
    type_version: float | None = None,
    credentials: Mapping[str, Mapping[str, Any]] | None = None,
    redactor: Redactor | None = None,
    settings: RunSettings | None = None,
    node_settings: NodeSettings | None = None,
    http: HttpClient | None = None,
    base_dir: Path | None = None,
) -> list[Item]:
    """Runs an installed node over `items` and returns its first output's items, each with
    its `pairedItem` (and `binary` when it holds files).

    For an item node every item is prepared (parameters resolved, validated, request built)
    before any request is sent, so bad input stops the run before it touches the remote
    side. With `continueErrorOutput`, failed items go to the error output and are left out
    here: run a flow to route them.

    Args:
        node_type: The node type's name (`kflow nodes` lists them), e.g. `keitaro`.
        items: Input items; one empty item when not given. An empty list runs nothing.
        parameters: The node's stored parameters (expressions start with `=`).
        node_name: The node's name in the flow (default: its type's default name).
        type_version: The node's `typeVersion` (default: its type's default version).
        credentials: Credential data by credential type name (checked against the
            installed types; their secrets are masked).
        redactor: Masks secrets, besides the credentials' own; one is made when not given.
        settings: The run's settings (concurrency, timeouts, retries, dry run, `$env`).
        node_settings: n8n's node settings (onError, retryOnFail, executeOnce, …).
        http: A client to share; one is opened for this call when not given.
        base_dir: Folder relative file paths are read from (default: the current one).

    Raises:
        NodeOperationError: Bad parameters (before any request), unless continuing on fail.
        NodeApiError: The API failed for an item, unless continuing on fail.
        ConfigError: The node type is not installed, or credentials are unknown or missing.
    """
    if items == []:
        return []  # as in a flow, a node that receives no items does not run
    if node_name is None:
        description = load_node(node_type, type_version).description
        node_name = description.defaults.get("name") or description.displayName
    spec = FlowNode(
        name=node_name,
        type=node_type,
        typeVersion=type_version,
        parameters=dict(parameters or {}),
        settings=(node_settings or NodeSettings()).model_dump(exclude_defaults=True),
    )
    result = await run_flow(
        Flow(name=node_name, nodes=[spec]),
        credentials=load_credentials(credentials, redactor),
        settings=settings,
        items=items,
        http=http,
        base_dir=base_dir,
    )
    return output_items(result.items)


def load_credentials(
    data: Mapping[str, Mapping[str, Any]] | None, redactor: Redactor | None = None
) -> Credentials:
    """Credentials from data by credential type name, each checked against its installed
    type, its secrets registered with `redactor`.

    Raises:
        ConfigError: An unknown credential type, or data its type rejects.
    """
    loaded = Credentials(redactor or Redactor())
    if not data:
        return loaded
    definitions = credential_definitions()
    for type_name, values in data.items():
        if type_name not in definitions:
            known = ", ".join(sorted(definitions)) or "none"
            raise ConfigError(f"unknown credential type {type_name!r}; installed: {known}")
        loaded.add(definitions[type_name], dict(values))
    return loaded


def output_items(items: list[Item]) -> list[Item]:
    """Output items as a caller sees them: json, pairedItem and binary, without the
    engine's lineage."""
    shown: list[Item] = []
    for item in items:
        kept: Item = {"json": item["json"]}
        if "pairedItem" in item:
            kept["pairedItem"] = item["pairedItem"]
        if item.get("binary"):
            kept["binary"] = item["binary"]
        shown.append(kept)
    return shown
