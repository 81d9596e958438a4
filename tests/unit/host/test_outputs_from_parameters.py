"""Outputs and inputs that follow a node's parameters (Switch's rules, Merge's inputs)."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.host.engine.graph import build_graph
from kflow.host.errors import ConfigError
from kflow.host.flow import parse_flow


def _graph(nodes: list[dict[str, Any]], connections: dict[str, Any] | None = None) -> Any:
    return build_graph(
        parse_flow({"nodes": nodes, "connections": connections or {}}, source="test")
    )


def _switch(**parameters: Any) -> dict[str, Any]:
    return {"name": "Route", "type": "switch", "typeVersion": 3.2, "parameters": parameters}


def test_switch_has_one_output_per_rule_and_its_fallback() -> None:
    rules = {"values": [{"renameOutput": True, "outputKey": "Big"}, {}]}
    graph = _graph([_switch(rules=rules, options={"fallbackOutput": "extra"})])
    assert graph.nodes["Route"].output_names() == ["Big", "1", "Fallback"]
    expression = _graph([_switch(mode="expression", numberOutputs=3)])
    assert expression.nodes["Route"].output_names() == ["0", "1", "2"]


def test_the_error_output_comes_after_the_real_outputs() -> None:
    node = {**_switch(rules={"values": [{}, {}]}), "onError": "continueErrorOutput"}
    graph = _graph(
        [node, {"name": "Oops", "type": "noOp"}],
        {"Route": {"error": [{"node": "Oops"}]}},
    )
    assert graph.nodes["Route"].output_names() == ["0", "1", "error"]
    assert graph.nodes["Route"].children == {2: [("Oops", 0)]}


def test_a_connection_to_an_output_the_rules_do_not_make_is_refused() -> None:
    with pytest.raises(ConfigError, match="has no output '3'"):
        _graph(
            [_switch(rules={"values": [{}, {}]}), {"name": "Next", "type": "noOp"}],
            {"Route": {"3": [{"node": "Next"}]}},
        )


def test_merge_3_has_as_many_inputs_as_it_says() -> None:
    merge = {"name": "Join", "type": "merge", "typeVersion": 3.2, "parameters": {}}
    assert _graph([merge]).nodes["Join"].input_count == 2
    three = {**merge, "parameters": {"numberInputs": 3}}
    assert _graph([three]).nodes["Join"].input_count == 3
    with pytest.raises(ConfigError, match="has no input 2"):
        _graph(
            [merge, {"name": "In", "type": "noOp"}],
            {"In": {"main": [[{"node": "Join", "type": "main", "index": 2}]]}},
        )
