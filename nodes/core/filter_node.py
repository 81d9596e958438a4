"""filter: keeps the items that meet the conditions (n8n's Filter, versions 1 and 2 … 2.3).

Version 1 compares typed value pairs (`conditions.string/number/boolean/dateTime`, combined
by `combineConditions` AND|OR); versions 2 to 2.3 use the condition builder, as If does.
Like n8n, the node returns the discarded items as a second list (n8n's editor shows them;
the node has one output to connect).
"""

from __future__ import annotations

from kflow.host import Item, NodeRun, NodeTraits, VersionedNode
from kflow.nodes.core._conditional import legacy_split
from kflow.nodes.core.base import describe
from kflow.nodes.core.conditions_fields import (
    IGNORE_CASE,
    LEGACY_CONDITIONS,
    filter_conditions,
    loose_type_validation,
)
from kflow.nodes.core.if_node import split_by_conditions

__all__ = ["FILTER", "FilterV1", "FilterV2"]

_TRAITS = NodeTraits(n8n_types=("n8n-nodes-base.filter",), streams=True)
_SUMMARY = "Keep only items matching a condition"


class FilterV1:
    """Filter 1: typed value pairs, combined by AND or OR."""

    traits = _TRAITS
    description = describe(
        "filter",
        "Filter",
        _SUMMARY,
        [
            LEGACY_CONDITIONS,
            {
                "displayName": "Combine Conditions",
                "name": "combineConditions",
                "type": "options",
                "options": [
                    {
                        "name": "AND",
                        "value": "AND",
                        "description": "Items are passed to the next node only if they meet "
                        "all the conditions",
                    },
                    {
                        "name": "OR",
                        "value": "OR",
                        "description": "Items are passed to the next node if they meet at "
                        "least one condition",
                    },
                ],
                "default": "AND",
                "description": "How to combine the conditions: AND requires all conditions "
                "to be true, OR requires at least one condition to be true",
            },
        ],
        version=1,
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        return legacy_split(run, "combineConditions", "AND")


class FilterV2:
    """Filter 2 … 2.3: the condition builder."""

    traits = _TRAITS
    description = describe(
        "filter",
        "Filter",
        _SUMMARY,
        [
            filter_conditions("The conditions an item must meet to be kept"),
            loose_type_validation(False, {"gte": 2.1}),
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "placeholder": "Add option",
                "default": {},
                "options": [IGNORE_CASE, loose_type_validation(True, {"lt": 2.1})],
            },
        ],
        version=[2, 2.1, 2.2, 2.3],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        kept, discarded = split_by_conditions(run)
        return [kept, discarded]


FILTER = VersionedNode(default=2.3, implementations=(FilterV1(), FilterV2()))
