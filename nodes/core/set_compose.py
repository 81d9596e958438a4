"""The output item of Edit Fields 3.x: which input fields it keeps, then the new fields.

Field names are lodash paths with dot notation on (`a.b`, `a[0]`), else whole keys (a
name written `['a.b']` is the key `a.b`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from kflow.host import Item
from kflow.nodes.core.paths import MISSING, lodash_get, lodash_set, lodash_unset, settle

__all__ = ["INCLUDE_MODES", "FieldAccess", "compose_item", "field_list"]

INCLUDE_MODES = ("all", "none", "selected", "except")


class FieldAccess:
    """Reads, writes and removes fields by name, with or without dot notation."""

    def __init__(self, dots: bool) -> None:
        self.dots = dots

    def get(self, data: dict[str, Any], name: str) -> Any:
        if self.dots:
            return lodash_get(data, name)
        return data.get(_whole_key(data, name), MISSING)

    def set(self, data: dict[str, Any], name: str, value: Any) -> None:
        if self.dots:
            lodash_set(data, name, value)
        else:
            data[_whole_key(data, name)] = value

    def unset(self, data: dict[str, Any], name: str) -> None:
        if self.dots:
            lodash_unset(data, name)
        else:
            data.pop(_whole_key(data, name), None)


def _whole_key(data: Mapping[str, Any], name: str) -> str:
    """The key `name` means without dot notation: itself, or `['x']` read as `x`."""
    if data.get(name, MISSING) is not MISSING:
        return name
    if len(name) >= 4 and name[:2] in ("['", '["') and name[-2:] in ("']", '"]'):
        return name[2:-2]
    return name


def field_list(text: Any) -> list[str]:
    """A comma-separated list of field names (blank entries dropped)."""
    if isinstance(text, list):
        return [str(v).strip() for v in text if str(v).strip()]
    return [part.strip() for part in str(text or "").split(",") if part.strip()]


def compose_item(
    source: Item,
    index: int,
    new_fields: Mapping[str, Any],
    *,
    include: str,
    include_fields: Any = "",
    exclude_fields: Any = "",
    dots: bool = True,
    keep_binary: bool = False,
) -> Item:
    """The output item for input item `index`: the input fields `include` keeps, with
    `new_fields` written over them in order.

    Raises:
        ValueError: An include mode that does not exist.
    """
    access = FieldAccess(dots)
    data: dict[str, Any] = {}
    given = source.get("json") or {}
    if include == "all":
        data = copy.deepcopy(given)
    elif include == "selected":
        for name in field_list(include_fields):
            found = access.get(given, name)
            target = name.split(".")[-1] if dots and "." in name else name
            access.set(data, target, found if found is MISSING else copy.deepcopy(found))
    elif include == "except":
        data = copy.deepcopy(given)
        for name in field_list(exclude_fields):
            access.unset(data, name)
    elif include != "none":
        raise ValueError(f'The include option "{include}" is not known!')
    for name, value in new_fields.items():
        access.set(data, name, value)
    item: Item = {"json": settle(data), "pairedItem": {"item": index}}
    if keep_binary and source.get("binary") is not None:
        item["binary"] = dict(source["binary"])
    return item
