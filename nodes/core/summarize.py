"""summarize: counts, sums, lists... of fields, optionally per group (n8n's Summarize 1, 1.1)."""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.data_props import boolean_option, option_list
from kflow.nodes.core.data_summarize import SummarizeRules, summarize_items

__all__ = ["SUMMARIZE", "SummarizeNode", "summarize_properties"]

_SEPARATORS = option_list(
    ("Comma", ","),
    ("Comma and Space", ", "),
    ("New Line", "\n"),
    ("None", ""),
    ("Space", " "),
    ("Other", "other"),
)


def summarize_properties(*, item_lists: bool = False) -> list[dict[str, Any]]:
    """Summarize's parameters (Item Lists: Include Empty only for Append and Concatenate, and
    no Continue If Field Not Found)."""
    empty_for = (
        ["append", "concatenate"]
        if item_lists
        else ["append", "concatenate", "count", "countUnique"]
    )
    options: list[dict[str, Any]] = []
    if not item_lists:
        options.append(
            boolean_option(
                "continueIfFieldNotFound",
                "Continue if Field Not Found",
                "Whether a summarized field no item has only warns (version 1; later versions "
                "always go on)",
                displayOptions={"hide": {"@version": [{"_cnd": {"gte": 1.1}}]}},
            )
        )
    options += [
        boolean_option(
            "disableDotNotation",
            "Disable Dot Notation",
            "Whether `a.b` names a field called `a.b` rather than field `b` inside `a`",
        ),
        {
            "displayName": "Output Format",
            "name": "outputFormat",
            "type": "options",
            "default": "separateItems",
            "description": "One item per group, or every group inside one item",
            "options": option_list(
                ("Each Split in a Separate Item", "separateItems"),
                ("All Splits in a Single Item", "singleItem"),
            ),
        },
        boolean_option(
            "skipEmptySplitFields",
            "Ignore Items Without Valid Fields to Group By",
            "Whether items whose group value is empty are left out",
        ),
    ]
    return [
        {
            "displayName": "Fields to Summarize",
            "name": "fieldsToSummarize",
            "type": "fixedCollection",
            "placeholder": "Add Field",
            "default": {"values": [{"aggregation": "count", "field": ""}]},
            "typeOptions": {"multipleValues": True},
            "options": [
                {
                    "displayName": "",
                    "name": "values",
                    "values": [
                        {
                            "displayName": "Aggregation",
                            "name": "aggregation",
                            "type": "options",
                            "default": "count",
                            "description": "How the field's values are summarized",
                            "options": option_list(
                                ("Append", "append"),
                                ("Average", "average"),
                                ("Concatenate", "concatenate"),
                                ("Count", "count"),
                                ("Count Unique", "countUnique"),
                                ("Max", "max"),
                                ("Min", "min"),
                                ("Sum", "sum"),
                            ),
                        },
                        {
                            "displayName": "Field",
                            "name": "field",
                            "type": "string",
                            "default": "",
                            "description": "The field to summarize",
                        },
                        {
                            "displayName": "Include Empty Values",
                            "name": "includeEmpty",
                            "type": "boolean",
                            "default": False,
                            "description": "Whether missing, null and empty values count",
                            "displayOptions": {"show": {"aggregation": empty_for}},
                        },
                        {
                            "displayName": "Separator",
                            "name": "separateBy",
                            "type": "options",
                            "default": ",",
                            "description": "What goes between the joined values",
                            "options": _SEPARATORS,
                            "displayOptions": {"show": {"aggregation": ["concatenate"]}},
                        },
                        {
                            "displayName": "Custom Separator",
                            "name": "customSeparator",
                            "type": "string",
                            "default": "",
                            "description": "The text between the joined values",
                            "displayOptions": {
                                "show": {"aggregation": ["concatenate"], "separateBy": ["other"]}
                            },
                        },
                    ],
                }
            ],
        },
        {
            "displayName": "Fields to Split By",
            "name": "fieldsToSplitBy",
            "type": "string",
            "default": "",
            "placeholder": "e.g. country, city",
            "description": "Fields whose values make the groups, separated by commas",
        },
        {
            "displayName": "Options",
            "name": "options",
            "type": "collection",
            "placeholder": "Add Field",
            "default": {},
            "options": options,
        },
    ]


class SummarizeNode:
    """Aggregations of fields over all items, or per group of equal values."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.summarize",))
    description = describe(
        "summarize",
        "Summarize",
        "Sum, count, max, etc. across items",
        summarize_properties(),
        version=[1, 1.1],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        v1 = run.version < 1.1
        rules = SummarizeRules(keys_as_text=v1, missing_field_stops=v1)
        return [summarize_items(run, rules)]


SUMMARIZE = SummarizeNode()
