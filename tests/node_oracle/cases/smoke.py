"""The harness itself: the feeders (Edit Fields 3.4, Split Out 1) and a No Op pass items on."""

from tests.node_oracle.harness import Case

CASES = [
    Case(
        "noOp-1-passes-items",
        nodes=[
            {"name": "No Op", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}}
        ],
        inputs={"Input": [{"a": 1}, {"a": 2, "b": [1, {"c": None}]}, {"s": "текст", "n": 1.5}]},
    ),
]
