"""A kflow flow as n8n workflow JSON: types, versions, settings, named outputs, pinned items."""

from __future__ import annotations

import pytest

from kflow.host.errors import ConfigError
from kflow.host.flow import Flow, parse_flow
from kflow.host.n8n_workflow import n8n_id, to_n8n_workflow

FLOW = {
    "name": "Split by ROI",
    "settings": {"timezone": "Europe/Moscow"},
    "nodes": [
        {"name": "Start", "type": "input", "parameters": {"items": [{"roi": 5}, {"roi": -30}]}},
        {
            "name": "Losing?",
            "type": "if",
            "parameters": {"conditions": {"conditions": []}},
            "onError": "continueErrorOutput",
        },
        {"name": "Keep", "type": "noOp"},
        {"name": "Stop", "type": "noOp"},
        {"name": "Failed", "type": "noOp"},
        {
            "name": "Read",
            "type": "keitaro",
            "parameters": {"resource": "campaign", "operation": "getMany"},
            "credentials": {"keitaroApi": {"name": "Main tracker"}},
            "executeOnce": True,
        },
    ],
    "connections": {
        "Start": ["Losing?", "Read"],
        "Losing?": {"true": ["Stop"], "false": ["Keep"], "error": ["Failed"]},
    },
}


def test_export() -> None:
    workflow = to_n8n_workflow(parse_flow(FLOW, source="test"))
    nodes = {n["name"]: n for n in workflow["nodes"]}
    assert nodes["Start"]["type"] == "n8n-nodes-base.manualTrigger"
    assert "items" not in nodes["Start"]["parameters"]
    assert workflow["pinData"] == {"Start": [{"json": {"roi": 5}}, {"json": {"roi": -30}}]}
    assert nodes["Losing?"]["type"] == "n8n-nodes-base.if"
    assert (
        nodes["Losing?"]["typeVersion"] >= 2
        and nodes["Losing?"]["onError"] == "continueErrorOutput"
    )
    assert workflow["connections"]["Losing?"]["main"] == [
        [{"node": "Stop", "type": "main", "index": 0}],
        [{"node": "Keep", "type": "main", "index": 0}],
        [{"node": "Failed", "type": "main", "index": 0}],
    ]
    assert nodes["Read"]["type"] == "n8n-nodes-keitaro.keitaro"
    assert nodes["Read"]["executeOnce"] is True
    assert nodes["Read"]["credentials"] == {
        "keitaroApi": {"id": n8n_id("keitaroApi", "Main tracker"), "name": "Main tracker"}
    }
    assert workflow["settings"] == {"executionOrder": "v1", "timezone": "Europe/Moscow"}
    assert to_n8n_workflow(parse_flow(FLOW, source="test")) == workflow


def _with_write_file(**params: object) -> Flow:
    return parse_flow(
        {
            "name": "save",
            "nodes": [
                {"name": "Start", "type": "input", "parameters": {"items": [{"a": 1}]}},
                {"name": "Save", "type": "writeFile", "parameters": params},
                {"name": "After", "type": "noOp"},
            ],
            "connections": {"Start": ["Save"], "Save": ["After"]},
        },
        source="t",
    )


@pytest.mark.parametrize(
    ("path", "operation"), [("out/report.csv", "csv"), ("out/report.json", "toJson")]
)
def test_write_file_is_exported_as_convert_to_file_and_read_write_files(
    path: str, operation: str
) -> None:
    data = to_n8n_workflow(_with_write_file(path=path))
    by_name = {node["name"]: node for node in data["nodes"]}
    assert by_name["Save"]["type"] == "n8n-nodes-base.convertToFile"
    assert by_name["Save"]["parameters"]["operation"] == operation
    assert by_name["Save"]["parameters"]["options"] == {"fileName": path.split("/")[-1]}
    assert by_name["Save (write)"]["type"] == "n8n-nodes-base.readWriteFile"
    assert by_name["Save (write)"]["parameters"]["fileName"] == path
    links = data["connections"]
    # writeFile passed its items on: After now takes them from Start, beside the file branch.
    assert [t["node"] for t in links["Start"]["main"][0]] == ["Save", "After"]
    assert links["Save"]["main"][0][0]["node"] == "Save (write)"
    assert "Save (write)" not in links


@pytest.mark.parametrize(
    "params", [{"path": "out/log.jsonl"}, {"path": "out/log.csv", "append": True}]
)
def test_what_n8n_file_nodes_cannot_do_is_refused_by_name(params: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match="node 'Save' cannot be exported to n8n"):
        to_n8n_workflow(_with_write_file(**params))
