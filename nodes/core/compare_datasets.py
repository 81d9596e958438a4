"""compareDatasets: pairs items of inputs A and B by fields to match, and sends each to one
of four outputs: In A only, Same, Different, In B only (n8n 1 to 2.3)."""

from __future__ import annotations

import copy
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.js_values import js_typeof
from kflow.nodes.core.merge_entries import Entry, inputs_of, items_of, merged, parameters
from kflow.nodes.core.merge_fields import check_pairs, find_matches
from kflow.nodes.core.merge_options import multiple_matches, pairs_of_fields
from kflow.nodes.core.merge_values import (
    MISSING,
    comparer,
    get_value,
    set_value,
    unset_value,
)

__all__ = ["COMPARE_DATASETS", "CompareDatasets"]

_RESOLVE = [
    {"name": "Use Input A Version", "value": "preferInput1"},
    {"name": "Use Input B Version", "value": "preferInput2"},
    {
        "name": "Use a Mix of Versions",
        "value": "mix",
        "description": "Each field from the input chosen for it",
    },
    {
        "name": "Include Both Versions",
        "value": "includeBoth",
        "description": "Both values of every field that differs (a more complex shape)",
    },
]
_FUZZY = {
    "displayName": "Fuzzy Compare",
    "name": "fuzzyCompare",
    "type": "boolean",
    "default": False,
    "description": "Whether small type differences are tolerated: the number 3 and the text "
    "'3' are the same",
}


def _resolve(default: str, rule: str) -> dict[str, Any]:
    return {
        "displayName": "When There Are Differences",
        "name": "resolve",
        "type": "options",
        "default": default,
        "description": "What the Different output holds for a pair that differs",
        "displayOptions": {rule: {"@version": [1, 2]}},
        "options": _RESOLVE,
    }


_PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Items of the two inputs are paired when the fields below match; paired "
        "items are then compared field by field",
        "name": "infoBox",
        "type": "notice",
        "default": "",
    },
    pairs_of_fields("Input A Field", "Input B Field"),
    _resolve("preferInput2", "show"),
    _resolve("includeBoth", "hide"),
    {**_FUZZY, "displayOptions": {"hide": {"@version": [1]}}},
    {
        "displayName": "Prefer",
        "name": "preferWhenMix",
        "type": "options",
        "default": "input1",
        "description": "The input whose fields a mixed item takes",
        "displayOptions": {"show": {"resolve": ["mix"]}},
        "options": [
            {"name": "Input A Version", "value": "input1"},
            {"name": "Input B Version", "value": "input2"},
        ],
    },
    {
        "displayName": "For Everything Except",
        "name": "exceptWhenMix",
        "type": "string",
        "default": "",
        "placeholder": "e.g. id, country",
        "description": "Fields taken from the other input, separated by commas",
        "displayOptions": {"show": {"resolve": ["mix"]}},
    },
    {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "default": {},
        "placeholder": "Add option",
        "options": [
            {
                "displayName": "Fields to Skip Comparing",
                "name": "skipFields",
                "type": "string",
                "default": "",
                "placeholder": "e.g. updated_at, updated_by",
                "description": "Fields left out when deciding whether two items are the same, "
                "separated by commas",
            },
            {**_FUZZY, "displayOptions": {"show": {"@version": [1]}}},
            {
                "displayName": "Disable Dot Notation",
                "name": "disableDotNotation",
                "type": "boolean",
                "default": False,
                "description": "Whether a field name like `parent.child` is read as one name",
            },
            multiple_matches("first"),
        ],
    },
]


