"""Edit Fields (Set) 3 to 3.5: set typed fields one by one, or write the item as JSON.

Versions differ where n8n's do: 3.0–3.2 list fields as `fields.values` rows and choose
the kept input fields with `include` (all, none, selected, except); 3.3 on use
`assignments` and `includeOtherFields`. A null value stays null from 3.2 (3.1 refuses a
null string, 3.0 writes "null"). Binary data is kept with `includeBinary` before 3.4 and
unless `stripBinary` from 3.4. Item duplication is a setting of manual runs in n8n's
editor, ignored when workflows run automatically, as kflow runs them.
"""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe, each_item
from kflow.nodes.core.set_compose import compose_item
from kflow.nodes.core.set_convert import ConversionError, check_field
from kflow.nodes.core.set_properties import SET_FIELDS_PROPERTIES
from kflow.nodes.core.set_raw import fill_in, gave_undefined, parse_json_parameter

__all__ = ["SetFieldsNode"]

_KINDS = ("string", "number", "boolean", "array", "object")


class SetFieldsNode:
    """n8n's Edit Fields (Set) 3.x: manual mapping or JSON, and which input fields stay."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.set",), streams=True)
    description = describe(
        "set",
        "Edit Fields (Set)",
        "Modify, add, or remove item fields",
        SET_FIELDS_PROPERTIES,
        group=["input"],
        defaults={"name": "Edit Fields"},
        version=[3, 3.1, 3.2, 3.3, 3.4, 3.5],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        version = run.version
        mode = run.parameters.get("mode", "manual")
        raw = self._raw_texts(run, mode, version)
        return [each_item(run, lambda index, item: self._one(run, index, item, mode, raw))]

    def _raw_texts(
        self, run: NodeRun, mode: str, version: float
    ) -> dict[str, list[str | NodeOperationError]]:
        """Parameters written as JSON with expressions in it, filled in per item."""
        found: dict[str, list[str | NodeOperationError]] = {}
        if mode == "raw":
            text = run.parameters.get("jsonOutput")
            if isinstance(text, str) and text.startswith("="):
                found[""] = fill_in(run, text.lstrip("="), "JSON")
        elif version < 3.3:
            for entry in (run.parameters.get("fields") or {}).get("values") or []:
                text = entry.get("objectValue")
                is_raw = isinstance(text, str) and text.startswith("=")
                if entry.get("type") == "objectValue" and is_raw:
                    found[str(entry.get("name"))] = fill_in(run, text.lstrip("="), "Fields to Set")
        return found

    def _one(
        self,
        run: NodeRun,
        index: int,
        item: Item,
        mode: str,
        raw: dict[str, list[str | NodeOperationError]],
    ) -> Item:
        version = run.version
        params = run.params(index)
        options = params.get("options") or {}
        if version >= 3.3:
            include = params.get("include", "all") if params.get("includeOtherFields") else "none"
        else:
            include = params.get("include", "all")
        parameter = "JSON" if mode == "raw" else "Fields to Set"
        binaries: dict[str, Any] = {}
        try:
            if mode == "raw":
                fields = self._from_json(params, raw.get(""), index)
            elif mode == "manual":
                if version >= 3.3:
                    fields, binaries = self._assignments(run, params, index, options)
                else:
                    fields = self._rows(run, params, raw, index, options, version)
            else:
                raise NodeOperationError(
                    run.name,
                    f"mode {mode!r} is not one kflow runs; use 'manual' or 'raw'",
                    parameter="Mode",
                )
        except ConversionError as error:
            raise NodeOperationError(
                run.name,
                error.message,
                description=error.description or None,
                item_index=index,
                parameter="Fields to Set",
            ) from None
        except ValueError as error:
            raise NodeOperationError(
                run.name, str(error), item_index=index, parameter=parameter
            ) from None
        if version >= 3.4:
            keep_binary = not options.get("stripBinary") and include != "none"
        else:
            keep_binary = bool(options.get("includeBinary"))
        result = compose_item(
            item,
            index,
            fields,
            include=include,
            include_fields=params.get("includeFields", ""),
            exclude_fields=params.get("excludeFields", ""),
            dots=options.get("dotNotation") is not False,
            keep_binary=keep_binary,
        )
        if mode == "manual" and binaries:
            result.setdefault("binary", {}).update(binaries)
        return result

    def _from_json(
        self, params: dict[str, Any], texts: list[str | NodeOperationError] | None, index: int
    ) -> dict[str, Any]:
        if texts is None:
            return parse_json_parameter(params.get("jsonOutput"), "'JSON Output'", index)
        text = texts[index]
        if isinstance(text, NodeOperationError):
            raise text
        return parse_json_parameter(text, "'JSON Output'", index)

    def _rows(
        self,
        run: NodeRun,
        params: dict[str, Any],
        raw: dict[str, list[str | NodeOperationError]],
        index: int,
        options: dict[str, Any],
        version: float,
    ) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        stored = (run.parameters.get("fields") or {}).get("values") or []
        for number, entry in enumerate((params.get("fields") or {}).get("values") or []):
            name = str(entry.get("name", ""))
            key = str(entry.get("type", "stringValue"))
            value = entry.get(key)
            old_string = version < 3.1 and key == "stringValue" and number < len(stored)
            if value is None and old_string and gave_undefined(run, stored[number].get(key), index):
                value = "undefined"  # 3.0 writes String(undefined)
            texts = raw.get(name)
            if key == "objectValue" and texts is not None and value is not None:
                text = texts[index]
                if isinstance(text, NodeOperationError):
                    raise text
                where = f"entry \"{name}\" inside 'Fields to Set'"
                value = parse_json_parameter(text, where, index)
            fields[name] = check_field(
                name,
                key.removesuffix("Value"),
                value,
                version=version,
                lenient=bool(options.get("ignoreConversionErrors")),
                item_index=index,
            )
        return fields

    def _assignments(
        self, run: NodeRun, params: dict[str, Any], index: int, options: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        fields: dict[str, Any] = {}
        binaries: dict[str, Any] = {}
        for assignment in (params.get("assignments") or {}).get("assignments") or []:
            name = str(assignment.get("name", ""))
            kind = assignment.get("type") or "string"
            value = assignment.get("value")
            if kind == "binary":
                binaries[name] = _binary(run, index, name, value)
                continue
            if kind not in _KINDS:
                raise NodeOperationError(
                    run.name,
                    f"field {name!r} has type {kind!r}; Edit Fields takes "
                    + ", ".join(_KINDS)
                    + " or binary",
                    item_index=index,
                    parameter="Fields to Set",
                )
            fields[name] = check_field(
                name,
                kind,
                value,
                version=run.version,
                lenient=bool(options.get("ignoreConversionErrors")),
                item_index=index,
            )
        return fields, binaries


def _binary(run: NodeRun, index: int, name: str, value: Any) -> Any:
    """A binary assignment's data: a binary object itself, or the input's binary field."""
    if isinstance(value, dict) and ("data" in value or "id" in value) and "mimeType" in value:
        return value
    found = (
        (run.items[index].get("binary") or {}).get(str(value)) if isinstance(value, str) else None
    )
    if not isinstance(found, dict):
        raise NodeOperationError(
            run.name,
            f"Could not find binary data specified in field {name}: the input item has "
            f"no binary field {value!r}",
            item_index=index,
            parameter="Fields to Set",
        )
    return found
