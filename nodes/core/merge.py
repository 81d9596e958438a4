"""merge: joins two inputs: append, or combine by matching fields or by position (n8n v3)."""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.paths import MISSING, get_path

__all__ = ["MERGE", "MergeNode"]

_JOINS = ("keepMatches", "keepNonMatches", "keepEverything", "enrichInput1", "enrichInput2")


class MergeNode:
    """Waits for both inputs. `append` outputs input 1's items then input 2's.

    `combine` + `combineByFields` joins items whose fields match (`fieldsToMatchString:
    "id"`, or `fields.values: [{field1, field2}]`) with n8n's join modes; `combineByPosition`
    merges the n-th items.
    """

    traits = NodeTraits(n8n_types=("n8n-nodes-base.merge",))
    description = describe(
        "merge",
        "Merge",
        "Merge the items of two inputs",
        [
            {
                "displayName": "Mode",
                "name": "mode",
                "type": "options",
                "default": "append",
                "options": [
                    {"name": "Append", "value": "append"},
                    {"name": "Combine", "value": "combine"},
                ],
            },
            {
                "displayName": "Combine By",
                "name": "combineBy",
                "type": "options",
                "default": "combineByFields",
                "displayOptions": {"show": {"mode": ["combine"]}},
                "options": [
                    {"name": "Matching Fields", "value": "combineByFields"},
                    {"name": "Position", "value": "combineByPosition"},
                ],
            },
            {
                "displayName": "Fields to Match",
                "name": "fieldsToMatchString",
                "type": "string",
                "default": "",
                "displayOptions": {"show": {"combineBy": ["combineByFields"]}},
                "description": "Comma-separated fields with the same name in both inputs",
            },
            {
                "displayName": "Fields to Match",
                "name": "fields",
                "type": "fixedCollection",
                "default": {},
                "typeOptions": {"multipleValues": True},
                "displayOptions": {"show": {"combineBy": ["combineByFields"]}},
                "options": [
                    {
                        "name": "values",
                        "displayName": "Values",
                        "values": [
                            {
                                "displayName": "Input 1 Field",
                                "name": "field1",
                                "type": "string",
                                "default": "",
                            },
                            {
                                "displayName": "Input 2 Field",
                                "name": "field2",
                                "type": "string",
                                "default": "",
                            },
                        ],
                    }
                ],
            },
            {
                "displayName": "Advanced",
                "name": "advanced",
                "type": "boolean",
                "default": False,
                "displayOptions": {"show": {"combineBy": ["combineByFields"]}},
            },
            {
                "displayName": "Output Type",
                "name": "joinMode",
                "type": "options",
                "default": "keepMatches",
                "displayOptions": {"show": {"combineBy": ["combineByFields"]}},
                "options": [{"name": j, "value": j} for j in _JOINS],
            },
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [],
            },
        ],
        version=[3, 3.1],
        inputs=["main", "main"],
        inputNames=["Input 1", "Input 2"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        first = run.inputs[0] if run.inputs else []
        second = run.inputs[1] if len(run.inputs) > 1 else []
        params = run.params(0) if first else run.params(0, input_index=1)
        if params["mode"] == "append":
            return [_paired(first, 0) + _paired(second, 1)]
        if params.get("combineBy") == "combineByPosition":
            return [
                [
                    {
                        "json": {**a["json"], **b["json"]},
                        "pairedItem": [{"item": i, "input": 0}, {"item": i, "input": 1}],
                    }
                    for i, (a, b) in enumerate(zip(first, second, strict=False))
                ]
            ]
        pairs = _match_fields(run, params)
        return [_join(first, second, pairs, params.get("joinMode", "keepMatches"))]


def _paired(items: list[Item], input_index: int) -> list[Item]:
    return [
        {"json": it["json"], "pairedItem": {"item": i, "input": input_index}}
        for i, it in enumerate(items)
    ]


def _match_fields(run: NodeRun, params: dict[str, Any]) -> list[tuple[str, str]]:
    rows = (params.get("fields") or {}).get("values") or []
    if params.get("advanced") and rows:
        pairs = [(str(r.get("field1") or ""), str(r.get("field2") or "")) for r in rows]
    else:
        names = [n.strip() for n in str(params.get("fieldsToMatchString") or "").split(",")]
        pairs = [(n, n) for n in names if n]
    if not pairs or any(not a or not b for a, b in pairs):
        raise NodeOperationError(run.name, "name the fields to match", parameter="Fields to Match")
    return pairs


def _key(item: Item, fields: list[str]) -> tuple[Any, ...] | None:
    values = [get_path(item["json"], f) for f in fields]
    return None if any(v is MISSING for v in values) else tuple(str(v) for v in values)


def _join(
    first: list[Item], second: list[Item], pairs: list[tuple[str, str]], mode: str
) -> list[Item]:
    left_fields = [a for a, _ in pairs]
    right_fields = [b for _, b in pairs]
    index: dict[tuple[Any, ...], list[int]] = {}
    for j, item in enumerate(second):
        key = _key(item, right_fields)
        if key is not None:
            index.setdefault(key, []).append(j)
    output: list[Item] = []
    matched_right: set[int] = set()
    for i, item in enumerate(first):
        key = _key(item, left_fields)
        matches = index.get(key, []) if key is not None else []
        matched_right.update(matches)
        if matches and mode in ("keepMatches", "keepEverything", "enrichInput1", "enrichInput2"):
            for j in matches:
                output.append(
                    {
                        "json": {**item["json"], **second[j]["json"]},
                        "pairedItem": [{"item": i, "input": 0}, {"item": j, "input": 1}],
                    }
                )
        elif not matches and mode in ("keepNonMatches", "keepEverything", "enrichInput1"):
            output.append({"json": item["json"], "pairedItem": {"item": i, "input": 0}})
    if mode in ("keepNonMatches", "keepEverything", "enrichInput2"):
        for j, item in enumerate(second):
            if j not in matched_right:
                output.append({"json": item["json"], "pairedItem": {"item": j, "input": 1}})
    return output


MERGE = MergeNode()