class CompareDatasets:
    """n8n's Compare Datasets 1 to 2.3."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.compareDatasets",), required_inputs=1)
    description = describe(
        "compareDatasets",
        "Compare Datasets",
        "Compare two inputs for changes",
        _PROPERTIES,
        version=[1, 2, 2.1, 2.2, 2.3],
        inputs=["main", "main"],
        inputNames=["Input A", "Input B"],
        outputs=["main", "main", "main", "main"],
        outputNames=["In A only", "Same", "Different", "In B only"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        params = parameters(run)
        version = run.version
        pairs = check_pairs(run, (params.get("mergeByFields") or {}).get("values") or [])
        options = dict(params.get("options") or {})
        if version >= 2:
            options["fuzzyCompare"] = bool(params.get("fuzzyCompare"))
        dotted = not options.get("disableDotNotation")
        first, second = ([e for e in entries if e.json] for entries in inputs_of(run, 2))
        if version < 2.2:
            for entries, names, label in (
                (first, [a for a, _ in pairs], "Input A"),
                (second, [b for _, b in pairs], "Input B"),
            ):
                _check_present(run, entries, names, dotted, label)
        compared = _Comparison(run, params, options, version)
        return [items_of(out) for out in compared.split(first, second, pairs)]


def _check_present(
    run: NodeRun, entries: list[Entry], names: list[str], dotted: bool, label: str
) -> None:
    for name in names:
        if entries and not any(
            get_value(e.json, name, dotted=dotted) is not MISSING for e in entries
        ):
            raise NodeOperationError(
                run.name,
                f"field {name!r} is not present in any of the items of {label!r}; "
                "check the field names in Fields to Match",
                parameter="Fields to Match",
            )


class _Comparison:
    """One run's comparison settings, and the split of the paired items."""

    def __init__(
        self, run: NodeRun, params: dict[str, Any], options: dict[str, Any], version: float
    ) -> None:
        self.run = run
        self.version = version
        self.fuzzy = bool(options.get("fuzzyCompare"))
        self.dotted = not options.get("disableDotNotation")
        self.options = options
        self.resolve = params.get("resolve", "")
        self.prefer = params.get("preferWhenMix", "")
        self.exceptions = params.get("exceptWhenMix", "")
        self.equal = comparer(self.fuzzy, version)
        self.skip = [f.strip() for f in str(options.get("skipFields") or "").split(",")]
        self.names = ("inputA", "inputB") if version >= 2 else ("input1", "input2")

    def split(
        self, first: list[Entry], second: list[Entry], pairs: list[tuple[str, str]]
    ) -> list[list[Entry]]:
        if not self.dotted:
            dotted = next((f for f in self.skip if "." in f), None)
            if dotted is not None:
                raise NodeOperationError(
                    self.run.name,
                    f"dot notation is disabled, but the field to skip comparing {dotted!r} "
                    "has a dot; turn dot notation on or name a top-level field",
                    parameter="Fields to Skip Comparing",
                )
        found = find_matches(
            first,
            second,
            pairs,
            self.options,
            split=False,
            first_only=self.options.get("multipleMatches", "first") != "all",
            compare_version=self.version,
        )
        same: list[Entry] = []
        different: list[Entry] = []
        for entry, matches in found.matched:
            kept: Entry | None = None
            for match in matches:
                if self._same(entry.json, match.json):
                    if kept is None:
                        prefer_b = self.fuzzy and self.resolve == "preferInput2"
                        kept = match if prefer_b else entry
                else:
                    different.append(self._different(entry, match, pairs))
            if kept is not None:
                same.append(kept)
        return [found.unmatched1, same, different, found.unmatched2]

    def _without_skipped(self, json: dict[str, Any]) -> dict[str, Any]:
        trimmed = copy.deepcopy(json)
        for name in self.skip:
            if not self.dotted:
                trimmed.pop(name, None)
            else:
                unset_value(trimmed, name)
        return trimmed

    def _same(self, one: dict[str, Any], two: dict[str, Any]) -> bool:
        one, two = self._without_skipped(one), self._without_skipped(two)
        if self.fuzzy:
            return all(self.equal(value, two.get(key, MISSING)) for key, value in one.items())
        return self.equal(one, two)

    def _different(self, entry: Entry, match: Entry, pairs: list[tuple[str, str]]) -> Entry:
        if self.resolve == "preferInput1":
            return entry
        if self.resolve == "preferInput2":
            return match
        if self.resolve == "mix":
            return self._mixed(entry, match)
        return merged(self._both(entry.json, match.json, pairs), entry, match)

    def _mixed(self, entry: Entry, match: Entry) -> Entry:
        # n8n writes the excepted fields into the preferred input item itself.
        kept, other = (entry, match) if self.prefer == "input1" else (match, entry)
        text = self.exceptions
        names = [f.strip() for f in text.split(",")] if text else []
        for name in names:
            if not self.dotted:
                value = other.json.get(name, MISSING)
                if value is MISSING:
                    kept.json.pop(name, None)
                else:
                    kept.json[name] = value
            else:
                value = get_value(other.json, name)
                kept.json[name] = None if value is MISSING else value
        return kept

    def _nullish(self, value: Any) -> Any:
        if self.version >= 2:
            return None if value is MISSING else value
        return value if _truthy(value) else None

    def _both(
        self, one: dict[str, Any], two: dict[str, Any], pairs: list[tuple[str, str]]
    ) -> dict[str, Any]:
        keys = {a: one[a] for a, _ in pairs if a in one}
        union = list(dict.fromkeys([*one, *two]))
        compared = union if self.fuzzy and self.version >= 2.1 else [k for k in one if k in two]
        same: dict[str, Any] = {}
        for key in compared:
            value = one.get(key, MISSING)
            if self.equal(value, two.get(key, MISSING)):
                same[key] = value
        different: dict[str, Any] = {}
        skipped: dict[str, Any] = {}
        name_a, name_b = self.names
        for index, key in enumerate(k for k in union if k not in same):
            value_a = self._nullish(one.get(key, MISSING))
            value_b = self._nullish(two.get(key, MISSING))
            if self.version >= 2.1 and self.dotted and key not in self.skip:
                nested = [f for f in self.skip if f.startswith(key) and "." in f]
                value_a, value_b = copy.deepcopy(value_a), copy.deepcopy(value_b)
                if nested and (js_typeof(value_a) != "object" or js_typeof(value_b) != "object"):
                    raise NodeOperationError(
                        self.run.name,
                        f"the field {key!r} in item {index} is not an object, so dot notation "
                        "cannot reach inside it; change Fields to Skip Comparing",
                        parameter="Fields to Skip Comparing",
                    )
                if nested:
                    skipped.setdefault(key, {name_a: {}, name_b: {}})
                for name in nested:
                    inner = name.replace(f"{key}.", "", 1)
                    for side, value in ((name_a, value_a), (name_b, value_b)):
                        set_value(skipped[key][side], inner, get_value(value, inner))
                        if isinstance(value, dict | list):
                            unset_value(value, inner)
                different[key] = {name_a: value_a, name_b: value_b}
            elif key in self.skip:
                skipped[key] = {name_a: value_a, name_b: value_b}
            else:
                different[key] = {name_a: value_a, name_b: value_b}
        json: dict[str, Any] = {"keys": keys, "same": _defined(same), "different": different}
        if skipped:
            json["skipped"] = skipped
        return json


def _truthy(value: Any) -> bool:
    if value is MISSING or value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        return value != ""
    return True


def _defined(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not MISSING}


COMPARE_DATASETS = CompareDatasets()
