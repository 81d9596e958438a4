"""The part If and Filter share: evaluate each item's conditions, routing failures per onError."""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun
from kflow.nodes.core.conditions import ConditionError, check

__all__ = ["CONDITIONS_PROPERTY", "split_items"]

CONDITIONS_PROPERTY: dict[str, Any] = {
    "displayName": "Conditions",
    "name": "conditions",
    "type": "filter",
    "default": {},
    "typeOptions": {"filter": {"caseSensitive": True, "typeValidation": "strict"}},
}
OPTIONS_PROPERTY: dict[str, Any] = {
    "displayName": "Options",
    "name": "options",
    "type": "collection",
    "default": {},
    "options": [
        {"displayName": "Ignore Case", "name": "ignoreCase", "type": "boolean", "default": False},
        {
            "displayName": "Convert Types Where Required",
            "name": "looseTypeValidation",
            "type": "boolean",
            "default": False,
        },
    ],
}


def split_items(run: NodeRun) -> tuple[list[Item], list[Item], list[Item]]:
    """(items that pass, items that do not, items that failed and stay in the regular output)."""
    passed: list[Item] = []
    rejected: list[Item] = []
    failed_inline: list[Item] = []
    for index, item in enumerate(run.items):
        paired: Item = {"json": item["json"], "pairedItem": {"item": index}}
        try:
            params = run.params(index)
            spec = dict(params.get("conditions") or {})
            options = params.get("options") or {}
            spec_options = dict(spec.get("options") or {})
            if options.get("ignoreCase"):
                spec_options["caseSensitive"] = False
            if options.get("looseTypeValidation") or params.get("looseTypeValidation"):
                spec_options["typeValidation"] = "loose"
            spec["options"] = spec_options
            try:
                ok = check(spec)
            except ConditionError as exc:
                raise NodeOperationError(
                    run.name, f"condition: {exc}", item_index=index, parameter="Conditions"
                ) from None
        except NodeOperationError as error:
            kept = run.item_failed(index, error)
            if kept is not None:
                failed_inline.append(kept)
            continue
        (passed if ok else rejected).append(paired)
    return passed, rejected, failed_inline
