"""Switch 1 and 2: one value compared with each rule's value, or an output index.

Switch 1 has four outputs and each rule names its output; Switch 2 has one output per rule
(or `outputsAmount` in expression mode). Unmatched items go to `fallbackOutput` (-1: none).
When the node continues on errors, a failed item becomes `{error}` on output 0.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core._conditional import continues, evaluated, passed_on
from kflow.nodes.core.base import describe
from kflow.nodes.core.conditions_fields import legacy_operation, legacy_value2
from kflow.nodes.core.conditions_legacy import LegacyError, compare, to_date_millis
from kflow.nodes.core.switch_outputs import (
    MAX_OUTPUTS,
    OutputError,
    check_range_legacy,
    outputs_v2,
    slot,
)

__all__ = ["SwitchV1", "SwitchV2"]

TRAITS = NodeTraits(n8n_types=("n8n-nodes-base.switch",), streams=True)
SUMMARY = "Route items depending on defined expression or rules"
_KINDS = {"boolean": "Boolean", "dateTime": "Dates", "number": "Numbers", "string": "Strings"}
_VALUE1_DEFAULT: dict[str, Any] = {"boolean": False, "dateTime": "", "number": 0, "string": ""}


def _mode(expression_first: bool) -> dict[str, Any]:
    choices = [
        {
            "name": "Expression",
            "value": "expression",
            "description": "Expression decides how to route data",
        },
        {"name": "Rules", "value": "rules", "description": "Rules decide how to route data"},
    ]
    return {
        "displayName": "Mode",
        "name": "mode",
        "type": "options",
        "options": choices if expression_first else choices[::-1],
        "default": "rules",
        "description": "How data should be routed",
    }


def _rules_of(kind: str, target: dict[str, Any]) -> list[dict[str, Any]]:
    shown = {"show": {"dataType": [kind], "mode": ["rules"]}}
    value2 = legacy_value2(kind)
    if kind == "dateTime":
        value2 = [{**value2[0], "default": 0}]
    return [
        {
            "displayName": "Value 1",
            "name": "value1",
            "type": kind,
            "default": _VALUE1_DEFAULT[kind],
            "description": "The value to compare with the second one",
            "displayOptions": shown,
        },
        {
            "displayName": "Routing Rules",
            "name": "rules",
            "placeholder": "Add Routing Rule",
            "type": "fixedCollection",
            "typeOptions": {"multipleValues": True, "sortable": True},
            "displayOptions": shown,
            "default": {},
            "options": [
                {
                    "name": "rules",
                    "displayName": _KINDS[kind],
                    "values": [legacy_operation(kind, with_empty=False), *value2, target],
                }
            ],
        },
    ]


def _data_type() -> dict[str, Any]:
    return {
        "displayName": "Data Type",
        "name": "dataType",
        "type": "options",
        "displayOptions": {"show": {"mode": ["rules"]}},
        "options": [
            {"name": "Boolean", "value": "boolean"},
            {"name": "Date & Time", "value": "dateTime"},
            {"name": "Number", "value": "number"},
            {"name": "String", "value": "string"},
        ],
        "default": "number",
        "description": "The type of data to route on",
    }


_V1_TARGET = {
    "displayName": "Output",
    "name": "output",
    "type": "number",
    "typeOptions": {"minValue": 0, "maxValue": 3},
    "default": 0,
    "description": "The index of output to which to send data to if rule matches",
}
_V2_TARGET = {
    "displayName": "Output Key",
    "name": "outputKey",
    "type": "string",
    "default": "",
    "description": "The label of output to which to send data to if rule matches",
}


def _properties(version: int) -> list[dict[str, Any]]:
    target = _V1_TARGET if version == 1 else _V2_TARGET
    by_kind = [p for kind in _KINDS for p in _rules_of(kind, target)]
    if version == 1:
        expression = [
            {
                "displayName": "Output",
                "name": "output",
                "type": "number",
                "typeOptions": {"minValue": 0, "maxValue": 3},
                "displayOptions": {"show": {"mode": ["expression"]}},
                "default": 0,
                "description": "The index of output to which to send data to",
            }
        ]
        fallback: dict[str, Any] = {
            "type": "options",
            "options": [{"name": "None", "value": -1}]
            + [{"name": str(i), "value": i} for i in range(4)],
            "description": "The output to which to route all items which do not match any "
            "of the rules",
        }
    else:
        expression = [
            {
                "displayName": "Output",
                "name": "output",
                "type": "string",
                "displayOptions": {"show": {"mode": ["expression"]}},
                "default": "",
                "description": "The index of output to which to send data to",
            },
            {
                "displayName": "Outputs Amount",
                "name": "outputsAmount",
                "type": "number",
                "displayOptions": {"show": {"mode": ["expression"]}},
                "default": 4,
                "description": "Amount of outputs to create",
            },
        ]
        fallback = {
            "type": "options",
            "typeOptions": {
                "loadOptionsDependsOn": ["rules.rules"],
                "loadOptionsMethod": "getFallbackOutputOptions",
            },
            "description": "The output to which to route all items which do not match any of "
            "the rules: -1 for none, else a rule's index",
        }
    return [
        _mode(expression_first=True),
        *expression,
        _data_type(),
        *by_kind,
        {
            "displayName": "Fallback Output" if version == 1 else "Fallback Output Name or ID",
            "name": "fallbackOutput",
            "displayOptions": {"show": {"mode": ["rules"]}},
            "default": -1,
            **fallback,
        },
    ]


class _LegacySwitch:
    """The run shared by Switch 1 and 2."""

    fixed_outputs: int | None = None

    async def run(self, run: NodeRun) -> list[list[Item]]:
        params = {
            name: evaluated(run, name)
            for name in ("mode", "output", "outputsAmount", "dataType", "value1", "rules")
            if name in run.parameters
        }
        params["fallbackOutput"] = evaluated(run, "fallbackOutput")
        outputs: list[list[Item]] = [[] for _ in range(self.fixed_outputs or 0)]
        for index in range(len(run.items)):
            try:
                self._route(run, params, outputs, index)
            except (NodeOperationError, LegacyError, OutputError) as error:
                if not continues(run):
                    if isinstance(error, NodeOperationError):
                        raise
                    raise NodeOperationError(run.name, str(error), item_index=index) from None
                message = error.message if isinstance(error, NodeOperationError) else str(error)
                if not outputs:
                    raise NodeOperationError(run.name, str(message), item_index=index) from None
                outputs[0].append({"json": {"error": message}, "pairedItem": {"item": index}})
        return outputs

    def _route(
        self,
        run: NodeRun,
        params: dict[str, list[Any]],
        outputs: list[list[Item]],
        index: int,
    ) -> None:
        def read(name: str, at: int = index) -> Any:
            value = params[name][at] if name in params else None
            if isinstance(value, NodeOperationError):
                raise value
            return value

        rules = (read("rules") or {}).get("rules") or [] if "rules" in params else []
        mode = read("mode")
        item = passed_on(run, index)
        if mode == "expression":
            if self.fixed_outputs is None and index == 0:
                outputs[:] = [[] for _ in range(int(read("outputsAmount") or 0))]
            target = read("output")
            check_range_legacy(len(outputs), target)
            slot(outputs, target).append(item)
            return
        if mode != "rules":
            return
        if self.fixed_outputs is None and index == 0:
            outputs[:] = [[] for _ in rules]
        data_type = read("dataType", 0)
        zone = run.run_settings.timezone
        value1 = read("value1")
        if data_type == "dateTime":
            value1 = to_date_millis(value1, zone)
        for position, rule in enumerate(rules):
            value2 = rule.get("value2")
            if data_type == "dateTime":
                value2 = to_date_millis(value2, zone)
            if compare(rule.get("operation", ""), value1, value2):
                target = rule.get("output") if self.fixed_outputs else position
                check_range_legacy(len(outputs), rule.get("output"))
                slot(outputs, target).append(item)
                return
        fallback = read("fallbackOutput")
        if fallback != -1:
            check_range_legacy(len(outputs), fallback)
            slot(outputs, fallback).append(item)


class SwitchV1(_LegacySwitch):
    """Switch 1: four outputs; each rule names its output."""

    fixed_outputs = 4
    traits = TRAITS
    description = describe(
        "switch",
        "Switch",
        SUMMARY,
        _properties(1),
        version=[1],
        outputs=["main"] * 4,
        outputNames=["0", "1", "2", "3"],
    )


class SwitchV2(_LegacySwitch):
    """Switch 2: one output per rule, or `outputsAmount` in expression mode."""

    fixed_outputs = None
    traits = replace(TRAITS, outputs=outputs_v2)
    description = describe(
        "switch",
        "Switch",
        SUMMARY,
        _properties(2),
        version=[2],
        outputs=["main"] * MAX_OUTPUTS,
    )
