"""Merge 2 and 2.1: append, combine (by fields, by position, multiplex), choose branch."""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.merge_entries import Entry, inputs_of, items_of, merged, parameters, suffixed
from kflow.nodes.core.merge_fields import check_pairs, check_present, combine_by_fields
from kflow.nodes.core.merge_options import (
    JOIN_MODE,
    clash_handling,
    fuzzy_compare,
    join_outputs,
    multiple_matches,
    pairs_of_fields,
    required_inputs,
)
from kflow.nodes.core.merge_values import merger

__all__ = ["MergeV2"]

_BY_FIELDS = {"/mode": ["combine"], "/combinationMode": ["mergeByFields"]}
_CLASH = [
    {"name": "Always Add Input Number to Field Names", "value": "addSuffix"},
    {"name": "Prefer Input 1 Version", "value": "preferInput1"},
    {"name": "Prefer Input 2 Version", "value": "preferInput2"},
]
_FIELDS = {"mode": ["combine"], "combinationMode": ["mergeByFields"]}


def _options() -> dict[str, Any]:
    clash = clash_handling(_CLASH, "preferInput2", ["preferInput1", "preferInput2"])
    return {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "default": {},
        "placeholder": "Add option",
        "displayOptions": {"hide": {"mode": ["chooseBranch", "append"]}},
        "options": [
            {
                **clash,
                "displayOptions": {
                    "show": _BY_FIELDS,
                    "hide": {"/joinMode": ["keepMatches", "keepNonMatches"]},
                },
            },
            {
                **clash,
                "displayOptions": {
                    "show": {
                        **_BY_FIELDS,
                        "/joinMode": ["keepMatches"],
                        "/outputDataFrom": ["both"],
                    }
                },
            },
            {
                **clash,
                "displayOptions": {
                    "show": {
                        "/mode": ["combine"],
                        "/combinationMode": ["multiplex", "mergeByPosition"],
                    }
                },
            },
            {
                "displayName": "Disable Dot Notation",
                "name": "disableDotNotation",
                "type": "boolean",
                "default": False,
                "description": "Whether a field name like `parent.child` is read as one name",
                "displayOptions": {"show": _BY_FIELDS},
            },
            fuzzy_compare(),
            {
                "displayName": "Include Any Unpaired Items",
                "name": "includeUnpaired",
                "type": "boolean",
                "default": False,
                "description": "Whether the items left over in the longer input are output too",
                "displayOptions": {
                    "show": {"/mode": ["combine"], "/combinationMode": ["mergeByPosition"]}
                },
            },
            {
                **multiple_matches(),
                "displayOptions": {
                    "show": {
                        **_BY_FIELDS,
                        "/joinMode": ["keepMatches"],
                        "/outputDataFrom": ["both"],
                    }
                },
            },
            {
                **multiple_matches(),
                "displayOptions": {
                    "show": {
                        **_BY_FIELDS,
                        "/joinMode": ["enrichInput1", "enrichInput2", "keepEverything"],
                    }
                },
            },
        ],
    }


_PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Mode",
        "name": "mode",
        "type": "options",
        "default": "append",
        "description": "How the items of the two inputs are merged",
        "options": [
            {
                "name": "Append",
                "value": "append",
                "description": "Items of input 1, then items of input 2",
            },
            {"name": "Combine", "value": "combine", "description": "Merge matching items together"},
            {
                "name": "Choose Branch",
                "value": "chooseBranch",
                "description": "Output one input's items unchanged, once both arrived",
            },
        ],
    },
    {
        "displayName": "Combination Mode",
        "name": "combinationMode",
        "type": "options",
        "default": "mergeByFields",
        "description": "Which items are combined",
        "displayOptions": {"show": {"mode": ["combine"]}},
        "options": [
            {
                "name": "Merge By Fields",
                "value": "mergeByFields",
                "description": "Items with the same values in the fields to match",
            },
            {
                "name": "Merge By Position",
                "value": "mergeByPosition",
                "description": "The n-th items of both inputs",
            },
            {
                "name": "Multiplex",
                "value": "multiplex",
                "description": "Every item of input 1 with every item of input 2 (cross join)",
            },
        ],
    },
    {**pairs_of_fields(), "displayOptions": {"show": _FIELDS}},
    {**JOIN_MODE, "displayOptions": {"show": _FIELDS}},
    *join_outputs(_FIELDS),
    {
        "displayName": "Output Type",
        "name": "chooseBranchMode",
        "type": "options",
        "default": "waitForBoth",
        "description": "When the chosen items are output",
        "displayOptions": {"show": {"mode": ["chooseBranch"]}},
        "options": [{"name": "Wait for Both Inputs to Arrive", "value": "waitForBoth"}],
    },
    {
        "displayName": "Output",
        "name": "output",
        "type": "options",
        "default": "input1",
        "description": "What is output",
        "displayOptions": {"show": {"mode": ["chooseBranch"], "chooseBranchMode": ["waitForBoth"]}},
        "options": [
            {"name": "Input 1 Data", "value": "input1"},
            {"name": "Input 2 Data", "value": "input2"},
            {"name": "A Single, Empty Item", "value": "empty"},
        ],
    },
    _options(),
]


