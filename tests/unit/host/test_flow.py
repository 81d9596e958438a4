"""Flow files: n8n-shaped nodes and connections in every written form; loading with lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.errors import ConfigError
from kflow.host.flow import parse_flow
from kflow.host.flow_loader import load_flow_data


def flow(connections: Any) -> dict[str, Any]:
    return {
        "name": "f",
        "nodes": [{"name": n, "type": "noOp"} for n in "ABC"],
        "connections": connections,
    }


def targets(data: dict[str, Any]) -> dict[str, dict[str, list[tuple[str, int]]]]:
    parsed = parse_flow(data, source="f.yaml")
    return {
        source: {key: [(c.node, c.index) for c in conns] for key, conns in outputs.items()}
        for source, outputs in parsed.connections.items()
    }


def test_short_form() -> None:
    assert targets(flow({"A": ["B", "C"]})) == {"A": {"0": [("B", 0), ("C", 0)]}}
    assert targets(flow({"A": "B"})) == {"A": {"0": [("B", 0)]}}


def test_n8n_form() -> None:
    conns = {
        "A": {
            "main": [
                [{"node": "B", "type": "main", "index": 0}],
                [{"node": "C", "type": "main", "index": 1}],
                None,
            ]
        }
    }
    assert targets(flow(conns)) == {"A": {"0": [("B", 0)], "1": [("C", 1)], "2": []}}


def test_named_outputs() -> None:
    assert targets(flow({"A": {"true": ["B"], "false": [{"node": "C", "index": 1}]}})) == {
        "A": {"true": [("B", 0)], "false": [("C", 1)]}
    }


def test_node_settings_from_fields_and_block() -> None:
    data = flow({})
    data["nodes"][0].update(
        retryOnFail=True, maxTries=9, settings={"onError": "continueErrorOutput"}
    )
    settings = parse_flow(data, source="f").nodes[0].node_settings()
    assert settings.on_error == "continueErrorOutput"
    assert settings.tries == 5


def test_credential_references() -> None:
    data = flow({})
    data["nodes"][0]["credentials"] = {"keitaroApi": {"id": "1", "name": "Main"}, "other": "Spare"}
    node = parse_flow(data, source="f").nodes[0]
    assert node.credential_name("keitaroApi") == "Main"
    assert node.credential_name("other") == "Spare"
    assert node.credential_name("none") is None


def test_unknown_node_field_names_the_place() -> None:
    data = flow({})
    data["nodes"][0]["paramters"] = {}
    with pytest.raises(ConfigError, match=r"f.yaml: nodes.0.paramters"):
        parse_flow(data, source="f.yaml")


def test_load_keeps_lines_and_reads_no_as_a_string(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(
        "name: f\nnodes:\n  - name: A\n    type: input\n    parameters:\n      items:\n"
        "        - {country: NO, on: true, n: 1.5}\n",
        encoding="utf-8",
    )
    loaded = load_flow_data(path)
    assert loaded.data["nodes"][0]["parameters"]["items"] == [
        {"country": "NO", "on": True, "n": 1.5}
    ]
    assert loaded.line("nodes", 0, "type") == 4
    assert loaded.line("nodes", 0, "parameters", "items") == 6


def test_n8n_types_are_mapped(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(
        '{"nodes": [{"name": "S", "type": "n8n-nodes-base.manualTrigger", '
        '"typeVersion": 1, "position": [0, 0], "parameters": {}}], "connections": {}}'
    )
    assert load_flow_data(path).data["nodes"][0]["type"] == "input"


def test_load_reports_yaml_errors_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("name: f\nnodes: [\n  {a: 1\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"f.yaml, line 4: the \{ \} opened on line 3 is not closed"
    ):
        load_flow_data(path)
