"""n8n's two execution orders, v1 and v0 (legacy), where what nodes output differs."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case


def _noop(name: str, x: float = 0, y: float = 0) -> dict[str, Any]:
    return {
        "name": name,
        "type": "n8n-nodes-base.noOp",
        "typeVersion": 1,
        "parameters": {},
        "position": [x, y],
    }


def _mark(name: str, value: str, x: float = 0, y: float = 0) -> dict[str, Any]:
    """An Edit Fields node that adds `seen` = value (and keeps the other fields)."""
    return {
        "name": name,
        "type": "n8n-nodes-base.set",
        "typeVersion": 3.4,
        "position": [x, y],
        "parameters": {
            "assignments": {
                "assignments": [{"id": name, "name": "seen", "type": "string", "value": value}]
            },
            "includeOtherFields": True,
            "options": {},
        },
    }


def _if(name: str, threshold: int, x: float = 0, y: float = 0) -> dict[str, Any]:
    return {
        "name": name,
        "type": "n8n-nodes-base.if",
        "typeVersion": 2,
        "position": [x, y],
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
    }


def _merge(name: str, x: float = 0, y: float = 0, **parameters: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": "n8n-nodes-base.merge",
        "typeVersion": 3,
        "position": [x, y],
        "parameters": parameters,
    }


def _to(*targets: tuple[str, int]) -> list[dict[str, Any]]:
    return [{"node": node, "type": "main", "index": index} for node, index in targets]


ROWS = [{"n": 1}, {"n": 5}, {"n": 9}]


def _split_and_merge(order: str, threshold: int) -> Case:
    """If splits the items; its true branch feeds Merge's input 1, its false branch
    (through a mark) input 0. With no item on one side, the orders differ."""
    return Case(
        f"order-{order}-if-into-merge-over-{threshold}",
        nodes=[
            _if("Split", threshold, 600, 0),
            _mark("Low", "low", 800, 200),
            _mark("High", "high", 800, -200),
            _merge("Join", 1000, 0),
            _noop("After", 1200, 0),
        ],
        connections={
            "Split": {"main": [_to(("High", 0)), _to(("Low", 0))]},
            "Low": {"main": [_to(("Join", 0))]},
            "High": {"main": [_to(("Join", 1))]},
            "Join": {"main": [_to(("After", 0))]},
        },
        inputs={"Input": ROWS},
        order=order,
    )


def _branch_order(order: str) -> Case:
    """Two branches off one node; the second reads the first's items through $()."""
    reads = {
        "name": "Reads",
        "type": "n8n-nodes-base.set",
        "typeVersion": 3.4,
        "position": [1000, 200],
        "parameters": {
            "assignments": {
                "assignments": [
                    {
                        "id": "r",
                        "name": "upper",
                        "type": "boolean",
                        "value": "={{ $('Upper 2').isExecuted }}",
                    }
                ]
            },
            "includeOtherFields": True,
            "options": {},
        },
    }
    return Case(
        f"order-{order}-branches-and-isExecuted",
        nodes=[
            _noop("Fork", 600, 0),
            _noop("Lower", 800, 200),
            reads,
            _noop("Upper", 800, -200),
            _noop("Upper 2", 1000, -200),
        ],
        connections={
            "Fork": {"main": [_to(("Lower", 0), ("Upper", 0))]},
            "Lower": {"main": [_to(("Reads", 0))]},
            "Upper": {"main": [_to(("Upper 2", 0))]},
        },
        inputs={"Input": [{"n": 1}]},
        order=order,
    )


def _merge_twice(order: str) -> Case:
    """One node feeds both inputs of a Merge, once directly and once through a mark."""
    return Case(
        f"order-{order}-diamond",
        nodes=[
            _noop("Fork", 600, 0),
            _mark("Marked", "yes", 800, 200),
            _merge("Join", 1000, 0),
        ],
        connections={
            "Fork": {"main": [_to(("Join", 0), ("Marked", 0))]},
            "Marked": {"main": [_to(("Join", 1))]},
        },
        inputs={"Input": [{"n": 1}, {"n": 2}]},
        order=order,
    )


def _choose_branch(order: str, threshold: int) -> Case:
    case = _split_and_merge(order, threshold)
    nodes = [
        _merge("Join", 1000, 0, mode="chooseBranch", useDataOfInput=2)
        if node["name"] == "Join"
        else node
        for node in case.nodes
    ]
    return Case(
        f"order-{order}-choose-branch-over-{threshold}",
        nodes=nodes,
        connections=case.connections,
        inputs=case.inputs,
        order=order,
    )


CASES = [
    factory(order, threshold)
    for order in ("v1", "v0")
    for factory in (_split_and_merge, _choose_branch)
    for threshold in (0, 4, 10)
] + [factory(order) for order in ("v1", "v0") for factory in (_branch_order, _merge_twice)]
