"""itemLists: n8n's Item Lists 1, 2 (2.1, 2.2) and 3 (3.1), one operation of the data nodes.

Each operation runs the standalone node's code (Split Out, Aggregate, Remove Duplicates,
Sort, Limit, Summarize) with the rules of its version.
"""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits, VersionedNode
from kflow.nodes.core.aggregate import aggregate_properties
from kflow.nodes.core.base import describe
from kflow.nodes.core.data_aggregate import AggregateRules, aggregate_items
from kflow.nodes.core.data_dedupe import DedupeRules, remove_duplicate_items
from kflow.nodes.core.data_props import boolean_option, only_when
from kflow.nodes.core.data_split import SplitRules, split_out_items, split_out_items_v1
from kflow.nodes.core.data_summarize import SummarizeRules, summarize_items
from kflow.nodes.core.limit import limit_items, limit_properties
from kflow.nodes.core.remove_duplicates import compare_properties
from kflow.nodes.core.sort import SORT_CODE_DEFAULT, sort_items, sort_properties
from kflow.nodes.core.split_out import split_out_properties
from kflow.nodes.core.summarize import summarize_properties

__all__ = ["ITEM_LISTS", "ItemListsV1", "ItemListsV2", "ItemListsV3"]

_TRAITS = NodeTraits(n8n_types=("n8n-nodes-base.itemLists",))
_SUMMARY = "Helper for working with lists of items and transforming arrays"
_RESOURCE = {
    "displayName": "Resource",
    "name": "resource",
    "type": "hidden",
    "default": "itemList",
    "description": "Always Item List",
}


def _operation(aggregate_value: str, aggregate_name: str) -> dict[str, Any]:
    entries = [
        (aggregate_name, aggregate_value, "Combine fields into a list in a single new item"),
        ("Limit", "limit", "Remove items past a maximum number"),
        ("Remove Duplicates", "removeDuplicates", "Remove extra items that are similar"),
        ("Sort", "sort", "Change the item order"),
        ("Split Out Items", "splitOutItems", "Turn a list inside items into separate items"),
        ("Summarize", "summarize", "Aggregate items together (pivot table)"),
    ]
    return {
        "displayName": "Operation",
        "name": "operation",
        "type": "options",
        "noDataExpression": True,
        "default": "splitOutItems",
        "options": [{"name": n, "value": v, "description": d} for n, v, d in entries],
        "displayOptions": {"show": {"resource": ["itemList"]}},
    }


