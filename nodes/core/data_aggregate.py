"""Many items into one: Aggregate, and Item Lists' Aggregate Items / Concatenate Items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun
from kflow.nodes.core.data_fields import field_list, fields_of_rows, read_value
from kflow.nodes.core.js_values import UNDEFINED
from kflow.nodes.core.paths import lodash_set

__all__ = ["AggregateRules", "aggregate_items"]


@dataclass(frozen=True)
class AggregateRules:
    """Where the version families differ.

    Attributes:
        require_found: Each field must be in some item (unless Keep Missing), and not blank.
        rows_for_fields: Fields To Include / Exclude are `fields.fieldName` rows.
        paired_all_data: The All Item Data item pairs with the items it holds.
    """

    require_found: bool = False
    rows_for_fields: bool = False
    paired_all_data: bool = True


def aggregate_items(run: NodeRun, rules: AggregateRules) -> list[Item]:
    """The one aggregated item (n8n reads every parameter from the first item)."""
    params = run.params(0)
    options = params.get("options") or {}
    if params.get("aggregate", "aggregateIndividualFields") == "aggregateIndividualFields":
        result = _individual_fields(run, params, options, rules)
    else:
        result = _all_item_data(run, params, rules)
    if options.get("includeBinaries"):
        _add_binaries(result, run.items, bool(options.get("keepOnlyUnique")))
    return [result]


def _individual_fields(
    run: NodeRun, params: dict[str, Any], options: dict[str, Any], rules: AggregateRules
) -> Item:
    dotted = not options.get("disableDotNotation", False)
    merge_lists = bool(options.get("mergeLists", False))
    keep_missing = bool(options.get("keepMissing", False))
    rows = (params.get("fieldsToAggregate") or {}).get("fieldToAggregate") or []
    if not rows:
        raise NodeOperationError(
            run.name,
            "No fields specified: add a field to aggregate",
            parameter="Fields To Aggregate",
        )
    if rules.require_found:
        _check_found(run, rows, dotted, keep_missing)
    values: dict[str, list[Any]] = {}
    used: list[str] = []
    for row in rows:
        field = str(row.get("fieldToAggregate", ""))
        renamed = str(row.get("outputFieldName") or "") if row.get("renameField") else ""
        shown = renamed if row.get("renameField") else field
        if shown in used:
            raise NodeOperationError(
                run.name,
                f"The '{shown}' output field is used more than once: give each output field "
                "a unique name",
                parameter="Fields To Aggregate",
            )
        used.append(shown)
        if field == "":
            continue
        name = renamed or (field.split(".")[-1] if dotted and "." in field else field)
        collected: list[Any] = []
        values[name] = collected
        for item in run.items:
            value = read_value(item["json"], field, dotted)
            if not keep_missing:
                if isinstance(value, list):
                    value = [entry for entry in value if entry is not None]
                elif value is None or value is UNDEFINED:
                    continue
            if isinstance(value, list) and merge_lists:
                collected.extend(value)
            else:
                collected.append(None if value is UNDEFINED else value)
    data: dict[str, Any] = {}
    for name, collected in values.items():
        if dotted:
            lodash_set(data, name, collected, hole=None)
        else:
            data[name] = collected
    return {"json": data, "pairedItem": [{"item": i} for i in range(len(run.items))]}


def _check_found(run: NodeRun, rows: list[dict[str, Any]], dotted: bool, keep: bool) -> None:
    for row in rows:
        field = str(row.get("fieldToAggregate", ""))
        if field == "" and run.items:
            raise NodeOperationError(
                run.name,
                "Field to aggregate is blank: add a field to aggregate",
                parameter="Fields To Aggregate",
            )
        found = any(read_value(i["json"], field, dotted) is not UNDEFINED for i in run.items)
        if not found and not dotted and "." in field:
            raise NodeOperationError(
                run.name,
                f"Couldn't find the field '{field}' in the input data (a nested field needs "
                "'Disable Dot Notation' off)",
                parameter="Fields To Aggregate",
            )
        if not found and not keep:
            raise NodeOperationError(
                run.name,
                f"Couldn't find the field '{field}' in the input data",
                parameter="Fields To Aggregate",
            )


def _all_item_data(run: NodeRun, params: dict[str, Any], rules: AggregateRules) -> Item:
    destination = str(params.get("destinationFieldName", "data"))
    if rules.rows_for_fields:
        exclude = fields_of_rows(params.get("fieldsToExclude"))
        include = fields_of_rows(params.get("fieldsToInclude"))
    else:
        exclude = field_list(run, params.get("fieldsToExclude", ""), "Fields To Exclude")
        include = field_list(run, params.get("fieldsToInclude", ""), "Fields To Include")
    chosen: list[Any] = []
    paired: list[dict[str, int]] = []
    for index, item in enumerate(run.items):
        data = item["json"]
        if exclude or include:
            data = {
                key: value
                for key, value in data.items()
                if key not in exclude and (not include or key in include)
            }
            if not data:
                continue
        chosen.append(data)
        paired.append({"item": index})
    result: Item = {"json": {destination: chosen}, "pairedItem": paired}
    if not rules.paired_all_data:
        result.pop("pairedItem")  # type: ignore[misc]
    return result


def _add_binaries(result: Item, items: list[Item], unique_only: bool) -> None:
    pairs = result.get("pairedItem") or []
    seen: list[tuple[Any, ...]] = []
    for pair in pairs if isinstance(pairs, list) else [pairs]:
        binary = items[pair["item"]].get("binary")
        if not binary:
            continue
        target = result.setdefault("binary", {})
        for key, value in binary.items():
            if unique_only:
                sign = tuple(
                    value.get(k) for k in ("mimeType", "fileType", "fileSize", "fileExtension")
                )
                if sign in seen:
                    continue
                seen.append(sign)
            name, number = key, 1
            while name in target:
                name, number = f"{key}_{number}", number + 1
            target[name] = value
