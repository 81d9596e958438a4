"""Loop Over Items (Split in Batches 1, 2, 3): loops whose last node connects back, batch
sizes, one item, two nodes in the loop, both execution orders. (Reset, which loops for
ever when the loop feeds the node back, is a unit test.)"""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case

ROWS = [{"n": i, "name": f"row {i}"} for i in range(1, 6)]
LOOP_OUTPUT = {1: 0, 2: 0, 3: 1}
DONE_OUTPUT = {2: 1, 3: 0}


def _loop(version: int, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "Loop",
        "type": "n8n-nodes-base.splitInBatches",
        "typeVersion": version,
        "parameters": {"options": {}, **params},
    }


def _mark(name: str = "Mark") -> dict[str, Any]:
    """A Set 3.4 node in the loop: adds the loop's batch to each item."""
    return {
        "name": name,
        "type": "n8n-nodes-base.set",
        "typeVersion": 3.4,
        "parameters": {
            "mode": "manual",
            "includeOtherFields": True,
            "assignments": {
                "assignments": [
                    {
                        "id": "seen",
                        "name": "seen",
                        "type": "string",
                        "value": "={{ $json.name }} in {{ $runIndex }}",
                    }
                ]
            },
            "options": {},
        },
    }


def _noop(name: str) -> dict[str, Any]:
    return {"name": name, "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}}


def _link(target: str, index: int = 0) -> dict[str, Any]:
    return {"node": target, "type": "main", "index": index}


def loop_case(
    case_id: str,
    version: int,
    params: dict[str, Any],
    rows: list[dict[str, Any]] = ROWS,
    *,
    order: str = "v1",
    after: bool = True,
) -> Case:
    """Input → Loop; Loop's loop output → Mark → back to Loop; its done output → After."""
    loop_outputs: list[list[dict[str, Any]]] = [[], []] if version > 1 else [[]]
    loop_outputs[LOOP_OUTPUT[version]].append(_link("Mark"))
    nodes = [_loop(version, params), _mark()]
    if version > 1 and after:
        loop_outputs[DONE_OUTPUT[version]].append(_link("After"))
        nodes.append(_noop("After"))
    return Case(
        f"loop-{version}-{case_id}-{order}",
        nodes=nodes,
        connections={"Loop": {"main": loop_outputs}, "Mark": {"main": [[_link("Loop")]]}},
        inputs={"Input": rows},
        order=order,
    )


def two_step_case(version: int, order: str) -> Case:
    """A loop of two nodes, the second a Limit that keeps one item of each batch."""
    loop_outputs: list[list[dict[str, Any]]] = [[], []]
    loop_outputs[LOOP_OUTPUT[version]].append(_link("Mark"))
    loop_outputs[DONE_OUTPUT[version]].append(_link("After"))
    return Case(
        f"loop-{version}-two-steps-{order}",
        nodes=[
            _loop(version, {"batchSize": 2}),
            _mark(),
            {
                "name": "First",
                "type": "n8n-nodes-base.limit",
                "typeVersion": 1,
                "parameters": {"maxItems": 1},
            },
            _noop("After"),
        ],
        connections={
            "Loop": {"main": loop_outputs},
            "Mark": {"main": [[_link("First")]]},
            "First": {"main": [[_link("Loop")]]},
        },
        inputs={"Input": ROWS},
        order=order,
    )


CASES = [
    case
    for order in ("v1", "v0")
    for case in [
        *(
            loop_case(f"size-{size}", version, {"batchSize": size}, order=order)
            for version in (1, 2, 3)
            for size in (1, 2, 3, 5, 10)
        ),
        *(loop_case("default-size", version, {}, order=order) for version in (1, 2, 3)),
        *(
            loop_case("one-item", version, {"batchSize": 2}, ROWS[:1], order=order)
            for version in (1, 2, 3)
        ),
        *(
            loop_case("no-after", version, {"batchSize": 2}, order=order, after=False)
            for version in (2, 3)
        ),
        *(two_step_case(version, order) for version in (2, 3)),
        loop_case("size-expression", 3, {"batchSize": "={{ 1 + 1 }}"}, order=order),
        loop_case("fraction", 3, {"batchSize": 1.5}, order=order),
    ]
]
