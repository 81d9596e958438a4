"""Edit Fields (Set 3.4) writes expression results into typed fields as n8n does: checked
against a real n8n 2.41.1 (marked `n8n`; .ci/run runs it)."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.testing import run_flow
from tests.n8n_headless import run_workflow

pytestmark = pytest.mark.n8n

FIELDS = [
    ("flag", "={{ true }}", "string"),
    ("object", "={{ {a: 1, b: [2, 3]} }}", "string"),
    ("list", "={{ ['x', 1] }}", "string"),
    ("number", "={{ 5 }}", "string"),
    ("fraction", "={{ 2.5 }}", "string"),
    ("missing", "={{ $json.nope }}", "string"),
    ("missing_number", "={{ $json.nope }}", "number"),
    ("text_number", "={{ '42' }}", "number"),
    ("text_flag", "={{ 'true' }}", "boolean"),
    ("mixed", "=n={{ $json.n }} ok={{ $json.n > 1 }}", "string"),
]


def _set_node() -> dict[str, Any]:
    return {
        "id": "set",
        "name": "Set",
        "type": "n8n-nodes-base.set",
        "typeVersion": 3.4,
        "position": [300, 0],
        "parameters": {
            "mode": "manual",
            "assignments": {
                "assignments": [
                    {"id": name, "name": name, "value": value, "type": kind}
                    for name, value, kind in FIELDS
                ]
            },
            "options": {},
        },
    }


async def test_edit_fields_converts_as_n8n_does() -> None:
    workflow = {
        "id": "kflowSetOracle",
        "name": "set oracle",
        "active": False,
        "settings": {"executionOrder": "v1"},
        "nodes": [
            {
                "id": "start",
                "name": "Start",
                "type": "n8n-nodes-base.manualTrigger",
                "typeVersion": 1,
                "position": [-300, 0],
                "parameters": {},
            },
            {
                "id": "data",
                "name": "Data",
                "type": "n8n-nodes-base.code",
                "typeVersion": 2,
                "position": [0, 0],
                "parameters": {"jsCode": "return [{json: {n: 3}}];"},
            },
            _set_node(),
        ],
        "connections": {
            "Start": {"main": [[{"node": "Data", "type": "main", "index": 0}]]},
            "Data": {"main": [[{"node": "Set", "type": "main", "index": 0}]]},
        },
    }
    n8n = run_workflow(workflow)["Set"][0]["data"]["main"][0][0]["json"]
    flow = {
        "nodes": [
            {"name": "Data", "type": "input", "parameters": {"items": [{"n": 3}]}},
            {"name": "Set", "type": "set", "parameters": _set_node()["parameters"]},
        ],
        "connections": {"Data": ["Set"]},
    }
    (kflow,) = await run_flow(flow)
    assert kflow["json"] == n8n
