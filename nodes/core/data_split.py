"""Splitting a list inside each item into items: Split Out and Item Lists' Split Out Items."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun
from kflow.nodes.core.data_fields import field_list, read_value
from kflow.nodes.core.js_values import UNDEFINED
from kflow.nodes.core.paths import lodash_unset

__all__ = ["SplitRules", "split_out_items", "split_out_items_v1"]


@dataclass(frozen=True)
class SplitRules:
    """How one version family reads its parameters and treats odd values.

    Attributes:
        drop_blank_names: `a,,b` names two fields (else a blank third field, never found).
        strip_json_prefix: `$json.a` names field `a`.
        missing_is_error: A missing field stops the run (else the item gives nothing).
        scalar_is_error: A field that is neither a list nor an object stops the run.
        include_collection: Fields To Include is a list of `fields.fieldName` rows.
        options_of_first_item: Disable Dot Notation is read from the first item.
    """

    drop_blank_names: bool = True
    strip_json_prefix: bool = True
    missing_is_error: bool = False
    scalar_is_error: bool = False
    include_collection: bool = False
    options_of_first_item: bool = False


def _names(run: NodeRun, text: Any, rules: SplitRules, parameter: str) -> list[str]:
    if rules.drop_blank_names:
        names = field_list(run, text, parameter)
    else:
        names = [part.strip() for part in str(text or "").split(",")]
    if rules.strip_json_prefix:
        names = [name[6:] if name.startswith("$json.") else name for name in names]
    return names


def _entries(
    run: NodeRun, value: Any, field: str, index: int, rules: SplitRules, dotted: bool
) -> list[Any]:
    if value is UNDEFINED:
        if rules.missing_is_error:
            hint = (
                " (a nested field needs 'Disable Dot Notation' off)"
                if "." in field and not dotted
                else ""
            )
            raise NodeOperationError(
                run.name,
                f"Couldn't find the field '{field}' in the input data{hint}",
                item_index=index,
                parameter="Fields To Split Out",
            )
        return []
    if not isinstance(value, (dict, list)):
        if rules.scalar_is_error:
            raise NodeOperationError(
                run.name,
                f"The provided field '{field}' is not an array or object",
                item_index=index,
                parameter="Fields To Split Out",
            )
        return [value]
    return list(value.values()) if isinstance(value, dict) else list(value)


def split_out_items(run: NodeRun, rules: SplitRules) -> list[Item]:
    """Every item's named lists as items: element n of each list into item n."""
    output: list[Item] = []
    first_options = run.params(0).get("options") or {} if run.items else {}
    for index, source in enumerate(run.items):
        params = run.params(index)
        options = params.get("options") or {}
        dotted = not (first_options if rules.options_of_first_item else options).get(
            "disableDotNotation", False
        )
        fields = _names(run, params.get("fieldToSplitOut", ""), rules, "Fields To Split Out")
        destinations = [
            d.strip() for d in str(options.get("destinationFieldName") or "").split(",")
        ]
        destinations = [d for d in destinations if d]
        if destinations and len(destinations) != len(fields):
            raise NodeOperationError(
                run.name,
                "If multiple fields to split out are given, the same number of destination "
                "fields must be given",
                item_index=index,
                parameter="Destination Field Name",
            )
        include = params.get("include", "noOtherFields")
        data = dict(source["json"])
        binary = source.get("binary")
        parts: list[Item] = []
        for position, field in enumerate(fields):
            destination = destinations[position] if destinations else ""
            if field == "$binary":
                entries: list[Any] = [{k: v} for k, v in (binary or {}).items()]
            else:
                value = read_value(data, field, dotted)
                entries = _entries(run, value, field, index, rules, dotted)
            for number, element in enumerate(entries):
                if number == len(parts):
                    parts.append({"json": {}, "pairedItem": {"item": index}})
                part = parts[number]
                if field == "$binary":
                    part.setdefault("binary", {}).update(element)
                    continue
                name = destination or field
                merge = isinstance(element, (dict, list)) and include == "noOtherFields"
                if merge and destination == "" and len(fields) == 1:
                    part["json"] = {**part["json"], **_spread(element)}
                else:
                    part["json"][name] = element
        for part in parts:
            if include == "allOtherFields":
                rest = copy.deepcopy(data)
                for field in fields:
                    if dotted:
                        lodash_unset(rest, field, hole=None)
                    else:
                        rest.pop(field, None)
                part["json"] = {**rest, **part["json"]}
            elif include == "selectedOtherFields":
                if rules.include_collection:
                    rows = (params.get("fieldsToInclude") or {}).get("fields") or []
                    chosen = [str(row.get("fieldName", "")) for row in rows]
                else:
                    chosen = field_list(run, params.get("fieldsToInclude", ""), "Fields To Include")
                if not chosen:
                    raise NodeOperationError(
                        run.name,
                        "No fields specified: add a field to include",
                        item_index=index,
                        parameter="Fields To Include",
                    )
                for name in chosen:
                    part["json"][name] = read_value(data, name, dotted)
            part["json"] = {k: v for k, v in part["json"].items() if v is not UNDEFINED}
            if options.get("includeBinary") and binary and "binary" not in part:
                part["binary"] = binary
            output.append(part)
    return output


def split_out_items_v1(run: NodeRun) -> list[Item]:
    """Item Lists 1: one list field, each element its own item."""
    output: list[Item] = []
    for index, source in enumerate(run.items):
        params = run.params(index)
        options = params.get("options") or {}
        dotted = not options.get("disableDotNotation", False)
        field = str(params.get("fieldToSplitOut", ""))
        destination = str(options.get("destinationFieldName") or "")
        include = params.get("include", "noOtherFields")
        data = source["json"]
        values = read_value(data, field, dotted)
        if values is UNDEFINED:
            hint = (
                " (a nested field needs 'Disable Dot Notation' off)"
                if "." in field and not dotted
                else ""
            )
            raise NodeOperationError(
                run.name,
                f"Couldn't find the field '{field}' in the input data{hint}",
                item_index=index,
                parameter="Field To Split Out",
            )
        if not isinstance(values, list):
            raise NodeOperationError(
                run.name,
                f"The provided field '{field}' is not an array",
                item_index=index,
                parameter="Field To Split Out",
            )
        for element in values:
            item: dict[str, Any] = {}
            if include == "selectedOtherFields":
                rows = (params.get("fieldsToInclude") or {}).get("fields") or []
                chosen = [str(row.get("fieldName", "")) for row in rows]
                if not chosen:
                    raise NodeOperationError(
                        run.name,
                        "No fields specified: add a field to include",
                        item_index=index,
                        parameter="Fields To Include",
                    )
                for name in chosen:
                    if name != field:
                        item[name] = read_value(data, name, dotted)
            elif include == "allOtherFields":
                item = {key: copy.deepcopy(read_value(data, key, dotted)) for key in data}
                lodash_unset(item, field, hole=None)
            if (element is None or isinstance(element, (dict, list))) and (
                include == "noOtherFields" and destination == ""
            ):
                item = {**item, **_spread(element)}
            else:
                item[destination or field] = element
            item = {k: v for k, v in item.items() if v is not UNDEFINED}
            output.append({"json": item, "pairedItem": {"item": index}})
    return output


def _spread(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    return {}
