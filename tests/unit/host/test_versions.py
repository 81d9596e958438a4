"""Node type versions: typeVersion picks the implementation, the default fills in, others
are refused naming the versions kflow runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host import Item, NodeRun, NodeTraits, VersionedNode
from kflow.host.descriptors import NodeDescription
from kflow.host.engine.graph import build_graph
from kflow.host.errors import ConfigError
from kflow.host.flow import parse_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.versions import default_version, pick_version, versions_of


def _description(version: Any, default: float | None = None) -> NodeDescription:
    return NodeDescription.model_validate(
        {
            "displayName": "Probe",
            "name": "probe",
            "version": version,
            "defaultVersion": default,
            "description": "probe",
        }
    )


class _Old:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.probe",))
    description = _description(1)

    async def run(self, run: NodeRun) -> list[list[Item]]:
        return [[{"json": {"version": run.version}}]]


class _New(_Old):
    description = _description([2, 2.1, 2.2])


PROBE = VersionedNode(default=2.1, implementations=(_Old(), _New()))


def test_a_versioned_type_lists_its_versions_and_its_default() -> None:
    assert versions_of(PROBE) == [1.0, 2.0, 2.1, 2.2]
    assert default_version(PROBE) == 2.1
    assert PROBE.description.version == [1.0, 2.0, 2.1, 2.2]
    assert PROBE.description.defaultVersion == 2.1
    assert PROBE.traits.n8n_types == ("n8n-nodes-base.probe",)


def test_type_version_picks_the_implementation() -> None:
    assert isinstance(pick_version(PROBE, 1, type_name="probe")[0], _Old)
    found, version = pick_version(PROBE, 2.2, type_name="probe")
    assert isinstance(found, _New) and version == 2.2
    assert pick_version(PROBE, None, type_name="probe")[1] == 2.1


def test_an_unknown_version_is_refused_naming_those_kflow_runs() -> None:
    with pytest.raises(ConfigError) as caught:
        pick_version(PROBE, 3, type_name="n8n-nodes-base.probe")
    message = str(caught.value)
    assert "'n8n-nodes-base.probe' has no version 3" in message
    assert "1, 2, 2.1, 2.2" in message and "leave it out for 2.1" in message


def test_a_plain_node_runs_the_versions_its_description_lists() -> None:
    assert default_version(_New()) == 2.2
    assert default_version(type("N", (_Old,), {"description": _description([1, 2], 1)})()) == 1
    with pytest.raises(ConfigError):
        pick_version(_Old(), 2, type_name="probe")


def test_two_implementations_of_one_version_are_a_mistake() -> None:
    with pytest.raises(ValueError, match="two implementations"):
        VersionedNode(default=1, implementations=(_Old(), _Old()))
    with pytest.raises(ValueError, match="no implementation"):
        VersionedNode(default=3, implementations=(_Old(),))


def test_a_flow_with_a_version_kflow_lacks_names_the_node() -> None:
    flow = parse_flow(
        {"nodes": [{"name": "Pass", "type": "noOp", "typeVersion": 9}]}, source="test"
    )
    with pytest.raises(ConfigError, match="node 'Pass': node type 'noOp' has no version 9"):
        build_graph(flow)


def test_a_node_without_type_version_runs_its_default() -> None:
    graph = build_graph(parse_flow({"nodes": [{"name": "Pass", "type": "noOp"}]}, source="t"))
    assert graph.nodes["Pass"].version == default_version(graph.nodes["Pass"].impl)


def test_n8n_json_without_an_execution_order_runs_in_n8n_s_legacy_order(tmp_path: Path) -> None:
    flow = tmp_path / "old.json"
    flow.write_text('{"nodes": [{"name": "Pass", "type": "n8n-nodes-base.noOp"}]}')
    assert load_flow_data(flow).data["settings"] == {"executionOrder": "v0"}
    named = tmp_path / "named.json"
    named.write_text('{"nodes": [], "settings": {"executionOrder": "v1"}}')
    assert load_flow_data(named).data["settings"] == {"executionOrder": "v1"}
    yaml = tmp_path / "flow.yaml"
    yaml.write_text("nodes: []\n")
    assert "settings" not in load_flow_data(yaml).data