class MergeV2:
    """n8n's Merge 2 and 2.1 (2.0 also stops when a field to match is in no item)."""

    traits = NodeTraits(
        n8n_types=("n8n-nodes-base.merge",), required_inputs=lambda stored: required_inputs(stored)
    )
    description = describe(
        "merge",
        "Merge",
        "Merges the items of two inputs once both have run",
        _PROPERTIES,
        version=[2, 2.1],
        inputs=["main", "main"],
        inputNames=["Input 1", "Input 2"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        first, second = inputs_of(run, 2)
        params = parameters(run)
        mode = params["mode"]
        if mode == "append":
            return [items_of(first + second)]
        if mode == "chooseBranch":
            return [items_of(_chosen(params["output"], first, second))]
        options = params.get("options") or {}
        clash = dict((options.get("clashHandling") or {}).get("values") or {})
        combination = params["combinationMode"]
        if combination == "multiplex":
            return [items_of(multiplex(first, second, clash))]
        if combination == "mergeByPosition":
            return [items_of(_by_position(first, second, clash, options))]
        pairs = check_pairs(run, (params.get("mergeByFields") or {}).get("values") or [])
        if run.version < 2.1:
            dotted = not options.get("disableDotNotation")
            check_present(run, first, [a for a, _ in pairs], dotted, "Input 1")
            check_present(run, second, [b for _, b in pairs], dotted, "Input 2")
        out = combine_by_fields(run, first, second, pairs, params, prefer_last="preferInput2")
        return [items_of(e) for e in out] if out is not None else [[]]


def _chosen(output: str, first: list[Entry], second: list[Entry]) -> list[Entry]:
    if output == "input1":
        return first
    if output == "input2":
        return second
    return [Entry({}, [p for e in first + second for p in e.pairs])]


def multiplex(first: list[Entry], second: list[Entry], clash: dict[str, Any]) -> list[Entry]:
    """Every pairing of an input 1 item with an input 2 item (Merge 2 and 3)."""
    resolve = clash.get("resolveClash")
    if resolve == "preferInput1":
        first, second = second, first
    if resolve == "addSuffix":
        first, second = suffixed(first, "1"), suffixed(second, "2")
    merge = merger(clash)
    return [merged(merge(a.json, b.json), a, b) for a in first for b in second]


def _by_position(
    first: list[Entry], second: list[Entry], clash: dict[str, Any], options: dict[str, Any]
) -> list[Entry]:
    if not first or not second:
        return first + second
    resolve = clash.get("resolveClash")
    if resolve == "preferInput1":
        first, second = second, first
    if resolve == "addSuffix":
        first, second = suffixed(first, "1"), suffixed(second, "2")
    unpaired = bool(options.get("includeUnpaired"))
    count = (max if unpaired else min)(len(first), len(second))
    merge = merger(clash)
    out: list[Entry] = []
    for index in range(count):
        if index >= len(first):
            out.append(second[index])
        elif index >= len(second):
            out.append(first[index])
        else:
            out.append(
                merged(merge(first[index].json, second[index].json), first[index], second[index])
            )
    return out
