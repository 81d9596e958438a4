"""splitOut: turns a list inside each item into separate items (n8n's Split Out 1)."""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.data_props import boolean_option, option_list
from kflow.nodes.core.data_split import SplitRules, split_out_items

__all__ = ["SPLIT_OUT", "SplitOutNode", "split_out_properties"]


def split_out_properties(
    *, include_as_rows: bool = False, binary: bool = True
) -> list[dict[str, Any]]:
    """Split Out's parameters (Item Lists 1 and 2 list Fields To Include as rows)."""
    include_fields: dict[str, Any] = {
        "displayName": "Fields To Include",
        "name": "fieldsToInclude",
        "type": "string",
        "default": "",
        "placeholder": "e.g. email, name",
        "description": "Fields of the input item to copy into every new item, separated by commas",
        "displayOptions": {"show": {"include": ["selectedOtherFields"]}},
    }
    if include_as_rows:
        include_fields = {
            **include_fields,
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
                            "description": "A field to copy into every new item",
                        }
                    ],
                }
            ],
        }
        include_fields.pop("placeholder")
    options: list[dict[str, Any]] = [
        boolean_option(
            "disableDotNotation",
            "Disable Dot Notation",
            "Whether `a.b` names a field called `a.b` rather than field `b` inside `a`",
        ),
        {
            "displayName": "Destination Field Name",
            "name": "destinationFieldName",
            "type": "string",
            "default": "",
            "description": "The field the split values go in (one per split field, by commas)",
        },
    ]
    if binary:
        options.append(
            boolean_option(
                "includeBinary", "Include Binary", "Whether new items keep the item's binary data"
            )
        )
    return [
        {
            "displayName": "Fields To Split Out",
            "name": "fieldToSplitOut",
            "type": "string",
            "default": "",
            "required": True,
            "placeholder": "Drag fields from the left or type their names",
            "description": "The list fields to split into items, separated by commas "
            "($binary splits the binary data)",
        },
        {
            "displayName": "Include",
            "name": "include",
            "type": "options",
            "default": "noOtherFields",
            "description": "Which other fields of the item the new items get",
            "options": option_list(
                ("No Other Fields", "noOtherFields"),
                ("All Other Fields", "allOtherFields"),
                ("Selected Other Fields", "selectedOtherFields"),
            ),
        },
        include_fields,
        {
            "displayName": "Options",
            "name": "options",
            "type": "collection",
            "placeholder": "Add Field",
            "default": {},
            "options": options,
        },
    ]


class SplitOutNode:
    """One item per element of the named list fields (an object's values count as a list)."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.splitOut",), streams=True)
    description = describe(
        "splitOut",
        "Split Out",
        "Turn a list inside item(s) into separate items",
        split_out_properties(),
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        return [split_out_items(run, SplitRules())]


SPLIT_OUT = SplitOutNode()
