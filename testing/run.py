"""Running a node or a flow over items in a test, the way `kflow` runs them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kflow.host.engine import run_flow as _run_flow
from kflow.host.flow import Flow, parse_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.http import Transport
from kflow.host.items import Item, make_item
from kflow.host.settings import NodeSettings, OnError, RunSettings, http_client
from kflow.host.single_node import load_credentials, output_items
from kflow.host.single_node import run_node as _run_node

__all__ = ["run_flow", "run_node"]


async def run_node(
    node_type: str,
    items: list[Mapping[str, Any]] | None = None,
    parameters: Mapping[str, Any] | None = None,
    *,
    credentials: Mapping[str, Mapping[str, Any]] | None = None,
    transport: Transport | None = None,
    settings: RunSettings | None = None,
    on_error: OnError | None = None,
) -> list[Item]:
    """Runs one installed node over items (plain json objects) and returns its output items,
    each with its `pairedItem`: kflow.host.run_node, the one door, with a transport.

    Args:
        node_type: The node type's name (`kflow nodes` lists them).
        items: The input items' json; one empty item when not given.
        parameters: The node's parameters, as a flow stores them (expressions start with `=`).
        credentials: Credential data by credential type name.
        transport: Answers HTTP requests instead of the network (a MemoryTransport).
        settings: Run settings (concurrency, retries, time zone, $env); by default one
            try per request.
        on_error: n8n's onError: stopWorkflow (default), continueRegularOutput,
            continueErrorOutput.

    Raises:
        NodeError: The node failed and on_error is stopWorkflow.
        ConfigError: The node type is not installed, or credentials are missing.
    """
    settings = settings or RunSettings(retries=1)
    async with http_client(settings, transport) as client:
        return await _run_node(
            node_type,
            _items(items),
            parameters,
            credentials=credentials,
            settings=settings,
            node_settings=NodeSettings(onError=on_error),
            http=client,
        )


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
    settings = settings or RunSettings(retries=1)
    async with http_client(settings, transport) as client:
        result = await _run_flow(
            flow,
            credentials=load_credentials(credentials),
            settings=settings,
            items=_items(items),
            http=client,
        )
    return output_items(result.items)


def _items(given: list[Mapping[str, Any]] | None) -> list[Item] | None:
    return None if given is None else [make_item(dict(item)) for item in given]
