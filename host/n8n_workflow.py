"""A kflow flow as n8n workflow JSON, which n8n imports and runs (`kflow export workflow`)."""

from __future__ import annotations

import hashlib
from itertools import pairwise
from typing import Any

from kflow.host.engine.graph import Graph, build_graph
from kflow.host.errors import ConfigError
from kflow.host.flow import NODE_SETTINGS, Flow
from kflow.host.node import traits_of
from kflow.host.registry import n8n_type_name

__all__ = ["n8n_id", "to_n8n_workflow", "webhook_id"]

_SETTINGS = ("disabled", "notes", "notesInFlow", "webhookId", *NODE_SETTINGS)
_X_STEP, _Y_STEP = 240, 160


def n8n_id(*parts: str, length: int = 16) -> str:
    """A stable id in n8n's shape (letters and digits) derived from `parts`."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    number = int(digest, 16)
    text = ""
    while len(text) < length:
        number, rest = divmod(number, len(alphabet))
        text += alphabet[rest]
    return text


def _uuid(*parts: str) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def webhook_id(flow: str, node: str) -> str:
    """The webhookId of a request trigger that has none: stable, so that a flow exported
    to n8n and served by kflow have the same URLs (n8n serves a path with `:name` parts
    under `/webhook/<webhookId>/`)."""
    return _uuid(flow, node, "webhookId")


def _version(node: Any) -> int | float:
    """The version the node runs (its typeVersion, or its type's default), as n8n writes
    it: 2, not 2.0."""
    version: float = node.version
    return int(version) if version.is_integer() else version


def to_n8n_workflow(flow: Flow) -> dict[str, Any]:
    """n8n's workflow JSON for `flow`: same nodes, parameters, settings and connections.

    Node and workflow ids are derived from the names, so exporting twice gives the same
    file. Credentials are referenced by name, with an id derived from their type and name:
    import credentials under those ids, or pick them again in n8n's editor.

    Raises:
        ConfigError: The flow does not link up (unknown types, missing nodes, cycles).
    """
    graph = build_graph(flow)
    depth: dict[str, int] = {}
    for name in graph.order:
        node = graph.nodes[name]
        for children in node.children.values():
            for child, _ in children:
                depth[child] = max(depth.get(child, 0), depth.get(name, 0) + 1)
    rows: dict[int, int] = {}
    nodes = []
    pinned: dict[str, Any] = {}
    chains = _chains(graph)
    for spec in flow.nodes:
        name = spec.name
        node = graph.nodes.get(name) or graph.notes[name]
        column = depth.get(name, 0)
        row = rows.get(column, 0)
        rows[column] = row + 1
        if name in chains:
            place = node.spec.position or [column * _X_STEP, row * _Y_STEP]
            nodes += _chain_nodes(flow.name, name, chains[name], place)
            continue
        entry: dict[str, Any] = {
            "id": node.spec.id or _uuid(flow.name, name),
            "name": name,
            "type": n8n_type_name(node.spec.type),
            "typeVersion": _version(node),
            "position": node.spec.position or [column * _X_STEP, row * _Y_STEP],
            "parameters": dict(node.spec.parameters),
        }
        if traits_of(node.impl).takes_run_input and "items" in entry["parameters"]:
            # A start node carrying items (kflow's input): in n8n, the trigger's pinned data.
            items = entry["parameters"].pop("items") or []
            pinned[name] = [{"json": item} for item in items]
        if node.spec.credentials:
            entry["credentials"] = {
                kind: {"id": n8n_id(kind, label), "name": label}
                for kind in node.spec.credentials
                if (label := node.spec.credential_name(kind) or kind)
            }
        for key in _SETTINGS:
            value = getattr(node.spec, key)
            if value not in (None, False) or (key == "disabled" and value):
                entry[key] = value
        if traits_of(node.impl).trigger == "request" and not node.spec.webhookId:
            entry["webhookId"] = webhook_id(flow.name, name)
        entry.update(node.spec.settings)
        nodes.append(entry)
    connections: dict[str, Any] = {}
    for name in graph.order:
        if name in chains:
            names = _chain_names(name, chains[name])
            for first, then in pairwise(names):
                connections[first] = {"main": [[{"node": then, "type": "main", "index": 0}]]}
            continue
        children = graph.nodes[name].children
        if not children:
            continue
        width = max(children) + 1
        connections[name] = {
            "main": [
                [
                    {"node": target, "type": "main", "index": index}
                    for child, slot in children.get(i, [])
                    for target, index in _targets(graph, chains, child, slot)
                ]
                for i in range(width)
            ]
        }
    return {
        "id": flow.id or n8n_id("workflow", flow.name),
        "name": flow.name,
        "nodes": nodes,
        "connections": connections,
        "settings": {"executionOrder": "v1", **flow.settings},
        "active": False,
        "pinData": pinned,
    }


def _chains(graph: Graph) -> dict[str, list[dict[str, Any]]]:
    """The nodes exported as a chain of n8n nodes (NodeTraits.n8n_chain), by name."""
    chains = {}
    for name, node in graph.nodes.items():
        make = traits_of(node.impl).n8n_chain
        if make is None:
            continue
        try:
            chains[name] = make(node.spec.parameters)
        except ConfigError as exc:
            raise ConfigError(f"node {name!r} cannot be exported to n8n: {exc}") from None
    return chains


def _chain_names(name: str, chain: list[dict[str, Any]]) -> list[str]:
    """The n8n names of a chain: the node's own name, then `<name> (<step>)`."""
    return [name] + [
        f"{name} ({step.get('step', index + 1)})" for index, step in enumerate(chain[1:], start=1)
    ]


def _chain_nodes(
    flow: str, name: str, chain: list[dict[str, Any]], place: list[float]
) -> list[dict[str, Any]]:
    return [
        {
            "id": _uuid(flow, label),
            "name": label,
            "type": step["type"],
            "typeVersion": step["typeVersion"],
            "position": [place[0] + index * _X_STEP, place[1] + _Y_STEP],
            "parameters": step["parameters"],
        }
        for index, (label, step) in enumerate(zip(_chain_names(name, chain), chain, strict=True))
    ]


def _targets(
    graph: Graph, chains: dict[str, list[dict[str, Any]]], child: str, slot: int
) -> list[tuple[str, int]]:
    """Where a connection to `child` goes in n8n: to the child; for a chained node (which
    passes its items on unchanged), to its chain's first node and on to its own children."""
    if child not in chains:
        return [(child, slot)]
    found = [(child, 0)]
    for grandchild, index in graph.nodes[child].children.get(0, []):
        found += _targets(graph, chains, grandchild, index)
    return found
