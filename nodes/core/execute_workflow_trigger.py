"""Execute Workflow Trigger (n8n's "When Executed by Another Workflow"): a sub-workflow's
start. It outputs the items its caller gives (the run's items, as kflow's input node does);
from 1.1 it may keep only the fields it declares (a list of fields, or a JSON example).
"""

from __future__ import annotations

import json
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe

__all__ = ["EXECUTE_WORKFLOW_TRIGGER", "ExecuteWorkflowTrigger", "declared_fields"]

_TYPES = ("any", "string", "number", "boolean", "array", "object")
_TYPE_NAMES = {
    "any": "Allow Any Type",
    "string": "String",
    "number": "Number",
    "boolean": "Boolean",
    "array": "Array",
    "object": "Object",
}
_EXAMPLE = json.dumps(
    {"aField": "a string", "aNumber": 123, "thisFieldAcceptsAnyType": None, "anArray": []},
    indent=2,
)
_FROM_1_1 = {"@version": [{"_cnd": {"gte": 1.1}}]}

_PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Events",
        "name": "events",
        "type": "hidden",
        "default": "worklfow_call",
        "description": "What starts the workflow: a call from another workflow",
    },
    {
        "displayName": "When an Execute Workflow node calls this workflow, the run starts "
        "here with the items passed to that node",
        "name": "notice",
        "type": "notice",
        "default": "",
        "displayOptions": {"show": {"@version": [{"_cnd": {"eq": 1}}]}},
    },
    {
        "displayName": "This node is out of date: newer versions can declare their inputs",
        "name": "outdatedVersionWarning",
        "type": "notice",
        "default": "",
        "displayOptions": {"show": {"@version": [{"_cnd": {"eq": 1}}]}},
    },
    {
        "displayName": "Input data mode",
        "name": "inputSource",
        "type": "options",
        "default": "workflowInputs",
        "description": "Which fields of the caller's items the workflow gets",
        "options": [
            {
                "name": "Define using fields below",
                "value": "workflowInputs",
                "description": "Only the fields listed, each null when missing",
            },
            {
                "name": "Define using JSON example",
                "value": "jsonExample",
                "description": "Only the top-level fields of an example object",
            },
            {
                "name": "Accept all data",
                "value": "passthrough",
                "description": "The caller's items as they are",
            },
        ],
        "displayOptions": {"show": _FROM_1_1},
    },
    {
        "displayName": "An example object: its top-level fields are the inputs (null: any type)",
        "name": "jsonExample_notice",
        "type": "notice",
        "default": "",
        "displayOptions": {"show": {**_FROM_1_1, "inputSource": ["jsonExample"]}},
    },
    {
        "displayName": "JSON Example",
        "name": "jsonExample",
        "type": "json",
        "default": _EXAMPLE,
        "description": "An object whose top-level fields (and their types) are the inputs",
        "displayOptions": {"show": {**_FROM_1_1, "inputSource": ["jsonExample"]}},
    },
    {
        "displayName": "Workflow Input Schema",
        "name": "workflowInputs",
        "type": "fixedCollection",
        "default": {},
        "description": "The input fields: the workflow gets these alone",
        "typeOptions": {"multipleValues": True, "sortable": True, "minRequiredFields": 1},
        "displayOptions": {"show": {**_FROM_1_1, "inputSource": ["workflowInputs"]}},
        "options": [
            {
                "name": "values",
                "displayName": "Values",
                "values": [
                    {
                        "displayName": "Name",
                        "name": "name",
                        "type": "string",
                        "default": "",
                        "required": True,
                        "description": "The input's name, as callers map it",
                    },
                    {
                        "displayName": "Type",
                        "name": "type",
                        "type": "options",
                        "default": "string",
                        "required": True,
                        "description": "The type callers convert the input's value to",
                        "options": [{"name": _TYPE_NAMES[t], "value": t} for t in _TYPES],
                    },
                ],
            }
        ],
    },
    {
        "displayName": "Items to Return",
        "name": "returnOutput",
        "type": "options",
        "default": "lastRunOnly",
        "description": "What the caller gets when the workflow's last node ran more than once",
        "options": [
            {
                "name": "All Items From Every Run",
                "value": "allRuns",
                "description": "Every item of every run of the last node",
            },
            {
                "name": "Items From the Last Run Only",
                "value": "lastRunOnly",
                "description": "The items of the last node's last run",
            },
        ],
        "displayOptions": {"show": {"@version": [{"_cnd": {"lt": 1.2}}]}},
    },
]


class ExecuteWorkflowTrigger:
    """Starts a sub-workflow with its caller's items (versions 1, 1.1, 1.2)."""

    traits = NodeTraits(
        n8n_types=("n8n-nodes-base.executeWorkflowTrigger",),
        takes_run_input=True,
    )
    description = describe(
        "executeWorkflowTrigger",
        "Execute Workflow Trigger",
        "Starts the workflow when another workflow calls it (Execute Workflow)",
        _PROPERTIES,
        version=[1, 1.1, 1.2],
        defaults={"name": "When Executed by Another Workflow"},
        inputs=[],
        group=["trigger"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        items = run.given_items if run.given_items is not None else run.items
        params = run.params(0)
        source = params.get("inputSource", "passthrough")
        if source == "passthrough":
            return [[_passed(item, i) for i, item in enumerate(items)]]
        names = [name for name, _ in declared_fields(run, params)]
        if not names and source == "workflowInputs":
            raise NodeOperationError(
                run.name,
                "At least 1 field is required",
                description="add an input field, or set Input data mode to Accept all data",
                parameter="Workflow Input Schema",
            )
        kept = set(names)
        output: list[Item] = []
        for index, item in enumerate(items):
            found = item["json"]
            fields: dict[str, Any] = dict.fromkeys(names)
            fields.update({k: v for k, v in found.items() if k in kept})
            out: Item = {"json": fields, "pairedItem": {"item": index}}
            if item.get("binary"):
                out["binary"] = item["binary"]
            output.append(out)
        return [output]


def declared_fields(run: NodeRun, params: dict[str, Any]) -> list[tuple[str, str]]:
    """The trigger's input fields, (name, type), from its list or its JSON example.

    Raises:
        NodeOperationError: The JSON example is not JSON, or not an object of known types.
    """
    if params.get("inputSource") == "jsonExample":
        return _example_fields(run, params.get("jsonExample"))
    rows = (params.get("workflowInputs") or {}).get("values") or []
    return [(str(row.get("name", "")), str(row.get("type", "string"))) for row in rows]


def _example_fields(run: NodeRun, text: Any) -> list[tuple[str, str]]:
    example = text
    if isinstance(text, str):
        try:
            example = json.loads(text)
        except json.JSONDecodeError as exc:
            raise NodeOperationError(
                run.name,
                f"the JSON example is not valid JSON: {exc.msg}",
                parameter="JSON Example",
            ) from None
    if not isinstance(example, dict):
        kind = "array" if isinstance(example, list) else _json_type(example)
        raise NodeOperationError(
            run.name,
            f"Invalid JSON schema type. Only object type is supported, but got {kind}",
            parameter="JSON Example",
        )
    return [(name, _json_type(value)) for name, value in example.items()]


def _json_type(value: Any) -> str:
    if value is None:
        return "any"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _passed(item: Item, index: int) -> Item:
    out: Item = {"json": item["json"], "pairedItem": {"item": index}}
    if item.get("binary"):
        out["binary"] = item["binary"]
    return out


EXECUTE_WORKFLOW_TRIGGER = ExecuteWorkflowTrigger()
