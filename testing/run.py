"""Running a node or a flow over items in a test, the way `kflow` runs them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow as _run_flow
from kflow.host.errors import ConfigError
from kflow.host.flow import Flow, FlowNode, parse_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.http import Transport
from kflow.host.items import Item, make_item
from kflow.host.redaction import Redactor
from kflow.host.registry import credential_definitions, load_node
from kflow.host.settings import RunSettings, http_client

__all__ = ["run_flow", "run_node"]


async def run_node(
    node_type: str,
    items: list[Mapping[str, Any]] | None = None,
    parameters: Mapping[str, Any] | None = None,
    *,
    credentials: Mapping[str, Mapping[str, Any]] | None = None,
    transport: Transport | None = None,
    settings: RunSettings | None = None,
    on_error: str | None = None,
) -> list[Item]:
    """Runs one installed node over items (plain json objects) and returns its output items,
    each with its `pairedItem`.

    Args:
        node_type: The node type's name (`kflow nodes` lists them).
        items: The input items' json; one empty item when not given.
        parameters: The node's parameters, as a flow stores them (expressions start with `=`).
        credentials: Credential data by credential type name.
        transport: Answers HTTP requests instead of the network (a MemoryTransport).
        settings: Run settings (concurrency, retries, time zone, $env).
        on_error: n8n's onError: stopWorkflow (default), continueRegularOutput,
            continueErrorOutput.

    Raises:
        NodeError: The node failed and on_error is stopWorkflow.
        ConfigError: The node type is not installed, or credentials are missing.
    """
    node = load_node(node_type)
    name = node.description.defaults.get("name") or node.description.displayName
    spec = FlowNode(name=name, type=node_type, parameters=dict(parameters or {}), onError=on_error)
    return await _run(Flow(name=name, nodes=[spec]), items, credentials, transport, settings)


async def run_flow(
    flow: Flow | Mapping[str, Any] | str | Path,
    items: list[Mapping[str, Any]] | None = None,
    *,
    credentials: Mapping[str, Mapping[str, Any]] | None = None,
    transport: Transport | None = None,
    settings: RunSettings | None = None,
) -> list[Item]:
    """Runs a flow (a Flow, its data, or a YAML / n8n JSON file) and returns what its last
    node output. `items`, when given, replace the first node's items."""
    if isinstance(flow, str | Path):
        path = Path(flow)
        flow = parse_flow(load_flow_data(path).data, source=str(path))
    elif not isinstance(flow, Flow):
        flow = parse_flow(dict(flow), source="test flow")
    return await _run(flow, items, credentials, transport, settings)


async def _run(
    flow: Flow,
    items: list[Mapping[str, Any]] | None,
    credentials: Mapping[str, Mapping[str, Any]] | None,
    transport: Transport | None,
    settings: RunSettings | None,
) -> list[Item]:
    settings = settings or RunSettings(retries=1)
    creds = Credentials(Redactor())
    definitions = credential_definitions()
    for type_name, data in (credentials or {}).items():
        if type_name not in definitions:
            known = ", ".join(sorted(definitions)) or "none"
            raise ConfigError(f"unknown credential type {type_name!r}; installed: {known}")
        creds.add(definitions[type_name], dict(data))
    given = None if items is None else [make_item(dict(item)) for item in items]
    async with http_client(settings, transport) as client:
        result = await _run_flow(
            flow, credentials=creds, settings=settings, items=given, http=client
        )
    return [
        {
            "json": item["json"],
            **({"pairedItem": item["pairedItem"]} if "pairedItem" in item else {}),
            **({"binary": item["binary"]} if item.get("binary") else {}),
        }  # type: ignore[typeddict-item]
        for item in result.items
    ]
