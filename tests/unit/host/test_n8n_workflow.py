"""A kflow flow as n8n workflow JSON: types, versions, settings, named outputs, pinned items."""

from __future__ import annotations

from kflow.host.flow import parse_flow
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
