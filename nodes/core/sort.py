"""sort: orders items by fields, at random, or by a JavaScript comparison (n8n's Sort 1)."""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.data_order import shuffled, sort_by_code, sort_by_fields
from kflow.nodes.core.data_props import boolean_option, option_list

__all__ = ["SORT", "SortNode", "sort_items", "sort_properties"]

SORT_CODE_DEFAULT = """// The two items to compare are in the variables a and b
// Access the fields in a.json and b.json
// Return -1 if a should go before b
// Return 1 if b should go before a
// Return 0 if there's no difference

fieldName = 'myField';

if (a.json[fieldName] < b.json[fieldName]) {
return -1;
}
if (a.json[fieldName] > b.json[fieldName]) {
return 1;
}
return 0;"""


def sort_properties(code_default: str = SORT_CODE_DEFAULT) -> list[dict[str, Any]]:
    """Sort's parameters."""
    return [
        {
            "displayName": "Type",
            "name": "type",
            "type": "options",
            "default": "simple",
            "options": option_list(("Simple", "simple"), ("Random", "random"), ("Code", "code")),
            "description": "How to order the items",
        },
        {
            "displayName": "Fields To Sort By",
            "name": "sortFieldsUi",
            "type": "fixedCollection",
            "placeholder": "Add Field To Sort By",
            "default": {},
            "typeOptions": {"multipleValues": True},
            "displayOptions": {"show": {"type": ["simple"]}},
            "options": [
                {
                    "displayName": "",
                    "name": "sortField",
                    "values": [
                        {
                            "displayName": "Field Name",
                            "name": "fieldName",
                            "type": "string",
                            "default": "",
                            "required": True,
                            "description": "The field to sort by",
                        },
                        {
                            "displayName": "Order",
                            "name": "order",
                            "type": "options",
                            "default": "ascending",
                            "options": option_list(
                                ("Ascending", "ascending"), ("Descending", "descending")
                            ),
                            "description": "The order of this field's values",
                        },
                    ],
                }
            ],
        },
        {
            "displayName": "Code",
            "name": "code",
            "type": "string",
            "default": code_default,
            "typeOptions": {"alwaysOpenEditWindow": True, "editor": "jsEditor", "rows": 10},
            "description": "JavaScript comparing items `a` and `b` (fields in `a.json`): return "
            "a negative number when a goes first, positive when b does, 0 for no difference",
            "displayOptions": {"show": {"type": ["code"]}},
        },
        {
            "displayName": "Options",
            "name": "options",
            "type": "collection",
            "placeholder": "Add Field",
            "default": {},
            "displayOptions": {"show": {"type": ["simple"]}},
            "options": [
                boolean_option(
                    "disableDotNotation",
                    "Disable Dot Notation",
                    "Whether `a.b` names a field called `a.b` rather than field `b` inside `a`",
                )
            ],
        },
    ]


async def sort_items(run: NodeRun) -> list[Item]:
    """The items in the order the Type asks (parameters of the first item)."""
    params = run.params(0)
    kind = params.get("type", "simple")
    if kind == "random":
        return shuffled(run.items)
    if kind == "simple":
        return sort_by_fields(run, params)
    if kind == "code":
        return await sort_by_code(run, str(params.get("code") or ""))
    raise NodeOperationError(
        run.name, f"unknown sort type {kind!r}: use simple, random or code", parameter="Type"
    )


class SortNode:
    """Items ordered by fields (strings ignore case), shuffled, or by JavaScript code."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.sort",))
    description = describe("sort", "Sort", "Change items order", sort_properties())

    async def run(self, run: NodeRun) -> list[list[Item]]:
        return [await sort_items(run)]


SORT = SortNode()
