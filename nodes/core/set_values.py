"""Set 1 and 2: booleans, numbers and strings written onto the item, in that order.

Each kind is a list of name/value rows (`values.boolean`, `values.number`,
`values.string`); all booleans are written first, then numbers, then strings, whatever
order the rows were given in. A boolean is JavaScript's truthiness of its value (the text
"false" is true); version 2 reads a number given as text as a number. `keepOnlySet`
drops the input's fields (and binary data).
"""

from __future__ import annotations

import copy
import math
from typing import Any

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core.base import describe, each_item
from kflow.nodes.core.js_values import js_truthy
from kflow.nodes.core.paths import MISSING, lodash_set, settle
from kflow.nodes.core.set_convert import field_number
from kflow.nodes.core.set_raw import gave_undefined

__all__ = ["SetValuesNode"]


def _row(kind: str, default: Any, note: str) -> list[dict[str, Any]]:
    # Values are declared as text so that an expression's result reaches the node as n8n
    # gives it (the node converts booleans and, in version 2, numbers itself).
    return [
        {
            "displayName": "Name",
            "name": "name",
            "type": "string",
            "default": "propertyName",
            "description": "The field to write; dot notation reaches nested fields "
            '("data.person[0].name")',
        },
        {
            "displayName": "Value",
            "name": "value",
            "type": "string",
            "default": default,
            "description": note,
        },
    ]


class SetValuesNode:
    """n8n's Set 1 and 2."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.set",), streams=True)
    description = describe(
        "set",
        "Set",
        "Set values on items and optionally drop the other fields",
        [
            {
                "displayName": "Keep Only Set",
                "name": "keepOnlySet",
                "type": "boolean",
                "default": False,
                "description": "Whether the output has only the values set here",
            },
            {
                "displayName": "Values to Set",
                "name": "values",
                "type": "fixedCollection",
                "placeholder": "Add Value",
                "typeOptions": {"multipleValues": True, "sortable": True},
                "default": {},
                "description": "The values to write",
                "options": [
                    {
                        "name": "boolean",
                        "displayName": "Boolean",
                        "values": _row("boolean", False, "A boolean (true or false)"),
                    },
                    {
                        "name": "number",
                        "displayName": "Number",
                        "values": _row("number", 0, "A number"),
                    },
                    {
                        "name": "string",
                        "displayName": "String",
                        "values": _row("string", "", "Text"),
                    },
                ],
            },
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "placeholder": "Add option",
                "default": {},
                "options": [
                    {
                        "displayName": "Dot Notation",
                        "name": "dotNotation",
                        "type": "boolean",
                        "default": True,
                        "description": 'Whether "a.b" sets b inside a ({"a": {"b": …}}); '
                        'off, it sets the key "a.b" itself',
                    }
                ],
            },
        ],
        group=["input"],
        defaults={"name": "Set"},
        version=[1, 2],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        return [each_item(run, lambda index, item: self._one(run, index, item))]

    def _one(self, run: NodeRun, index: int, item: Item) -> Item:
        params = run.params(index)
        keep_only = bool(params.get("keepOnlySet"))
        dots = (params.get("options") or {}).get("dotNotation") is not False
        values = params.get("values") or {}
        data: dict[str, Any] = {} if keep_only else copy.deepcopy(item.get("json") or {})
        stored = run.parameters.get("values") or {}
        for kind in ("boolean", "number", "string"):
            written = stored.get(kind) or []
            for number, row in enumerate(values.get(kind) or []):
                name = str(row.get("name", ""))
                value = row.get("value")
                stored_value = written[number].get("value") if number < len(written) else None
                if value is None and gave_undefined(run, stored_value, index):
                    value = MISSING  # n8n writes undefined: the field is left out
                if kind == "boolean":
                    value = js_truthy(None if value is MISSING else value)
                elif kind == "number" and run.version >= 2 and isinstance(value, str):
                    number = field_number(value)
                    if not (isinstance(number, float) and math.isnan(number)):
                        value = number
                if dots:
                    lodash_set(data, name, value)
                else:
                    data[name] = value
        result: Item = {"json": settle(data), "pairedItem": {"item": index}}
        if not keep_only and item.get("binary") is not None:
            result["binary"] = dict(item["binary"])
        return result
