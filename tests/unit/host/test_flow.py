"""Flow files: n8n-shaped nodes and connections, long and short forms, straight lines only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.errors import ConfigError
from kflow.host.flow import load_flow, parse_flow


def flow(connections: Any, names: tuple[str, ...] = ("A", "B", "C")) -> dict[str, Any]:
    return {
        "name": "f",
        "nodes": [{"name": n, "type": "noOp"} for n in names],
        "connections": connections,
    }


def order(data: dict[str, Any]) -> list[str]:
    return [n.name for n in parse_flow(data, source="f.yaml").chain()]


def test_short_form_connections() -> None:
    assert order(flow({"A": ["B"], "B": ["C"]})) == ["A", "B", "C"]


def test_n8n_form_connections() -> None:
    conns = {
        "B": {"main": [[{"node": "C", "type": "main", "index": 0}]]},
        "A": {"main": [[{"node": "B", "type": "main", "index": 0}]]},
    }
    assert order(flow(conns)) == ["A", "B", "C"]


def test_single_node_needs_no_connections() -> None:
    assert order(flow({}, names=("A",))) == ["A"]


@pytest.mark.parametrize(
    ("connections", "message"),
    [
        ({"A": ["B", "C"]}, "branches"),
        ({"A": ["C"], "B": ["C"]}, "has two inputs"),
        ({"A": ["B"], "B": ["C"], "C": ["A"]}, "cycle"),
        ({"A": ["X"]}, "no node named 'X'"),
        ({"A": ["B"]}, "expected one first node, found 2 \\(A, C\\)"),
    ],
)
def test_flows_that_cannot_run_are_config_errors(connections: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        order(flow(connections))


def test_duplicate_names() -> None:
    with pytest.raises(ConfigError, match="two nodes are named 'A'"):
        order(flow({}, names=("A", "A")))


def test_unknown_node_field_names_the_place() -> None:
    data = flow({}, names=("A",))
    data["nodes"][0]["paramters"] = {}
    with pytest.raises(ConfigError, match=r"f.yaml: nodes.0.paramters"):
        parse_flow(data, source="f.yaml")


def test_load_yaml_reads_no_as_a_string(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(
        "nodes:\n  - name: A\n    type: input\n    parameters:\n      items:\n"
        "        - {country: NO}\n",
        encoding="utf-8",
    )
    loaded = load_flow(path)
    assert loaded.nodes[0].parameters["items"] == [{"country": "NO"}]


def test_load_reports_yaml_errors(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("nodes: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_flow(path)
