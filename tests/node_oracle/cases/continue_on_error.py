"""Items that fail while their node continues on errors: n8n's shapes, in the regular
output (`{error: message}`) and in the error output (the input item's fields and `error`)."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case

ROWS = [{"n": 1, "s": "one"}, {"n": "x", "s": "two"}, {"n": 3}]
MODES = ("continueRegularOutput", "continueErrorOutput")


def _after(name: str, mode: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A No Op on each output, so that both outputs are recorded downstream too."""
    nodes = [{"name": "Passed", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}}]
    outputs = [[{"node": "Passed", "type": "main", "index": 0}]]
    if mode == "continueErrorOutput":
        nodes.append(
            {"name": "Failed", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}}
        )
        outputs.append([{"node": "Failed", "type": "main", "index": 0}])
    return nodes, {name: {"main": outputs}}


def _case(what: str, node: dict[str, Any], mode: str) -> Case:
    after, links = _after(node["name"], mode)
    return Case(
        f"continue-{what}-{mode}",
        nodes=[{**node, "onError": mode}, *after],
        connections=links,
        inputs={"Input": ROWS},
    )


def _set(version: float) -> dict[str, Any]:
    return {
        "name": "Set",
        "type": "n8n-nodes-base.set",
        "typeVersion": version,
        "parameters": {
            "assignments": {
                "assignments": [
                    {"id": "d", "name": "double", "type": "number", "value": "={{ $json.n }}"}
                ]
            },
            "includeOtherFields": True,
            "options": {},
        },
    }


def _code(mode: str, source: str) -> dict[str, Any]:
    return {
        "name": "Code",
        "type": "n8n-nodes-base.code",
        "typeVersion": 2,
        "parameters": {"mode": mode, "jsCode": source},
    }


EACH = "if (typeof $json.n !== 'number') throw new Error('not a number');\nreturn $json;"
ALL = "throw new Error('all failed');"

CASES = [
    *(_case(f"set-{v:g}", _set(v), mode) for v in (3.3, 3.4) for mode in MODES),
    *(_case("code-each", _code("runOnceForEachItem", EACH), mode) for mode in MODES),
    *(_case("code-all", _code("runOnceForAllItems", ALL), mode) for mode in MODES),
]
