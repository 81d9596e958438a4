"""if: routes each item to the true or the false output (n8n's If, versions 1 and 2 … 2.3).

Version 1 compares typed value pairs (`conditions.string/number/boolean/dateTime`, combined
by `combineOperation` all|any) with JavaScript's loose rules, and stops at the first error.
Versions 2 to 2.3 use the condition builder (conditions.py): 2.1 moves 'Convert types where
required' from the options to the top, 2.2 and 2.3 store filter versions 2 and 3. An item
that fails goes to the false output when the node continues on errors.
"""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits, VersionedNode
from kflow.nodes.core._conditional import (
    continues,
    evaluated,
    filter_passes,
    legacy_split,
    passed_on,
)
from kflow.nodes.core.base import describe
from kflow.nodes.core.conditions_fields import (
    IGNORE_CASE,
    LEGACY_CONDITIONS,
    filter_conditions,
    loose_type_validation,
)

__all__ = ["IF", "IfV1", "IfV2"]

_TRAITS = NodeTraits(n8n_types=("n8n-nodes-base.if",), streams=True)
_SUMMARY = "Route items to different branches (true/false)"


class IfV1:
    """If 1: typed value pairs, combined by ALL or ANY."""

    traits = _TRAITS
    description = describe(
        "if",
        "If",
        _SUMMARY,
        [
            LEGACY_CONDITIONS,
            {
                "displayName": "Combine",
                "name": "combineOperation",
                "type": "options",
                "options": [
                    {
                        "name": "ALL",
                        "value": "all",
                        "description": 'Only if all conditions are met it goes into "true" branch',
                    },
                    {
                        "name": "ANY",
                        "value": "any",
                        "description": 'If any of the conditions is met it goes into "true" branch',
                    },
                ],
                "default": "all",
                "description": "Whether an item needs ALL conditions met, or ANY of them",
            },
        ],
        version=1,
        outputs=["main", "main"],
        outputNames=["true", "false"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        return legacy_split(run, "combineOperation", "all")


class IfV2:
    """If 2 … 2.3: the condition builder."""

    traits = _TRAITS
    description = describe(
        "if",
        "If",
        _SUMMARY,
        [
            filter_conditions("The conditions an item must meet to go to the true output"),
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
        outputs=["main", "main"],
        outputNames=["true", "false"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        true, false = split_by_conditions(run)
        return [true, false]


def split_by_conditions(run: NodeRun) -> tuple[list[Item], list[Item]]:
    """(items that meet the conditions, the others); a failed item joins the others when
    the node continues on errors."""
    conditions = evaluated(run, "conditions")
    passed: list[Item] = []
    rejected: list[Item] = []
    for index in range(len(run.items)):
        try:
            value: Any = conditions[index]
            if isinstance(value, NodeOperationError):
                raise value
            ok = filter_passes(run, value, index)
        except NodeOperationError:
            if not continues(run):
                raise
            ok = False
        (passed if ok else rejected).append(passed_on(run, index))
    return passed, rejected


IF = VersionedNode(default=2.3, implementations=(IfV1(), IfV2()))
