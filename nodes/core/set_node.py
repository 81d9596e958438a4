"""set: assign fields with expressions, keep or drop the others (n8n's Edit Fields, v3.4 shape)."""

from __future__ import annotations

import copy
import json
import math
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.paths import MISSING, get_path, remove_path, set_path

__all__ = ["SET", "SetNode"]

TYPES = ("string", "number", "boolean", "array", "object")


class SetNode:
    """Each assignment `{name, value, type}` sets a field; dotted names make nested fields.

    `includeOtherFields` keeps the input's other fields; `include` narrows which
    (`all`, `selected` with `includeFields`, `except` with `excludeFields`). Removing a
    field is `include: except`; renaming is an assignment plus excluding the old name.
    """

    traits = NodeTraits(n8n_types=("n8n-nodes-base.set",), streams=True)
    description = describe(
        "set",
        "Edit Fields (Set)",
        "Add, change, rename or remove fields",
        [
            {
                "displayName": "Mode",
                "name": "mode",
                "type": "options",
                "default": "manual",
                "options": [{"name": "Manual Mapping", "value": "manual"}],
            },
            {
                "displayName": "Fields to Set",
                "name": "assignments",
                "type": "assignmentCollection",
                "default": {"assignments": []},
            },
            {
                "displayName": "Include Other Input Fields",
                "name": "includeOtherFields",
                "type": "boolean",
                "default": False,
            },
            {
                "displayName": "Input Fields to Include",
                "name": "include",
                "type": "options",
                "default": "all",
                "displayOptions": {"show": {"includeOtherFields": [True]}},
                "options": [
                    {"name": "All", "value": "all"},
                    {"name": "Selected", "value": "selected"},
                    {"name": "All Except", "value": "except"},
                ],
            },
            {
                "displayName": "Fields to Include",
                "name": "includeFields",
                "type": "string",
                "default": "",
                "displayOptions": {"show": {"include": ["selected"]}},
            },
            {
                "displayName": "Fields to Exclude",
                "name": "excludeFields",
                "type": "string",
                "default": "",
                "displayOptions": {"show": {"include": ["except"]}},
            },
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [
                    {
                        "displayName": "Support Dot Notation",
                        "name": "dotNotation",
                        "type": "boolean",
                        "default": True,
                    },
                    {
                        "displayName": "Ignore Type Conversion Errors",
                        "name": "ignoreConversionErrors",
                        "type": "boolean",
                        "default": False,
                    },
                ],
            },
        ],
        version=[3, 3.4],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        output: list[Item] = []
        for index, item in enumerate(run.items):
            try:
                output.append(
                    {"json": self._one(run, index, item["json"]), "pairedItem": {"item": index}}
                )
            except NodeOperationError as error:
                if error.item_index is None:
                    error.item_index = index
                    error.args = (error.render(),)
                failed = run.item_failed(index, error)
                if failed is not None:
                    output.append(failed)
        return [output]

    def _one(self, run: NodeRun, index: int, source: dict[str, Any]) -> dict[str, Any]:
        params = run.params(index)
        options = params.get("options") or {}
        dots = options.get("dotNotation", True)
        result = _kept(source, params) if params.get("includeOtherFields") else {}
        for assignment in (params.get("assignments") or {}).get("assignments") or []:
            name = str(assignment.get("name") or "")
            if not name:
                raise NodeOperationError(
                    run.name, "an assignment has no name", parameter="Fields to Set"
                )
            value = _convert(
                assignment.get("value"),
                assignment.get("type", "string"),
                name,
                lenient=options.get("ignoreConversionErrors", False),
                node=run.name,
            )
            if dots:
                set_path(result, name, value)
            else:
                result[name] = value
        return result


def _kept(source: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    mode = params.get("include", "all")
    if mode == "selected":
        kept: dict[str, Any] = {}
        for name in _names(params.get("includeFields")):
            value = get_path(source, name)
            if value is not MISSING:
                set_path(kept, name, copy.deepcopy(value))
        return kept
    result = copy.deepcopy(source)
    if mode == "except":
        for name in _names(params.get("excludeFields")):
            remove_path(result, name)
    return result


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def _convert(value: Any, kind: str, name: str, *, lenient: bool, node: str) -> Any:
    if kind not in TYPES:
        raise NodeOperationError(
            node, f"field {name!r}: unknown type {kind!r}", parameter="Fields to Set"
        )
    if value is None:
        return None  # as in n8n's Edit Fields 3.2 and later: a missing value is null
    try:
        return _as(value, kind)
    except (TypeError, ValueError) as exc:
        if lenient:
            return value
        raise NodeOperationError(
            node, f"field {name!r}: {value!r} is not a {kind} ({exc})", parameter="Fields to Set"
        ) from None


def _as(value: Any, kind: str) -> Any:
    if kind == "string":
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return str(value)
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError("a boolean")
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        return (
            int(number)
            if number.is_integer() and not (isinstance(value, str) and "." in value)
            else number
        )
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no", ""):
            return False
        raise ValueError("not true or false")
    parsed = json.loads(value) if isinstance(value, str) else value
    expected = list if kind == "array" else dict
    if not isinstance(parsed, expected):
        raise ValueError(f"not an {kind}")
    return parsed


SET = SetNode()
