"""Execute Workflow 1-1.4 and Execute Workflow Trigger 1-1.2: sub-workflows given inline
(source "parameter"), run once with all items or once per item, waiting or not, failing,
and returning one or several outputs and runs."""

from __future__ import annotations

import itertools
import json
from typing import Any

from tests.node_oracle.harness import Case

CALLER_VERSIONS = (1, 1.1, 1.2, 1.3, 1.4)
TRIGGER_VERSIONS = (1, 1.1, 1.2)
ROWS = [{"a": "x", "n": 1}, {"a": "y", "n": 2}, {"a": "z", "n": 3, "deep": {"k": [1, 2]}}]


def _node(name: str, kind: str, version: float, parameters: dict[str, Any], **extra: Any) -> dict:
    return {
        "id": name.lower().replace(" ", "-"),
        "name": name,
        "type": f"n8n-nodes-base.{kind}",
        "typeVersion": version,
        "position": [0, 0],
        "parameters": parameters,
        **extra,
    }


def _trigger(version: float = 1.1, **parameters: Any) -> dict:
    if version >= 1.1 and not parameters:
        parameters = {"inputSource": "passthrough"}
    return _node("Trigger", "executeWorkflowTrigger", version, parameters)


def _set(name: str, field: str, value: str, kind: str = "string") -> dict:
    assignment = {"id": field, "name": field, "type": kind, "value": value}
    return _node(
        name,
        "set",
        3.4,
        {"assignments": {"assignments": [assignment]}, "includeOtherFields": True, "options": {}},
    )


def _code(name: str, code: str) -> dict:
    return _node(name, "code", 2, {"jsCode": code})


def _chain(*names: str) -> dict[str, Any]:
    return {
        a: {"main": [[{"node": b, "type": "main", "index": 0}]]}
        for a, b in itertools.pairwise(names)
    }


def _sub(nodes: list[dict], connections: dict[str, Any], order: str | None = "v1") -> str:
    data: dict[str, Any] = {"nodes": nodes, "connections": connections}
    if order is not None:
        data["settings"] = {"executionOrder": order}
    return json.dumps(data)


def _tagged(trigger: float = 1.1) -> str:
    """Trigger → Set `tag` = "<a>!" (the caller's items with one more field)."""
    return _sub(
        [_trigger(trigger), _set("Tag", "tag", "={{ $json.a }}!")], _chain("Trigger", "Tag")
    )


def _caller(version: float, sub: str, mode: str = "once", **options: Any) -> dict:
    parameters: dict[str, Any] = {"source": "parameter", "workflowJson": sub, "mode": mode}
    parameters["options"] = options
    return _node("Call", "executeWorkflow", version, parameters)


def _case(case_id: str, caller: dict, rows: list[dict] | None = None, **extra: Any) -> Case:
    return Case(id=case_id, nodes=[caller], inputs={"Input": rows or ROWS}, **extra)


def _basics() -> list[Case]:
    cases = []
    for version in CALLER_VERSIONS:
        for trigger in TRIGGER_VERSIONS:
            for mode in ("once", "each"):
                cases.append(
                    _case(
                        f"executeWorkflow-{version}-{mode}-trigger{trigger}",
                        _caller(version, _tagged(trigger), mode),
                    )
                )
        for mode in ("once", "each"):
            cases.append(
                _case(
                    f"executeWorkflow-{version}-{mode}-no-wait",
                    _caller(version, _tagged(), mode, waitForSubWorkflow=False),
                )
            )
            cases.append(
                _case(
                    f"executeWorkflow-{version}-{mode}-wait-true",
                    _caller(version, _tagged(), mode, waitForSubWorkflow=True),
                )
            )
    return cases


