"""splitOut: turns a list field into one item per element (n8n's Split Out)."""

from __future__ import annotations

import copy
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.paths import MISSING, get_path, remove_path, set_path

__all__ = ["SPLIT_OUT", "SplitOutNode"]


class SplitOutNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.splitOut",), streams=True)
    description = describe(
        "splitOut",
        "Split Out",
        "Turn a list inside an item into separate items",
        [
            {
                "displayName": "Fields To Split Out",
                "name": "fieldToSplitOut",
                "type": "string",
                "default": "",
                "required": True,
            },
            {
                "displayName": "Include",
                "name": "include",
                "type": "options",
                "default": "noOtherFields",
                "options": [
                    {"name": "No Other Fields", "value": "noOtherFields"},
                    {"name": "All Other Fields", "value": "allOtherFields"},
                    {"name": "Selected Other Fields", "value": "selectedOtherFields"},
                ],
            },
            {
                "displayName": "Fields To Include",
                "name": "fieldsToInclude",
                "type": "string",
                "default": "",
                "displayOptions": {"show": {"include": ["selectedOtherFields"]}},
            },
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [
                    {
                        "displayName": "Destination Field Name",
                        "name": "destinationFieldName",
                        "type": "string",
                        "default": "",
                    }
                ],
            },
        ],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        output: list[Item] = []
        for index, item in enumerate(run.items):
            params = run.params(index)
            field = str(params.get("fieldToSplitOut") or "").split(",")[0].strip()
            if not field:
                raise NodeOperationError(run.name, "is required", parameter="Fields To Split Out")
            values = get_path(item["json"], field)
            if values is MISSING:
                raise NodeOperationError(
                    run.name,
                    f"item {index} has no field {field!r}",
                    item_index=index,
                    parameter="Fields To Split Out",
                )
            if not isinstance(values, list):
                values = [values]
            base = _base(item["json"], field, params)
            destination = (params.get("options") or {}).get("destinationFieldName") or field
            for value in values:
                data = copy.deepcopy(base)
                if isinstance(value, dict) and not (params.get("options") or {}).get(
                    "destinationFieldName"
                ):
                    data.update(value)
                else:
                    set_path(data, destination, value)
                output.append({"json": data, "pairedItem": {"item": index}})
        return [output]


def _base(source: dict[str, Any], field: str, params: dict[str, Any]) -> dict[str, Any]:
    mode = params.get("include", "noOtherFields")
    if mode == "allOtherFields":
        base = copy.deepcopy(source)
        remove_path(base, field)
        return base
    if mode == "selectedOtherFields":
        base: dict[str, Any] = {}
        for name in str(params.get("fieldsToInclude") or "").split(","):
            value = get_path(source, name.strip())
            if name.strip() and value is not MISSING:
                set_path(base, name.strip(), value)
        return base
    return {}


SPLIT_OUT = SplitOutNode()
