"""Switch 3 … 3.4: routing rules built with the condition builder, or an output index.

Rules mode has one output per rule, plus a fallback output when `options.fallbackOutput` is
"extra"; unmatched items go there, to a rule's output (a number), or nowhere ("none"). An
item goes to the first matching rule's output, or to every matching one with
`allMatchingOutputs`. Expression mode routes each item to output `output` of
`numberOutputs`. Versions: 3.1 moves 'Convert types where required' to the top, 3.2 and
3.4 store filter versions 2 and 3, 3.3 fixes the number of outputs (no expression).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun
from kflow.nodes.core._conditional import continues, evaluated, filter_passes, passed_on
from kflow.nodes.core.base import describe
from kflow.nodes.core.conditions_fields import IGNORE_CASE, filter_conditions, loose_type_validation
from kflow.nodes.core.js_values import UNDEFINED, js_number, js_string
from kflow.nodes.core.switch_legacy import SUMMARY, TRAITS
from kflow.nodes.core.switch_outputs import MAX_OUTPUTS, OutputError, check_range, outputs_v3, slot

__all__ = ["SwitchV3"]

_DEFAULT_RULE = {
    "conditions": {
        "options": {"caseSensitive": True, "leftValue": "", "typeValidation": "strict"},
        "conditions": [
            {
                "leftValue": "",
                "rightValue": "",
                "operator": {"type": "string", "operation": "equals"},
            }
        ],
        "combinator": "and",
    }
}


def _number_outputs(rule: dict[str, float], **extra: Any) -> dict[str, Any]:
    return {
        "displayName": "Number of Outputs",
        "name": "numberOutputs",
        "type": "number",
        "displayOptions": {"show": {"mode": ["expression"], "@version": [{"_cnd": rule}]}},
        "default": 4,
        "description": "How many outputs to create",
        **extra,
    }


_PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Mode",
        "name": "mode",
        "type": "options",
        "noDataExpression": True,
        "options": [
            {
                "name": "Rules",
                "value": "rules",
                "description": "Build a matching rule for each output",
            },
            {
                "name": "Expression",
                "value": "expression",
                "description": "Write an expression to return the output index",
            },
        ],
        "default": "rules",
        "description": "How data should be routed",
    },
    _number_outputs({"gte": 3.3}, noDataExpression=True),
    _number_outputs({"lt": 3.3}),
    {
        "displayName": "Output Index",
        "name": "output",
        "type": "number",
        "hint": "The index to route the item to, starts at 0",
        "displayOptions": {"show": {"mode": ["expression"]}},
        "default": "={{}}",
        "description": "The output index to send the input item to. Use an expression to "
        "calculate which input item should be routed to which output. The expression must "
        "return a number.",
    },
    {
        "displayName": "Routing Rules",
        "name": "rules",
        "placeholder": "Add Routing Rule",
        "type": "fixedCollection",
        "typeOptions": {"multipleValues": True, "sortable": True},
        "default": {"values": [_DEFAULT_RULE]},
        "displayOptions": {"show": {"mode": ["rules"]}},
        "options": [
            {
                "name": "values",
                "displayName": "Routing Rule",
                "values": [
                    filter_conditions("The conditions an item must meet to go to this output"),
                    {
                        "displayName": "Rename Output",
                        "name": "renameOutput",
                        "type": "boolean",
                        "default": False,
                    },
                    {
                        "displayName": "Output Name",
                        "name": "outputKey",
                        "type": "string",
                        "default": "",
                        "description": "The label of output to which to send data to if rule "
                        "matches",
                        "displayOptions": {"show": {"renameOutput": [True]}},
                    },
                ],
            }
        ],
    },
    loose_type_validation(False, {"gte": 3.1}),
    {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "placeholder": "Add option",
        "default": {},
        "displayOptions": {"show": {"mode": ["rules"]}},
        "options": [
            {
                "displayName": "Fallback Output",
                "name": "fallbackOutput",
                "type": "options",
                "typeOptions": {
                    "loadOptionsDependsOn": ["rules.values", "/rules", "/rules.values"],
                    "loadOptionsMethod": "getFallbackOutputOptions",
                },
                "default": "none",
                "description": 'If no rule matches the item will be sent to this output: "none" '
                "(ignored), \"extra\" (an extra output after the rules') or a rule's index",
            },
            IGNORE_CASE,
            loose_type_validation(True, {"lt": 3.1}),
            {
                "displayName": "Rename Fallback Output",
                "name": "renameFallbackOutput",
                "type": "string",
                "placeholder": "e.g. Fallback",
                "default": "",
                "description": "The label of the extra fallback output",
                "displayOptions": {"show": {"fallbackOutput": ["extra"]}},
            },
            {
                "displayName": "Send data to all matching outputs",
                "name": "allMatchingOutputs",
                "type": "boolean",
                "default": False,
                "description": "Whether to send data to all outputs meeting conditions (and not "
                "just the first one)",
            },
        ],
    },
]


def _output_index(value: Any) -> Any:
    """The Output Index as n8n reads it (a number parameter validated as a number)."""
    if value is None or value is UNDEFINED:
        return UNDEFINED
    number = js_number(value)
    if math.isnan(number) or (isinstance(value, list | dict)):
        raise OutputError(f"'output' expects a number but we got '{js_string(value)}'")
    return number


class SwitchV3:
    """Switch 3 … 3.4."""

    traits = replace(TRAITS, outputs=outputs_v3)
    description = describe(
        "switch",
        "Switch",
        SUMMARY,
        _PROPERTIES,
        version=[3, 3.1, 3.2, 3.3, 3.4],
        outputs=["main"] * MAX_OUTPUTS,
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        mode = run.parameters.get("mode")
        names = ("numberOutputs", "output") if mode == "expression" else ("rules", "options")
        params = {name: evaluated(run, name) for name in names}
        outputs: list[list[Item]] = []
        for index in range(len(run.items)):
            try:
                if mode == "expression":
                    self._by_index(run, params, outputs, index)
                elif mode == "rules":
                    self._by_rules(run, params, outputs, index)
            except (NodeOperationError, OutputError) as error:
                message = error.message if isinstance(error, NodeOperationError) else str(error)
                if not continues(run) or not outputs:
                    if isinstance(error, NodeOperationError):
                        raise
                    raise NodeOperationError(run.name, message, item_index=index) from None
                outputs[0].append({"json": {"error": message}, "pairedItem": {"item": index}})
        return outputs or [[]]

    @staticmethod
    def _read(params: dict[str, list[Any]], name: str, index: int) -> Any:
        value = params[name][index]
        if isinstance(value, NodeOperationError):
            raise value
        return value

    def _by_index(
        self, run: NodeRun, params: dict[str, list[Any]], outputs: list[list[Item]], index: int
    ) -> None:
        count = self._read(params, "numberOutputs", index)
        if index == 0:
            outputs[:] = [[] for _ in range(int(js_number(count) or 0))]
        target = _output_index(self._read(params, "output", index))
        check_range(len(outputs), target)
        slot(outputs, target).append(passed_on(run, index))

    def _by_rules(
        self, run: NodeRun, params: dict[str, list[Any]], outputs: list[list[Item]], index: int
    ) -> None:
        rules = (self._read(params, "rules", index) or {}).get("values") or []
        if not rules:
            return
        options = self._read(params, "options", index) or {}
        fallback = options.get("fallbackOutput", UNDEFINED)
        if index == 0:
            outputs[:] = [[] for _ in rules]
            if fallback == "extra":
                outputs.append([])
        item = passed_on(run, index)
        matched = False
        for position, rule in enumerate(rules):
            if filter_passes(run, rule.get("conditions"), index, "Routing Rules"):
                matched = True
                slot(outputs, position).append(item)
                if not options.get("allMatchingOutputs"):
                    return
        if matched or fallback in (UNDEFINED, None, "none"):
            return
        if fallback == "extra":
            outputs[-1].append(item)
            return
        check_range(len(outputs), fallback)
        slot(outputs, fallback).append(item)