_FAILING = _sub(
    [_trigger(), _node("Fail", "stopAndError", 1, {"errorMessage": "stopped in the sub"})],
    _chain("Trigger", "Fail"),
)
_FAIL_ON_Y = _sub(
    [
        _trigger(),
        _node(
            "Is Y",
            "if",
            2.2,
            {
                "conditions": {
                    "options": {"caseSensitive": True, "typeValidation": "strict", "version": 2},
                    "conditions": [
                        {
                            "id": "c",
                            "leftValue": "={{ $json.a }}",
                            "rightValue": "y",
                            "operator": {"type": "string", "operation": "equals"},
                        }
                    ],
                    "combinator": "and",
                },
                "options": {},
            },
        ),
        _node("No Y", "stopAndError", 1, {"errorMessage": "no y"}),
        _node("Pass", "noOp", 1, {}),
    ],
    {
        **_chain("Trigger", "Is Y"),
        "Is Y": {
            "main": [
                [{"node": "No Y", "type": "main", "index": 0}],
                [{"node": "Pass", "type": "main", "index": 0}],
            ]
        },
    },
)


def _failures() -> list[Case]:
    cases = []
    for version in (1, 1.2, 1.3, 1.4):
        for mode in ("once", "each"):
            cases.append(
                _case(
                    f"executeWorkflow-{version}-{mode}-sub-fails",
                    _caller(version, _FAILING, mode),
                    error=True,
                )
            )
            for on_error in ("continueRegularOutput", "continueErrorOutput"):
                caller = {**_caller(version, _FAIL_ON_Y, mode), "onError": on_error}
                cases.append(
                    _case(f"executeWorkflow-{version}-{mode}-fails-on-y-{on_error}", caller)
                )
        cases.append(
            _case(
                f"executeWorkflow-{version}-each-fails-on-y-no-wait",
                _caller(version, _FAIL_ON_Y, "each", waitForSubWorkflow=False),
            )
        )
    cases.append(
        _case("executeWorkflow-1.2-bad-json", _caller(1.2, "{not json", "once"), error=True)
    )
    cases.append(
        _case(
            "executeWorkflow-1.2-no-start-node",
            _caller(1.2, _sub([_set("Tag", "tag", "t")], {}), "once"),
            error=True,
        )
    )
    return cases


def _trigger_inputs() -> list[Case]:
    fields = {
        "inputSource": "workflowInputs",
        "workflowInputs": {
            "values": [
                {"name": "a", "type": "string"},
                {"name": "missing", "type": "number"},
                {"name": "deep", "type": "any"},
            ]
        },
    }
    example = {
        "inputSource": "jsonExample",
        "jsonExample": json.dumps({"n": 1, "other": None, "list": []}),
    }
    cases = []
    for trigger in (1.1, 1.2):
        for label, parameters in (("fields", fields), ("example", example)):
            sub = _sub([_trigger(trigger, **parameters)], {})
            for mode in ("once", "each"):
                cases.append(
                    _case(
                        f"executeWorkflowTrigger-{trigger}-{label}-{mode}",
                        _caller(1.3, sub, mode),
                    )
                )
    v1 = _sub([_trigger(1, returnOutput="lastRunOnly")], {})
    cases.append(_case("executeWorkflowTrigger-1-alone", _caller(1.1, v1)))
    empty = _sub([_trigger(1.2, inputSource="workflowInputs")], {})
    cases.append(_case("executeWorkflowTrigger-1.2-no-fields", _caller(1.4, empty), error=True))
    return cases


