"""aggregate: many items into one, collecting fields or whole items (n8n's Aggregate 1)."""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.data_aggregate import AggregateRules, aggregate_items
from kflow.nodes.core.data_props import boolean_option, option_list

__all__ = ["AGGREGATE", "AggregateNode", "aggregate_properties"]

_INDIVIDUAL = {"show": {"aggregate": ["aggregateIndividualFields"]}}
_ALL_DATA = {"show": {"aggregate": ["aggregateAllItemData"]}}
_NOT_ALL_DATA = {"hide": {"/aggregate": ["aggregateAllItemData"]}}


def _field_rows(display: str) -> dict[str, Any]:
    return {
        "displayName": display,
        "type": "fixedCollection",
        "default": {},
        "typeOptions": {"multipleValues": True},
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
                        "description": "A top-level field name",
                    }
                ],
            }
        ],
    }


def aggregate_properties(
    *, rows_for_fields: bool = False, binaries: bool = True
) -> list[dict[str, Any]]:
    """Aggregate's parameters (Item Lists 1 and 2 list included fields as rows, and have no
    binary options)."""

    def fields(name: str, display: str, when: str) -> dict[str, Any]:
        rule = {"show": {"aggregate": ["aggregateAllItemData"], "include": [when]}}
        if rows_for_fields:
            return {**_field_rows(display), "name": name, "displayOptions": rule}
        return {
            "displayName": display,
            "name": name,
            "type": "string",
            "default": "",
            "placeholder": "e.g. email, name",
            "description": "Top-level field names, separated by commas",
            "displayOptions": rule,
        }

    options: list[dict[str, Any]] = [
        boolean_option(
            "disableDotNotation",
            "Disable Dot Notation",
            "Whether `a.b` names a field called `a.b` rather than field `b` inside `a`",
            displayOptions=_NOT_ALL_DATA,
        ),
        boolean_option(
            "mergeLists",
            "Merge Lists",
            "Whether list values are joined into one flat list rather than a list of lists",
            displayOptions=_NOT_ALL_DATA,
        ),
    ]
    if binaries:
        options += [
            boolean_option("includeBinaries", "Include Binaries", "Whether to keep binary data"),
            boolean_option(
                "keepOnlyUnique",
                "Keep Only Unique Binaries",
                "Whether binaries with the same type and size are kept once",
                displayOptions={"show": {"includeBinaries": [True]}},
            ),
        ]
    options.append(
        boolean_option(
            "keepMissing",
            "Keep Missing And Null Values",
            "Whether missing fields and nulls add a null to the list",
            displayOptions=_NOT_ALL_DATA,
        )
    )
    return [
        {
            "displayName": "Aggregate",
            "name": "aggregate",
            "type": "options",
            "default": "aggregateIndividualFields",
            "options": option_list(
                ("Individual Fields", "aggregateIndividualFields"),
                ("All Item Data (Into a Single List)", "aggregateAllItemData"),
            ),
        },
        {
            "displayName": "Fields To Aggregate",
            "name": "fieldsToAggregate",
            "type": "fixedCollection",
            "placeholder": "Add Field To Aggregate",
            "default": {"fieldToAggregate": [{"fieldToAggregate": "", "renameField": False}]},
            "typeOptions": {"multipleValues": True},
            "displayOptions": _INDIVIDUAL,
            "options": [
                {
                    "displayName": "",
                    "name": "fieldToAggregate",
                    "values": [
                        {
                            "displayName": "Input Field Name",
                            "name": "fieldToAggregate",
                            "type": "string",
                            "default": "",
                            "description": "The field whose values are collected into a list",
                        },
                        {
                            "displayName": "Rename Field",
                            "name": "renameField",
                            "type": "boolean",
                            "default": False,
                            "description": "Whether the list goes under another name",
                        },
                        {
                            "displayName": "Output Field Name",
                            "name": "outputFieldName",
                            "type": "string",
                            "default": "",
                            "description": "The name of the list in the output item",
                            "displayOptions": {"show": {"renameField": [True]}},
                        },
                    ],
                }
            ],
        },
        {
            "displayName": "Put Output in Field",
            "name": "destinationFieldName",
            "type": "string",
            "default": "data",
            "description": "The field of the output item that holds the list of items",
            "displayOptions": _ALL_DATA,
        },
        {
            "displayName": "Include",
            "name": "include",
            "type": "options",
            "default": "allFields",
            "options": option_list(
                ("All Fields", "allFields"),
                ("Specified Fields", "specifiedFields"),
                ("All Fields Except", "allFieldsExcept"),
            ),
            "displayOptions": _ALL_DATA,
        },
        fields("fieldsToExclude", "Fields To Exclude", "allFieldsExcept"),
        fields("fieldsToInclude", "Fields To Include", "specifiedFields"),
        {
            "displayName": "Options",
            "name": "options",
            "type": "collection",
            "placeholder": "Add Field",
            "default": {},
            "options": options,
        },
    ]


class AggregateNode:
    """One item holding lists of the items' fields, or the items themselves."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.aggregate",))
    description = describe(
        "aggregate",
        "Aggregate",
        "Combine a field from many items into a list in a single item",
        aggregate_properties(),
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        return [aggregate_items(run, AggregateRules())]


AGGREGATE = AggregateNode()
