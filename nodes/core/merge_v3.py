"""Merge 3 to 3.2: append and choose branch over 2 to 10 inputs, combine by fields, by
position (2 to 10 inputs) or every combination. The SQL Query mode is refused."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.merge_entries import Entry, inputs_of, items_of, merged, parameters, suffixed
from kflow.nodes.core.merge_fields import check_pairs, combine_by_fields
from kflow.nodes.core.merge_options import (
    JOIN_MODE,
    clash_handling,
    fuzzy_compare,
    join_outputs,
    multiple_matches,
    pairs_of_fields,
    required_inputs,
)
from kflow.nodes.core.merge_v2 import multiplex
from kflow.nodes.core.merge_values import merger

__all__ = ["MAX_INPUTS", "MergeV3"]

MAX_INPUTS = 10
_NOT_SUFFIX = [{"_cnd": {"not": "addSuffix"}}]
_FIELDS = {"mode": ["combine"], "combineBy": ["combineByFields"]}
_POSITION = {"mode": ["combine"], "combineBy": ["combineByPosition"]}
_ALL = {"mode": ["combine"], "combineBy": ["combineAll"]}


def _number_inputs(show: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "displayName": "Number of Inputs",
        "name": "numberInputs",
        "type": "options",
        "default": 2,
        "noDataExpression": True,
        "description": "How many inputs the node has; it waits for every connected one",
        "displayOptions": {"show": show},
        "options": [{"name": str(n), "value": n} for n in range(2, MAX_INPUTS + 1)],
    }


def _clash(default: dict[str, Any] | None = None) -> dict[str, Any]:
    clash = clash_handling(None, "preferLast", _NOT_SUFFIX)
    return {**clash, "default": default} if default is not None else clash


def _collection(show: dict[str, list[Any]], options: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "default": {},
        "placeholder": "Add option",
        "displayOptions": {"show": show},
        "options": options,
    }


_BY_FIELDS: list[dict[str, Any]] = [
    {
        "displayName": "Fields To Match Have Different Names",
        "name": "advanced",
        "type": "boolean",
        "default": False,
        "description": "Whether the fields to match have different names in input 1 and input 2",
        "displayOptions": {"show": _FIELDS},
    },
    {
        "displayName": "Fields to Match",
        "name": "fieldsToMatchString",
        "type": "string",
        "default": "",
        "placeholder": "e.g. id, name",
        "description": "The fields to match on, separated by commas (dots reach nested fields)",
        "displayOptions": {"show": {**_FIELDS, "advanced": [False]}},
    },
    {**pairs_of_fields(), "displayOptions": {"show": {**_FIELDS, "advanced": [True]}}},
    {**JOIN_MODE, "displayOptions": {"show": _FIELDS}},
    *join_outputs(_FIELDS),
    _collection(
        _FIELDS,
        [
            {
                **_clash(),
                "displayOptions": {"hide": {"/joinMode": ["keepMatches", "keepNonMatches"]}},
            },
            {
                **_clash(),
                "displayOptions": {
                    "show": {"/joinMode": ["keepMatches"], "/outputDataFrom": ["both"]}
                },
            },
            {
                "displayName": "Disable Dot Notation",
                "name": "disableDotNotation",
                "type": "boolean",
                "default": False,
                "description": "Whether a field name like `parent.child` is read as one name",
            },
            fuzzy_compare(),
            {
                **multiple_matches(),
                "displayOptions": {
                    "show": {"/joinMode": ["keepMatches"], "/outputDataFrom": ["both"]}
                },
            },
            {
                **multiple_matches(),
                "displayOptions": {
                    "show": {"/joinMode": ["enrichInput1", "enrichInput2", "keepEverything"]}
                },
            },
        ],
    ),
]

_SQL: list[dict[str, Any]] = [
    _number_inputs({"mode": ["combineBySql"]}),
    {
        "displayName": "Query",
        "name": "query",
        "type": "string",
        "default": "SELECT * FROM input1 LEFT JOIN input2 ON input1.name = input2.id",
        "noDataExpression": True,
        "description": "SQL over the inputs as tables input1, input2, ... (not run by kflow)",
        "typeOptions": {"rows": 5, "editor": "sqlEditor"},
        "displayOptions": {"show": {"mode": ["combineBySql"]}},
    },
    {
        "displayName": "Use query parameters for dynamic values: list them in Options > "
        "Query Parameters and reference them with ? placeholders.",
        "name": "queryParametersNotice",
        "type": "notice",
        "default": "",
        "displayOptions": {"show": {"mode": ["combineBySql"]}},
    },
    _collection(
        {"mode": ["combineBySql"]},
        [
            {
                "displayName": "Empty Query Result",
                "name": "emptyQueryResult",
                "type": "options",
                "default": "empty",
                "description": "What a query that returns no rows outputs",
                "displayOptions": {"show": {"@version": [3.2]}},
                "options": [
                    {"name": "Success", "value": "success"},
                    {"name": "Empty Result", "value": "empty"},
                ],
            },
            {
                "displayName": "Query Parameters",
                "name": "queryParameters",
                "type": "string",
                "default": "",
                "placeholder": "value1,value2,value3",
                "description": "Values for the query's ? placeholders, separated by commas",
            },
        ],
    ),
]

_CHOOSE = {"mode": ["chooseBranch"]}

_PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Mode",
        "name": "mode",
        "type": "options",
        "default": "append",
        "noDataExpression": True,
        "description": "How the inputs' items are merged",
        "options": [
            {
                "name": "Append",
                "value": "append",
                "description": "The items of each input, one input after the other",
            },
            {"name": "Combine", "value": "combine", "description": "Merge matching items together"},
            {
                "name": "SQL Query",
                "value": "combineBySql",
                "description": "Merge with an SQL query (not run by kflow)",
            },
            {
                "name": "Choose Branch",
                "value": "chooseBranch",
                "description": "The items of one input, unchanged, once all inputs arrived",
            },
        ],
    },
    {
        "displayName": "Combine By",
        "name": "combineBy",
        "type": "options",
        "default": "combineByFields",
        "noDataExpression": True,
        "description": "Which items are combined",
        "displayOptions": {"show": {"mode": ["combine"]}},
        "options": [
            {
                "name": "Matching Fields",
                "value": "combineByFields",
                "description": "Items with the same field values",
            },
            {
                "name": "Position",
                "value": "combineByPosition",
                "description": "The n-th items of every input",
            },
            {
                "name": "All Possible Combinations",
                "value": "combineAll",
                "description": "Every pairing of an input 1 item with an input 2 item (cross join)",
            },
        ],
    },
    _number_inputs({"mode": ["append"]}),
    _collection(_ALL, [_clash(), fuzzy_compare()]),
    *_BY_FIELDS,
    *_SQL,
    _number_inputs(_POSITION),
    _collection(
        _POSITION,
        [
            _clash({"values": {"resolveClash": "addSuffix"}}),
            {
                "displayName": "Include Any Unpaired Items",
                "name": "includeUnpaired",
                "type": "boolean",
                "default": False,
                "description": "Whether positions that some inputs lack are output too",
            },
        ],
    ),
    _number_inputs(_CHOOSE),
    {
        "displayName": "Output Type",
        "name": "chooseBranchMode",
        "type": "options",
        "default": "waitForAll",
        "description": "When the chosen items are output",
        "displayOptions": {"show": _CHOOSE},
        "options": [{"name": "Wait for All Inputs to Arrive", "value": "waitForAll"}],
    },
    {
        "displayName": "Output",
        "name": "output",
        "type": "options",
        "default": "specifiedInput",
        "description": "What is output",
        "displayOptions": {"show": {**_CHOOSE, "chooseBranchMode": ["waitForAll"]}},
        "options": [
            {"name": "Data of Specified Input", "value": "specifiedInput"},
            {"name": "A Single, Empty Item", "value": "empty"},
        ],
    },
    {
        "displayName": "Use Data of Input",
        "name": "useDataOfInput",
        "type": "options",
        "default": 1,
        "description": "The number of the input whose items are output",
        "typeOptions": {
            "minValue": 1,
            "loadOptionsMethod": "getInputs",
            "loadOptionsDependsOn": ["numberInputs"],
        },
        "displayOptions": {"show": {**_CHOOSE, "output": ["specifiedInput"]}},
    },
]


def input_count(stored: Mapping[str, Any]) -> int:
    """How many inputs a Merge 3 node has: `numberInputs` where its mode shows it, else 2."""
    mode = stored.get("mode", "append")
    shown = mode in ("append", "chooseBranch") or (
        mode == "combine" and stored.get("combineBy") == "combineByPosition"
    )
    number = stored.get("numberInputs", 2)
    return int(number) if shown and isinstance(number, int) and 2 <= number <= MAX_INPUTS else 2


class MergeV3:
    """n8n's Merge 3, 3.1 and 3.2 (they differ only in the SQL mode)."""

    traits = NodeTraits(
        n8n_types=("n8n-nodes-base.merge",),
        required_inputs=lambda stored: required_inputs(stored),
        inputs=lambda stored, version: input_count(stored),
    )
    description = describe(
        "merge",
        "Merge",
        "Merges the items of several inputs once all have run",
        _PROPERTIES,
        version=[3, 3.1, 3.2],
        defaultVersion=3.2,
        # The inputs a flow node has follow its `numberInputs` (traits.inputs).
        inputs=["main"] * MAX_INPUTS,
        inputNames=[f"Input {n}" for n in range(1, MAX_INPUTS + 1)],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        params = parameters(run)
        mode = params["mode"]
        if mode == "combineBySql":
            raise NodeOperationError(
                run.name,
                "the Merge node's SQL Query mode (combineBySql) is not run by kflow; "
                "use Combine or Append, or a Code node",
                parameter="Mode",
            )
        inputs = inputs_of(run, int(params.get("numberInputs") or 2))
        if mode == "append":
            return [items_of([e for entries in inputs for e in entries])]
        if mode == "chooseBranch":
            return [items_of(_chosen(run, params, inputs))]
        options = params.get("options") or {}
        clash = dict((options.get("clashHandling") or {}).get("values") or {})
        how = params["combineBy"]
        if how == "combineAll":
            return [items_of(multiplex(inputs[0], inputs[1], clash))]
        if how == "combineByPosition":
            return [items_of(_by_position(inputs, clash, bool(options.get("includeUnpaired"))))]
        if params.get("advanced"):
            rows = (params.get("mergeByFields") or {}).get("values") or []
        else:
            names = [n.strip() for n in str(params.get("fieldsToMatchString") or "").split(",")]
            rows = [{"field1": n, "field2": n} for n in names]
        pairs = check_pairs(run, rows)
        out = combine_by_fields(run, inputs[0], inputs[1], pairs, params, prefer_last="preferLast")
        return [items_of(e) for e in out] if out is not None else []


def _chosen(run: NodeRun, params: dict[str, Any], inputs: list[list[Entry]]) -> list[Entry]:
    if params["output"] == "empty":
        return [Entry({}, [p for e in inputs[0] + inputs[1] for p in e.pairs])]
    number = params["useDataOfInput"]
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or number > len(inputs):
        raise NodeOperationError(
            run.name,
            f"input {params['useDataOfInput']} doesn't exist: the node has {len(inputs)} "
            f"inputs; choose one from 1 to {len(inputs)}",
            parameter="Use Data of Input",
        )
    return inputs[number - 1]


def _by_position(inputs: list[list[Entry]], clash: dict[str, Any], unpaired: bool) -> list[Entry]:
    resolve = str(clash.get("resolveClash") or "")
    preferred_index = (
        int(resolve.removeprefix("preferInput")) - 1
        if "preferInput" in resolve and resolve.removeprefix("preferInput").isdigit()
        else len(inputs) - 1
    )
    preferred = inputs[preferred_index] if 0 <= preferred_index < len(inputs) else []
    if resolve == "addSuffix":
        # n8n renames every input's fields but keeps the last input's own names too.
        inputs = [suffixed(entries, str(n + 1)) for n, entries in enumerate(inputs)]
    lengths = [len(entries) for entries in inputs] + [len(preferred)]
    count = max(lengths) if unpaired else min(lengths)
    merge = merger(clash)
    out: list[Entry] = []
    empty = Entry({}, [])
    for index in range(count):
        rest = [entries[index] if index < len(entries) else empty for entries in inputs]
        chosen = preferred[index] if index < len(preferred) else empty
        json = merge({}, *(e.json for e in rest), chosen.json)
        out.append(merged(json, *rest, chosen))
    return out
