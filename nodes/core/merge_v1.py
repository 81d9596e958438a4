"""Merge 1: n8n's first Merge (append, merge by index or key, multiplex, pass-through,
wait, keep or remove key matches)."""

from __future__ import annotations

import copy
from typing import Any

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.js_values import js_string, js_typeof
from kflow.nodes.core.merge_entries import Entry, inputs_of, items_of, merged, parameters
from kflow.nodes.core.merge_values import MISSING, get_value

__all__ = ["MergeV1"]

_KEY_MODES = ["keepKeyMatches", "mergeByKey", "removeKeyMatches"]


def _option(name: str, value: str, description: str) -> dict[str, str]:
    return {"name": name, "value": value, "description": description}


_PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Mode",
        "name": "mode",
        "type": "options",
        "default": "append",
        "description": "How the items of the two inputs are merged",
        "options": [
            _option("Append", "append", "Items of input 1, then items of input 2"),
            _option(
                "Keep Key Matches",
                "keepKeyMatches",
                "Items of input 1 whose key is found in input 2",
            ),
            _option(
                "Merge By Index",
                "mergeByIndex",
                "The n-th item of input 1 merged with the n-th item of input 2",
            ),
            _option(
                "Merge By Key",
                "mergeByKey",
                "Items of input 1 with the fields of the input 2 item of the same key",
            ),
            _option("Multiplex", "multiplex", "Every item of input 1 with every item of input 2"),
            _option("Pass-Through", "passThrough", "The items of one input, unchanged"),
            _option(
                "Remove Key Matches",
                "removeKeyMatches",
                "Items of input 1 whose key is not found in input 2",
            ),
            _option("Wait", "wait", "Waits for both inputs, then outputs one empty item"),
        ],
    },
    {
        "displayName": "Join",
        "name": "join",
        "type": "options",
        "default": "left",
        "description": "How many items come out when the inputs have different counts",
        "displayOptions": {"show": {"mode": ["mergeByIndex"]}},
        "options": [
            _option("Inner Join", "inner", "As many items as the shorter input has"),
            _option("Left Join", "left", "As many items as input 1 has"),
            _option("Outer Join", "outer", "As many items as the longer input has"),
        ],
    },
    {
        "displayName": "Property Input 1",
        "name": "propertyName1",
        "type": "string",
        "default": "",
        "required": True,
        "description": "The field of input 1 items that holds the key (dots reach nested fields)",
        "displayOptions": {"show": {"mode": _KEY_MODES}},
    },
    {
        "displayName": "Property Input 2",
        "name": "propertyName2",
        "type": "string",
        "default": "",
        "required": True,
        "description": "The field of input 2 items that holds the key (dots reach nested fields)",
        "displayOptions": {"show": {"mode": _KEY_MODES}},
    },
    {
        "displayName": "Output Data",
        "name": "output",
        "type": "options",
        "default": "input1",
        "description": "The input whose items are passed through",
        "displayOptions": {"show": {"mode": ["passThrough"]}},
        "options": [{"name": "Input 1", "value": "input1"}, {"name": "Input 2", "value": "input2"}],
    },
    {
        "displayName": "Overwrite",
        "name": "overwrite",
        "type": "options",
        "default": "always",
        "description": "When a field of input 2 replaces the field of input 1",
        "displayOptions": {"show": {"mode": ["mergeByKey"]}},
        "options": [
            _option("Always", "always", "Input 2's value always replaces input 1's"),
            _option("If Blank", "blank", "Only where input 1's value is null, missing or ''"),
            _option("If Missing", "undefined", "Only where input 1 has no such field"),
        ],
    },
]


class MergeV1:
    """n8n's Merge 1."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.merge",))
    description = describe(
        "merge",
        "Merge",
        "Merges the items of two inputs once both have run",
        _PROPERTIES,
        version=1,
        inputs=["main", "main"],
        inputNames=["Input 1", "Input 2"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        first, second = inputs_of(run, 2)
        params = parameters(run)
        mode = params["mode"]
        if mode == "append":
            out = first + second
        elif mode == "mergeByIndex":
            out = _by_index(first, second, params["join"])
        elif mode == "multiplex":
            out = [merged({**a.json, **b.json}, a, b) for a in first for b in second]
        elif mode in _KEY_MODES:
            out = _by_key(first, second, params, mode)
        elif mode == "passThrough":
            out = first if params["output"] == "input1" else second
        else:
            out = [Entry({}, [{"item": i} for i in range(len(first))])]
        return [items_of(out)]


def _by_index(first: list[Entry], second: list[Entry], join: str) -> list[Entry]:
    if not first:
        return second if join == "outer" else []
    if not second:
        return first if join in ("left", "outer") else []
    count = {"inner": min, "outer": max}.get(join, lambda a, _b: a)(len(first), len(second))
    out: list[Entry] = []
    for index in range(count):
        if index >= len(first):
            out.append(second[index])
        elif index >= len(second):
            out.append(first[index])
        else:
            out.append(
                merged({**first[index].json, **second[index].json}, first[index], second[index])
            )
    return out


def _lookup_key(value: Any) -> str | None:
    """Input 1's key as the lookup text n8n uses, or None when it cannot match."""
    kind = js_typeof(value)
    if kind == "undefined" or (kind in ("object", "boolean") and value is not None):
        return None
    return js_string(value, exact_integers=True)


def _by_key(
    first: list[Entry], second: list[Entry], params: dict[str, Any], mode: str
) -> list[Entry]:
    name1, name2 = str(params["propertyName1"]), str(params["propertyName2"])
    if not name1 or not name2:
        return [] if mode == "keepKeyMatches" else first
    found: dict[str, Entry] = {}
    for entry in second:
        key = get_value(entry.json, name2)
        if key is MISSING or (key in (None, "", 0, False) and not isinstance(key, list | dict)):
            continue
        found[js_string(key, exact_integers=True)] = entry
    overwrite = params.get("overwrite", "always")
    out: list[Entry] = []
    for entry in first:
        key = _lookup_key(get_value(entry.json, name1))
        match = found.get(key) if key is not None else None
        if mode == "removeKeyMatches":
            if match is None:
                out.append(entry)
        elif match is not None and mode == "keepKeyMatches":
            out.append(entry)
        elif mode == "mergeByKey" and key is not None:
            out.append(_overwritten(entry, match, name2, overwrite) if match else entry)
    return out


def _overwritten(entry: Entry, match: Entry, skip: str, overwrite: str) -> Entry:
    json = copy.deepcopy(entry.json)
    for key, value in match.json.items():
        if key == skip:
            continue
        if (
            overwrite == "always"
            or (overwrite == "undefined" and key not in json)
            or (overwrite == "blank" and json.get(key) in (None, ""))
        ):
            json[key] = value
    return Entry(json, entry.pairs)
