"""removeDuplicates: drops items equal to an earlier one (n8n's Remove Duplicates 1, 1.1, 2).

Version 2 also removes items whose value an earlier execution saw, and clears that history
(data_dedupe_history.py), with the store the host gives the run (`run.dedupe`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits, VersionedNode
from kflow.nodes.core.base import describe
from kflow.nodes.core.data_dedupe import DedupeRules, remove_duplicate_items
from kflow.nodes.core.data_dedupe_history import clear_history, remove_seen_items
from kflow.nodes.core.data_props import boolean_option, option_list

__all__ = ["REMOVE_DUPLICATES", "RemoveDuplicatesV1", "RemoveDuplicatesV2", "compare_properties"]

_TRAITS = NodeTraits(n8n_types=("n8n-nodes-base.removeDuplicates",))
_SEEN_OPERATION = "removeItemsSeenInPreviousExecutions"


def _v2_outputs(parameters: Mapping[str, Any], version: float) -> list[str]:
    """Kept, and Discarded when items are checked against earlier executions."""
    if parameters.get("operation") == _SEEN_OPERATION:
        return ["Kept", "Discarded"]
    return ["Kept"]


_V2_TRAITS = NodeTraits(n8n_types=_TRAITS.n8n_types, outputs=_v2_outputs)
_SUMMARY = "Delete items with matching field values"
_DOTS = "Whether `a.b` names a field called `a.b` rather than field `b` inside `a`"
_OTHERS = "Whether the items kept hold only the compared fields"


def _rows(name: str, display: str, when: str) -> dict[str, Any]:
    return {
        "displayName": display,
        "name": name,
        "type": "fixedCollection",
        "default": {},
        "typeOptions": {"multipleValues": True},
        "displayOptions": {"show": {"compare": [when]}},
        "options": [
            {
                "displayName": "",
                "name": "fields",
                "values": [
                    {
                        "displayName": "Field Name",
                        "name": "fieldName",
                        "type": "string",
                        "default": "",
                        "description": "A field of the input items",
                    }
                ],
            }
        ],
    }


def compare_properties(*, rows_for_fields: bool = False) -> list[dict[str, Any]]:
    """Compare, its field lists and their options (Item Lists 1 and 2 list fields as rows)."""
    if rows_for_fields:
        exclude = _rows("fieldsToExclude", "Fields To Exclude", "allFieldsExcept")
        chosen = _rows("fieldsToCompare", "Fields To Compare", "selectedFields")
    else:
        exclude, chosen = (
            {
                "displayName": display,
                "name": name,
                "type": "string",
                "default": "",
                "placeholder": "e.g. email, name",
                "description": text,
                "displayOptions": {"show": {"compare": [when]}},
            }
            for name, display, text, when in (
                (
                    "fieldsToExclude",
                    "Fields To Exclude",
                    "Fields left out of the comparison, separated by commas",
                    "allFieldsExcept",
                ),
                (
                    "fieldsToCompare",
                    "Fields To Compare",
                    "The fields compared, separated by commas",
                    "selectedFields",
                ),
            )
        )
    return [
        {
            "displayName": "Compare",
            "name": "compare",
            "type": "options",
            "default": "allFields",
            "description": "Which fields must be equal for two items to be duplicates",
            "options": option_list(
                ("All Fields", "allFields"),
                ("All Fields Except", "allFieldsExcept"),
                ("Selected Fields", "selectedFields"),
            ),
        },
        exclude,
        chosen,
        {
            "displayName": "Options",
            "name": "options",
            "type": "collection",
            "placeholder": "Add Field",
            "default": {},
            "displayOptions": {"show": {"compare": ["allFieldsExcept", "selectedFields"]}},
            "options": [
                boolean_option("disableDotNotation", "Disable Dot Notation", _DOTS),
                boolean_option("removeOtherFields", "Remove Other Fields", _OTHERS),
            ],
        },
    ]


class RemoveDuplicatesV1:
    """Versions 1 and 1.1 (1.1: a null passes the missing-field check)."""

    traits = _TRAITS
    description = describe(
        "removeDuplicates",
        "Remove Duplicates",
        _SUMMARY,
        compare_properties(),
        version=[1, 1.1],
        defaultVersion=2,
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        rules = DedupeRules(skip_nulls=run.version > 1)
        return [remove_duplicate_items(run, rules)]


_IN_INPUT = {"/operation": ["removeDuplicateInputItems"]}
_SEEN = {"/operation": ["removeItemsSeenInPreviousExecutions"]}


def _v2_properties() -> list[dict[str, Any]]:
    compare, exclude, chosen, _ = compare_properties()
    in_input = {"operation": ["removeDuplicateInputItems"]}
    compare = {**compare, "displayOptions": {"show": in_input}}
    value = {
        "type": "string",
        "default": "",
        "placeholder": "e.g. ID",
        "description": "The value compared with those of earlier executions",
    }
    return [
        {
            "displayName": "Operation",
            "name": "operation",
            "type": "options",
            "default": "removeDuplicateInputItems",
            "options": [
                {
                    "name": "Remove Items Repeated Within Current Input",
                    "value": "removeDuplicateInputItems",
                    "description": "Remove duplicates among this run's items",
                },
                {
                    "name": "Remove Items Processed in Previous Executions",
                    "value": "removeItemsSeenInPreviousExecutions",
                    "description": "Remove items whose value an earlier execution saw",
                },
                {
                    "name": "Clear Deduplication History",
                    "value": "clearDeduplicationHistory",
                    "description": "Forget the values earlier executions saw",
                },
            ],
        },
        compare,
        exclude,
        chosen,
        {
            "displayName": "Keep Items Where",
            "name": "logic",
            "type": "options",
            "default": "removeItemsWithAlreadySeenKeyValues",
            "description": "Which items count as new",
            "options": option_list(
                ("Value Is New", "removeItemsWithAlreadySeenKeyValues"),
                ("Value Is Higher than Any Previous Value", "removeItemsUpToStoredIncrementalKey"),
                ("Value Is a Date Later than Any Previous Date", "removeItemsUpToStoredDate"),
            ),
            "displayOptions": {"show": {"operation": ["removeItemsSeenInPreviousExecutions"]}},
        },
        {
            **value,
            "displayName": "Value to Dedupe On",
            "name": "dedupeValue",
            "description": "A value identifying the item, usually an expression such as "
            "{{ $json.id }}; items without one (null, empty) share the empty value",
            "displayOptions": {"show": {"logic": ["removeItemsWithAlreadySeenKeyValues"], **_SEEN}},
        },
        {
            **value,
            "displayName": "Value to Dedupe On",
            "name": "incrementalDedupeValue",
            "type": "number",
            "description": "A number that grows with each new item (e.g. an ID); items at or "
            "below the highest one seen before are removed",
            "default": "",
            "displayOptions": {"show": {"logic": ["removeItemsUpToStoredIncrementalKey"], **_SEEN}},
        },
        {
            **value,
            "displayName": "Value to Dedupe On",
            "name": "dateDedupeValue",
            "type": "dateTime",
            "description": "A date (ISO 8601, HTTP, RFC 2822 or SQL form; without an offset in "
            "the workflow's time zone); items at or before the latest one seen are removed",
            "default": "",
            "displayOptions": {"show": {"logic": ["removeItemsUpToStoredDate"], **_SEEN}},
        },
        {
            "displayName": "Mode",
            "name": "mode",
            "type": "options",
            "default": "cleanDatabase",
            "description": "What to forget",
            "options": option_list(("Clean Database", "cleanDatabase")),
            "displayOptions": {"show": {"operation": ["clearDeduplicationHistory"]}},
        },
        {
            "displayName": "Options",
            "name": "options",
            "type": "collection",
            "placeholder": "Add Field",
            "default": {},
            "displayOptions": {
                "show": {
                    "operation": [
                        "removeDuplicateInputItems",
                        "removeItemsSeenInPreviousExecutions",
                        "clearDeduplicationHistory",
                    ]
                }
            },
            "options": [
                boolean_option(
                    "disableDotNotation",
                    "Disable Dot Notation",
                    _DOTS,
                    displayOptions={"show": _IN_INPUT, "hide": {"/compare": ["allFields"]}},
                ),
                boolean_option(
                    "removeOtherFields",
                    "Remove Other Fields",
                    _OTHERS,
                    displayOptions={"show": _IN_INPUT, "hide": {"/compare": ["allFields"]}},
                ),
                {
                    "displayName": "Scope",
                    "name": "scope",
                    "type": "options",
                    "default": "node",
                    "description": "Whether values are remembered by this node or by the "
                    "whole workflow",
                    "options": option_list(("Workflow", "workflow"), ("Node", "node")),
                    "displayOptions": {
                        "show": {
                            "/operation": [
                                "clearDeduplicationHistory",
                                "removeItemsSeenInPreviousExecutions",
                            ]
                        }
                    },
                },
                {
                    "displayName": "History Size",
                    "name": "historySize",
                    "type": "number",
                    "default": 10000,
                    "description": "How many values are remembered at most",
                    "displayOptions": {
                        "show": {"/logic": ["removeItemsWithAlreadySeenKeyValues"], **_SEEN}
                    },
                },
            ],
        },
    ]


class RemoveDuplicatesV2:
    """Version 2: within the input, or against the values of earlier executions."""

    traits = _V2_TRAITS
    description = describe(
        "removeDuplicates",
        "Remove Duplicates",
        _SUMMARY,
        _v2_properties(),
        version=[2],
        outputNames=["Kept", "Discarded"],
        defaultVersion=2,
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        operation = run.parameters.get("operation", "removeDuplicateInputItems")
        if operation == _SEEN_OPERATION:
            return await remove_seen_items(run)
        if operation == "clearDeduplicationHistory":
            return await clear_history(run)
        if operation != "removeDuplicateInputItems":
            raise NodeOperationError(
                run.name, f"Unknown operation {operation!r}", parameter="Operation"
            )
        return [remove_duplicate_items(run, DedupeRules(skip_nulls=True))]


REMOVE_DUPLICATES = VersionedNode(
    default=2, implementations=(RemoveDuplicatesV1(), RemoveDuplicatesV2())
)