def _shapes() -> list[Case]:
    """What comes back: fewer items, none, two outputs, a loop's runs, a manual start."""
    fewer = _sub(
        [
            _trigger(),
            _code("Sum", "return [{json: {sum: $input.all().reduce((s, i) => s + i.json.n, 0)}}];"),
        ],
        _chain("Trigger", "Sum"),
    )
    none = _sub(
        [
            _trigger(),
            _node(
                "Nothing",
                "filter",
                2.2,
                {
                    "conditions": {
                        "options": {
                            "caseSensitive": True,
                            "typeValidation": "strict",
                            "version": 2,
                        },
                        "conditions": [
                            {
                                "id": "c",
                                "leftValue": "={{ $json.n }}",
                                "rightValue": 100,
                                "operator": {"type": "number", "operation": "gt"},
                            }
                        ],
                        "combinator": "and",
                    },
                    "options": {},
                },
            ),
        ],
        _chain("Trigger", "Nothing"),
    )
    branches = _sub(
        [
            _trigger(),
            _node(
                "Big",
                "if",
                2.2,
                {
                    "conditions": {
                        "options": {
                            "caseSensitive": True,
                            "typeValidation": "strict",
                            "version": 2,
                        },
                        "conditions": [
                            {
                                "id": "c",
                                "leftValue": "={{ $json.n }}",
                                "rightValue": 2,
                                "operator": {"type": "number", "operation": "gte"},
                            }
                        ],
                        "combinator": "and",
                    },
                    "options": {},
                },
            ),
        ],
        _chain("Trigger", "Big"),
    )
    manual = _sub(
        [
            _node("Manual", "manualTrigger", 1, {}),
            _set("Tag", "tag", "={{ $json.a }}?"),
        ],
        _chain("Manual", "Tag"),
    )
    chained = _sub(
        [_trigger(), _set("One", "one", "1"), _code("Two", "return $input.all().slice(1);")],
        _chain("Trigger", "One", "Two"),
        order=None,
    )
    cases = [
        _case("executeWorkflow-1.2-fewer-items", _caller(1.2, fewer)),
        _case("executeWorkflow-1.2-each-fewer-items", _caller(1.2, fewer, "each")),
        _case("executeWorkflow-1.3-no-items-back", _caller(1.3, none)),
        _case("executeWorkflow-1.3-each-no-items-back", _caller(1.3, none, "each")),
        _case("executeWorkflow-1.4-two-outputs", _caller(1.4, branches)),
        _case("executeWorkflow-1.4-each-two-outputs", _caller(1.4, branches, "each")),
        _case("executeWorkflow-1.2-manual-start", _caller(1.2, manual)),
        _case("executeWorkflow-1.1-sub-v0-order", _caller(1.1, chained)),
        _case("executeWorkflow-1.2-caller-v0", _caller(1.2, _tagged()), order="v0"),
        _case("executeWorkflow-1-each-caller-v0", _caller(1, _tagged(), "each"), order="v0"),
        _case(
            "executeWorkflow-1.2-unicode-and-nulls",
            _caller(1.2, _tagged()),
            rows=[{"a": "ü日本"}, {"a": None}, {}, {"a": ""}],
        ),
        _case(
            "executeWorkflow-1.2-one-item-sub-aggregates",
            _caller(1.2, fewer),
            rows=[{"n": 5}],
        ),
    ]
    for trigger, label, extra in (
        (1.1, "last-run", {}),
        (1.1, "all-runs", {"returnOutput": "allRuns"}),
        (1.2, "all-runs", {}),
    ):
        parameters = {"inputSource": "passthrough", **extra}
        loop = _sub(
            [
                _node("Trigger", "executeWorkflowTrigger", trigger, parameters),
                _node("Loop", "splitInBatches", 3, {"batchSize": 1, "options": {}}),
                _set("Each", "seen", "={{ $json.a }}"),
            ],
            {
                "Trigger": {"main": [[{"node": "Loop", "type": "main", "index": 0}]]},
                "Loop": {"main": [[], [{"node": "Each", "type": "main", "index": 0}]]},
                "Each": {"main": [[{"node": "Loop", "type": "main", "index": 0}]]},
            },
        )
        cases.append(_case(f"executeWorkflowTrigger-{trigger}-loop-{label}", _caller(1.2, loop)))
    return cases


CASES = [*_basics(), *_failures(), *_trigger_inputs(), *_shapes()]
