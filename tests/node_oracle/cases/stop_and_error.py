"""Stop and Error against n8n: both error types; the run stops at that node, unless the
node continues on errors."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case

ROWS = [{"a": 1}, {"a": 2, "msg": "from item"}]


def stop(
    case_id: str, params: dict[str, Any], error: bool = True, after: bool = False, **node: Any
) -> Case:
    nodes = [
        {
            "name": "Stop",
            "type": "n8n-nodes-base.stopAndError",
            "typeVersion": 1,
            "parameters": params,
            **node,
        }
    ]
    links: dict[str, Any] = {}
    if after:
        nodes.append(
            {"name": "After", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}}
        )
        links = {"Stop": {"main": [[{"node": "After", "type": "main", "index": 0}]]}}
    return Case(
        f"stopAndError-1-{case_id}",
        nodes=nodes,
        connections=links,
        inputs={"Input": ROWS},
        error=error,
    )


# Under onError continue, n8n passes the node's input on unchanged (a node that fails as
# a whole), through its first output even with continueErrorOutput; but when it is the last
# node that ran, the execution still ends with its error.
CONTINUE = {
    "continue": {"onError": "continueRegularOutput"},
    "continue-error-output": {"onError": "continueErrorOutput"},
    "continue-on-fail": {"continueOnFail": True},
}
CASES = [
    *(stop(what, {"errorMessage": "x"}, **node) for what, node in CONTINUE.items()),
    *(
        stop(f"{what}-then-more", {"errorMessage": "x"}, False, after=True, **node)
        for what, node in CONTINUE.items()
    ),
    stop("message", {"errorMessage": "Something broke"}),
    stop("message-expression", {"errorMessage": "={{ 'bad ' + $json.a }}"}),
    stop(
        "object-message",
        {"errorType": "errorObject", "errorObject": '{"message": "boom", "code": 7}'},
    ),
    stop(
        "object-description", {"errorType": "errorObject", "errorObject": '{"description": "why"}'}
    ),
    stop(
        "object-error",
        {"errorType": "errorObject", "errorObject": '{"error": "E1", "message": ""}'},
    ),
    stop("object-other", {"errorType": "errorObject", "errorObject": '{"code": 7, "x": [1]}'}),
    stop("object-bad-json", {"errorType": "errorObject", "errorObject": "{nope"}),
]
