"""n8n workflows as they come: sticky notes are kept and never run, and every node type
kflow lacks is named with the nodes that use it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.engine.graph import build_graph
from kflow.host.errors import ConfigError
from kflow.host.flow_loader import load_flow_data
from kflow.host.n8n_workflow import to_n8n_workflow
from kflow.host.validate import validate_flow


def _node(name: str, kind: str, **parameters: Any) -> dict[str, Any]:
    return {
        "id": name,
        "name": name,
        "type": f"n8n-nodes-base.{kind}",
        "typeVersion": 1,
        "position": [0, 0],
        "parameters": parameters,
    }


def _workflow(tmp_path: Path, nodes: list[dict[str, Any]], links: dict[str, str]) -> Path:
    path = tmp_path / "workflow.json"
    connections = {
        source: {"main": [[{"node": target, "type": "main", "index": 0}]]}
        for source, target in links.items()
    }
    path.write_text(json.dumps({"name": "Imported", "nodes": nodes, "connections": connections}))
    return path


NOTE = _node("Read me", "stickyNote", content="## What this does", height=200, width=300)


async def test_a_sticky_note_is_kept_and_never_runs(tmp_path: Path) -> None:
    path = _workflow(
        tmp_path, [_node("Start", "manualTrigger"), NOTE, _node("Done", "noOp")], {"Start": "Done"}
    )
    flow, found = validate_flow(load_flow_data(path))
    assert found == [] and flow is not None
    result = await run_flow(flow, credentials=Credentials())
    assert result.last_node == "Done"
    assert "Read me" not in result.executed
    assert [s.name for s in result.stats] == ["Start", "Done"]
    exported = to_n8n_workflow(flow)
    assert [(n["name"], n["type"]) for n in exported["nodes"]][1] == (
        "Read me",
        "n8n-nodes-base.stickyNote",
    )
    assert exported["nodes"][1]["parameters"]["content"] == "## What this does"
    assert "Read me" not in exported["connections"]


def test_a_note_cannot_be_connected(tmp_path: Path) -> None:
    path = _workflow(tmp_path, [_node("Start", "manualTrigger"), NOTE], {"Start": "Read me"})
    flow, found = validate_flow(load_flow_data(path))
    assert [p.message for p in found] == ['"Read me" is a note; notes have no connections']
    assert flow is not None
    with pytest.raises(ConfigError, match="is a note; notes have no connections"):
        build_graph(flow)


def test_every_missing_node_type_is_named_with_its_nodes(tmp_path: Path) -> None:
    path = _workflow(
        tmp_path,
        [
            _node("Start", "manualTrigger"),
            _node("Reshape", "html"),
            _node("Again", "html"),
            _node("Order", "crypto"),
        ],
        {"Start": "Reshape", "Reshape": "Again", "Again": "Order"},
    )
    _, found = validate_flow(load_flow_data(path))
    messages = [p.message for p in found]
    assert messages[:3] == [
        'node "Reshape": unknown node type "n8n-nodes-base.html"',
        'node "Again": unknown node type "n8n-nodes-base.html"',
        'node "Order": unknown node type "n8n-nodes-base.crypto"',
    ]
    assert found[-1].line is None
    assert messages[-1].startswith(
        "2 node types this flow uses are not installed: "
        'n8n-nodes-base.html ("Reshape", "Again"); n8n-nodes-base.crypto ("Order"). Installed: '
    )