def _for(operation: str, properties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return only_when(properties, resource=["itemList"], operation=[operation])


def _without_options(properties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in properties if p["name"] != "options"]


def _v3_properties() -> list[dict[str, Any]]:
    return [
        _RESOURCE,
        _operation("concatenateItems", "Concatenate Items"),
        *_for("concatenateItems", aggregate_properties()),
        *_for("limit", limit_properties()),
        *_for("removeDuplicates", compare_properties()),
        *_for("sort", sort_properties()),
        *_for("splitOutItems", split_out_properties()),
        *_for("summarize", summarize_properties(item_lists=True)),
    ]


def _old_properties() -> list[dict[str, Any]]:
    dots = "Whether `a.b` names a field called `a.b` rather than field `b` inside `a`"
    shared_options = {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "placeholder": "Add Field",
        "default": {},
        "displayOptions": {
            "show": {"resource": ["itemList"], "operation": ["splitOutItems", "aggregateItems"]},
            "hide": {"aggregate": ["aggregateAllItemData"]},
        },
        "options": [
            boolean_option(
                "disableDotNotation",
                "Disable Dot Notation",
                dots,
                displayOptions={"show": {"/operation": ["splitOutItems", "aggregateItems"]}},
            ),
            {
                "displayName": "Destination Field Name",
                "name": "destinationFieldName",
                "type": "string",
                "default": "",
                "description": "The field the split values go in",
                "displayOptions": {"show": {"/operation": ["splitOutItems"]}},
            },
            boolean_option(
                "mergeLists",
                "Merge Lists",
                "Whether list values are joined into one flat list",
                displayOptions={"show": {"/operation": ["aggregateItems"]}},
            ),
            boolean_option(
                "keepMissing",
                "Keep Missing And Null Values",
                "Whether missing fields and nulls add a null to the list",
                displayOptions={"show": {"/operation": ["aggregateItems"]}},
            ),
        ],
    }
    split = _without_options(split_out_properties(include_as_rows=True, binary=False))
    aggregate = _without_options(aggregate_properties(rows_for_fields=True, binaries=False))
    return [
        _RESOURCE,
        _operation("aggregateItems", "Aggregate Items"),
        *_for("splitOutItems", split),
        *_for("aggregateItems", aggregate),
        *_for("removeDuplicates", _without_options(compare_properties(rows_for_fields=True))),
        *_for(
            "sort",
            _without_options(
                sort_properties(
                    SORT_CODE_DEFAULT.replace("\nreturn 1", "\n\t\treturn 1").replace(
                        "\nreturn -1", "\n\t\treturn -1"
                    )
                )
            ),
        ),
        *_for("limit", limit_properties()),
        *_for("removeDuplicates", [compare_properties(rows_for_fields=True)[-1]]),
        *_for("sort", [sort_properties()[-1]]),
        shared_options,
        *_for("summarize", summarize_properties(item_lists=True)),
    ]


def _refuse(run: NodeRun, operation: str) -> NodeOperationError:
    return NodeOperationError(
        run.name, f"Item Lists has no operation {operation!r}", parameter="Operation"
    )


class ItemListsV3:
    """Versions 3 and 3.1 (3.1: Remove Duplicates orders values by type first)."""

    traits = _TRAITS
    description = describe(
        "itemLists", "Item Lists", _SUMMARY, _v3_properties(), version=[3, 3.1], defaultVersion=3.1
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        operation = run.parameters.get("operation", "splitOutItems")
        if operation == "concatenateItems":
            return [aggregate_items(run, AggregateRules())]
        if operation == "limit":
            return [limit_items(run)]
        if operation == "removeDuplicates":
            newer = run.version >= 3.1
            rules = DedupeRules(check_types=not newer, rank_types_first=newer)
            return [remove_duplicate_items(run, rules)]
        if operation == "sort":
            return [await sort_items(run)]
        if operation == "splitOutItems":
            return [split_out_items(run, SplitRules(drop_blank_names=False))]
        if operation == "summarize":
            rules = SummarizeRules(keys_as_text=True, counts_honour_empty=False)
            return [summarize_items(run, rules)]
        raise _refuse(run, operation)


class ItemListsV2:
    """Versions 2, 2.1 (a missing field no longer stops the run) and 2.2 (a single value
    splits into one item)."""

    traits = _TRAITS
    description = describe(
        "itemLists",
        "Item Lists",
        _SUMMARY,
        _old_properties(),
        version=[2, 2.1, 2.2],
        defaultVersion=3.1,
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        operation = run.parameters.get("operation", "splitOutItems")
        version = run.version
        if operation == "splitOutItems":
            rules = SplitRules(
                drop_blank_names=False,
                strip_json_prefix=False,
                missing_is_error=version < 2.1,
                scalar_is_error=version < 2.2,
                include_collection=True,
                options_of_first_item=True,
            )
            return [split_out_items(run, rules)]
        return [await _old_operation(run, operation, require_found=version < 2.1, paired=True)]


class ItemListsV1:
    """Version 1: Split Out Items takes one list field."""

    traits = _TRAITS
    description = describe(
        "itemLists", "Item Lists", _SUMMARY, _old_properties(), version=[1], defaultVersion=3.1
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        operation = run.parameters.get("operation", "splitOutItems")
        if operation == "splitOutItems":
            return [split_out_items_v1(run)]
        return [await _old_operation(run, operation, require_found=True, paired=False)]


async def _old_operation(
    run: NodeRun, operation: str, *, require_found: bool, paired: bool
) -> list[Item]:
    if operation == "aggregateItems":
        rules = AggregateRules(
            require_found=require_found, rows_for_fields=True, paired_all_data=paired
        )
        return aggregate_items(run, rules)
    if operation == "limit":
        return limit_items(run)
    if operation == "removeDuplicates":
        return remove_duplicate_items(run, DedupeRules(rows_for_fields=True))
    if operation == "sort":
        return await sort_items(run)
    if operation == "summarize":
        rules = SummarizeRules(
            keys_as_text=True,
            missing_field_stops=require_found,
            counts_honour_empty=False,
            normalize_names=paired,
        )
        return summarize_items(run, rules)
    raise _refuse(run, operation)


ITEM_LISTS = VersionedNode(
    default=3.1, implementations=(ItemListsV1(), ItemListsV2(), ItemListsV3())
)
