"""No Op and Manual Trigger against n8n: items pass through; the trigger gives one empty item."""

from __future__ import annotations

from tests.node_oracle.harness import Case

ROWS = [{"a": 1}, {"b": None, "c": [1, {"d": "é"}]}, {}]

CASES = [
    Case(
        "noOp-1-named-default",
        nodes=[
            {
                "name": "No Operation, do nothing",
                "type": "n8n-nodes-base.noOp",
                "typeVersion": 1,
                "parameters": {},
            }
        ],
        inputs={"Input": ROWS},
    ),
    Case(
        "noOp-1-chained",
        nodes=[
            {"name": "A", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}},
            {"name": "B", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}},
        ],
        connections={"A": {"main": [[{"node": "B", "type": "main", "index": 0}]]}},
        inputs={"Input": ROWS},
    ),
    Case(
        "manualTrigger-1-one-empty-item",
        nodes=[
            {"name": "After", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}}
        ],
        connections={"Start": {"main": [[{"node": "After", "type": "main", "index": 0}]]}},
        inputs={},
    ),
]
