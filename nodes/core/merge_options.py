"""Properties Merge 2 and 3 share: fields to match, output type, output data from, clash
handling, fuzzy compare, multiple matches."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "JOIN_MODE",
    "clash_handling",
    "fuzzy_compare",
    "join_outputs",
    "multiple_matches",
    "pairs_of_fields",
    "required_inputs",
]

JOIN_MODE: dict[str, Any] = {
    "displayName": "Output Type",
    "name": "joinMode",
    "type": "options",
    "default": "keepMatches",
    "description": "Which items are output",
    "options": [
        {
            "name": "Keep Matches",
            "value": "keepMatches",
            "description": "Matching items merged together (inner join)",
        },
        {
            "name": "Keep Non-Matches",
            "value": "keepNonMatches",
            "description": "Items that match none",
        },
        {
            "name": "Keep Everything",
            "value": "keepEverything",
            "description": "Matching items merged, then the items that match none (outer join)",
        },
        {
            "name": "Enrich Input 1",
            "value": "enrichInput1",
            "description": "Every input 1 item, with the fields of its input 2 match (left join)",
        },
        {
            "name": "Enrich Input 2",
            "value": "enrichInput2",
            "description": "Every input 2 item, with the fields of its input 1 match (right join)",
        },
    ],
}


def pairs_of_fields(first: str = "Input 1 Field", second: str = "Input 2 Field") -> dict[str, Any]:
    """The `mergeByFields` list of field pairs to match."""
    return {
        "displayName": "Fields to Match",
        "name": "mergeByFields",
        "type": "fixedCollection",
        "default": {"values": [{"field1": "", "field2": ""}]},
        "placeholder": "Add Fields to Match",
        "description": "Pairs of fields whose values must be equal for two items to match",
        "typeOptions": {"multipleValues": True},
        "options": [
            {
                "displayName": "Values",
                "name": "values",
                "values": [
                    {
                        "displayName": first,
                        "name": "field1",
                        "type": "string",
                        "default": "",
                        "placeholder": "e.g. id",
                        "description": "The field's name (dots reach nested fields)",
                    },
                    {
                        "displayName": second,
                        "name": "field2",
                        "type": "string",
                        "default": "",
                        "placeholder": "e.g. id",
                        "description": "The field's name (dots reach nested fields)",
                    },
                ],
            }
        ],
    }


def join_outputs(show: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """`outputDataFrom` for keep matches (merged) and keep non-matches (appended)."""
    choices = [{"name": "Input 1", "value": "input1"}, {"name": "Input 2", "value": "input2"}]
    return [
        {
            "displayName": "Output Data From",
            "name": "outputDataFrom",
            "type": "options",
            "default": "both",
            "description": "Whose fields the matching items carry",
            "displayOptions": {"show": {**show, "joinMode": [join]}},
            "options": [{"name": both, "value": "both"}, *choices],
        }
        for join, both in (
            ("keepMatches", "Both Inputs Merged Together"),
            ("keepNonMatches", "Both Inputs Appended Together"),
        )
    ]


def clash_handling(
    choices: list[dict[str, str]] | None, default: str, preferring: list[Any]
) -> dict[str, Any]:
    """The Clash Handling option (choices None: listed by the number of inputs)."""
    clash: dict[str, Any] = {
        "displayName": "When Field Values Clash",
        "name": "resolveClash",
        "type": "options",
        "default": "",
        "description": "Which input's value a field keeps when both inputs have it",
    }
    if choices is not None:
        # Listed in words: n8n's default is '' (no choice), which the options would refuse.
        names = "; ".join(f"{c['value']}: {c['name']}" for c in choices)
        clash["description"] += f" ({names})"
    else:
        clash["typeOptions"] = {
            "loadOptionsMethod": "getResolveClashOptions",
            "loadOptionsDependsOn": ["numberInputs"],
        }
    shown = {"show": {"resolveClash": preferring}}
    return {
        "displayName": "Clash Handling",
        "name": "clashHandling",
        "type": "fixedCollection",
        "default": {
            "values": {"resolveClash": default, "mergeMode": "deepMerge", "overrideEmpty": False}
        },
        "description": "What happens when both inputs have a field of the same name",
        "options": [
            {
                "displayName": "Values",
                "name": "values",
                "values": [
                    clash,
                    {
                        "displayName": "Merging Nested Fields",
                        "name": "mergeMode",
                        "type": "options",
                        "default": "deepMerge",
                        "description": "How fields below the top level are merged",
                        "displayOptions": shown,
                        "options": [
                            {
                                "name": "Deep Merge",
                                "value": "deepMerge",
                                "description": "Merge at every level of nesting",
                            },
                            {
                                "name": "Shallow Merge",
                                "value": "shallowMerge",
                                "description": "Top-level fields only: nested ones come whole "
                                "from one input",
                            },
                        ],
                    },
                    {
                        "displayName": "Minimize Empty Fields",
                        "name": "overrideEmpty",
                        "type": "boolean",
                        "default": False,
                        "description": "Whether an empty value (null, '', missing) of the "
                        "preferred input gives way to the other input's value",
                        "displayOptions": shown,
                    },
                ],
            }
        ],
    }


def fuzzy_compare() -> dict[str, Any]:
    """The Fuzzy Compare option."""
    return {
        "displayName": "Fuzzy Compare",
        "name": "fuzzyCompare",
        "type": "boolean",
        "default": False,
        "description": "Whether small type differences are tolerated: the number 3 and the "
        "text '3' are the same",
    }


def multiple_matches(default: str = "all") -> dict[str, Any]:
    """The Multiple Matches option."""
    choices = [
        {
            "name": "Include All Matches",
            "value": "all",
            "description": "One output item per match",
        },
        {
            "name": "Include First Match Only",
            "value": "first",
            "description": "Only the first match of each item",
        },
    ]
    return {
        "displayName": "Multiple Matches",
        "name": "multipleMatches",
        "type": "options",
        "default": default,
        "description": "What happens when an item matches several items of the other input",
        "options": choices if default == "all" else choices[::-1],
    }


def required_inputs(stored: Mapping[str, Any]) -> tuple[int, ...] | int:
    """n8n's requiredInputs of Merge 2 and 3: both first inputs to choose a branch, else one."""
    return (0, 1) if stored.get("mode") == "chooseBranch" else 1
