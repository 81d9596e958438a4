"""n8n's node settings, which the engine applies to every node: Always Output Data,
Execute Once, disabled nodes, and how each meets an empty output, in both orders."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from tests.node_oracle.harness import Case

ROWS = [{"n": 1}, {"n": 5}, {"n": 9}]


def _filter(threshold: int, **settings: Any) -> dict[str, Any]:
    return {
        "name": "Keep",
        "type": "n8n-nodes-base.filter",
        "typeVersion": 2.2,
        "parameters": {
            "conditions": {
                "options": {"caseSensitive": True, "leftValue": "", "typeValidation": "strict"},
                "conditions": [
                    {
                        "id": "gt",
                        "leftValue": "={{ $json.n }}",
                        "rightValue": threshold,
                        "operator": {"type": "number", "operation": "gt"},
                    }
                ],
                "combinator": "and",
            },
            "options": {},
        },
        **settings,
    }


def _mark(name: str, **settings: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": "n8n-nodes-base.set",
        "typeVersion": 3.4,
        "parameters": {
            "assignments": {
                "assignments": [
                    {"id": "i", "name": "index", "type": "number", "value": "={{ $itemIndex }}"}
                ]
            },
            "includeOtherFields": True,
            "options": {},
        },
        **settings,
    }


def _chain(case_id: str, order: str, *nodes: dict[str, Any]) -> Case:
    links = {
        a["name"]: {"main": [[{"node": b["name"], "type": "main", "index": 0}]]}
        for a, b in pairwise(nodes)
    }
    return Case(case_id, nodes=list(nodes), connections=links, inputs={"Input": ROWS}, order=order)


def _cases(order: str) -> list[Case]:
    return [
        _chain(
            f"settings-{order}-always-output-empty",
            order,
            _filter(100, alwaysOutputData=True),
            _mark("After"),
        ),
        _chain(
            f"settings-{order}-always-output-full",
            order,
            _filter(4, alwaysOutputData=True),
            _mark("After"),
        ),
        _chain(f"settings-{order}-empty-stops", order, _filter(100), _mark("After")),
        _chain(
            f"settings-{order}-execute-once", order, _mark("Once", executeOnce=True), _mark("After")
        ),
        _chain(f"settings-{order}-disabled", order, _filter(4, disabled=True), _mark("After")),
        _chain(
            f"settings-{order}-disabled-set",
            order,
            _mark("Off", disabled=True),
            _mark("After", executeOnce=True),
        ),
        _chain(
            f"settings-{order}-always-output-execute-once",
            order,
            _filter(100, alwaysOutputData=True, executeOnce=True),
            _mark("After"),
        ),
    ]


CASES = [*_cases("v1"), *_cases("v0")]
