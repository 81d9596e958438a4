"""Running a flow: its nodes in order, each node's output items feeding the next."""

from __future__ import annotations

from typing import Any

from kflow.host.credentials import Credentials
from kflow.host.errors import ConfigError
from kflow.host.flow import Flow, FlowNode
from kflow.host.http import HttpClient
from kflow.host.items import Item, items_from_json, make_item
from kflow.host.registry import load_node
from kflow.host.runner import NodeSettings, RunSettings, run_node

__all__ = ["INPUT_TYPE", "run_flow"]

INPUT_TYPE = "input"
"""The built-in first node: its `items` parameter (a list of objects) become the flow's items."""


async def run_flow(
    flow: Flow,
    *,
    credentials: Credentials,
    settings: RunSettings | None = None,
    items: list[Item] | None = None,
) -> list[Item]:
    """Runs the flow and returns the last node's output items.

    Args:
        flow: The flow to run; it must be one straight line of nodes.
        credentials: Credentials for the nodes that need them.
        settings: Concurrency and timeout for the whole run.
        items: Items fed to the first node instead of its own (from `--input`).

    Raises:
        ConfigError: The flow cannot run as written.
        NodeError: A node failed.
    """
    settings = settings or RunSettings()
    chain = flow.chain()
    current: list[Item] = items if items is not None else [make_item({})]
    async with HttpClient(concurrency=settings.concurrency, timeout=settings.timeout) as http:
        for node in chain:
            if node.disabled:
                continue
            if node.type == INPUT_TYPE:
                current = items if items is not None else _input_items(node)
                continue
            current = await run_node(
                load_node(node.type),
                current,
                node.parameters,
                node_name=node.name,
                credentials=_credentials_for(node, credentials),
                redactor=credentials.redactor,
                settings=settings,
                node_settings=NodeSettings(continueOnFail=node.continueOnFail),
                http=http,
            )
    return current


def _input_items(node: FlowNode) -> list[Item]:
    unknown = sorted(set(node.parameters) - {"items"})
    if unknown:
        raise ConfigError(f"{node.name}: unknown parameter {unknown[0]!r}; input takes: items")
    raw: Any = node.parameters.get("items", [{}])
    if not isinstance(raw, list):
        raise ConfigError(f"{node.name}: parameter 'items' must be a list of objects")
    try:
        return items_from_json(raw)
    except ValueError as exc:
        raise ConfigError(f"{node.name}: parameter 'items': {exc}") from None


def _credentials_for(node: FlowNode, credentials: Credentials) -> dict[str, dict[str, Any]]:
    available = credentials.as_dict()
    for type_name in node.credentials:
        if type_name not in available:
            raise ConfigError(
                f"{node.name}: needs credentials {type_name!r}; give --credentials FILE, "
                "set them in the environment, or use --sandbox"
            )
    return available
