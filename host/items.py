"""n8n's item model: `{"json": {...}, "pairedItem": {"item": i}}`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

__all__ = ["Item", "ItemWithFiles", "PairedItem", "failure_item", "items_from_json", "make_item"]


class PairedItem(TypedDict):
    item: int


class _ItemBase(TypedDict):
    json: dict[str, Any]


class Item(_ItemBase, total=False):
    """One item flowing between nodes."""

    pairedItem: PairedItem
    binary: dict[str, Any]


@dataclass(frozen=True)
class ItemWithFiles:
    """An item node's output that carries files: its json and its `binary` (property name
    → entry made with BinaryStore.prepare). Plain dicts are outputs of json alone."""

    json: dict[str, Any]
    binary: dict[str, Any]


def make_item(data: dict[str, Any], paired: int | None = None) -> Item:
    """An item holding `data`, paired to input item `paired` when given."""
    item: Item = {"json": data}
    if paired is not None:
        item["pairedItem"] = {"item": paired}
    return item


def failure_item(
    source: dict[str, Any], error: dict[str, Any], index: int, *, keep_input: bool
) -> Item:
    """An item that failed, as onError routes it, paired to input item `index`.

    `error` is what the node reports (`{"error": {...}}`, or a node's own envelope). With
    `keep_input` (the error output of continueErrorOutput, or a node that failed as a
    whole), it is laid over the input item's json; otherwise it stands alone.
    """
    return make_item({**source, **error} if keep_input else dict(error), paired=index)


def items_from_json(values: list[Any]) -> list[Item]:
    """Items from plain JSON values: objects become items, anything already item-shaped is kept.

    Raises:
        ValueError: A value that is not an object.
    """
    items: list[Item] = []
    for index, value in enumerate(values):
        if not isinstance(value, dict):
            raise ValueError(f"item {index} is not a JSON object")
        if set(value) <= {"json", "pairedItem", "binary"} and isinstance(value.get("json"), dict):
            items.append(make_item(value["json"]))
        else:
            items.append(make_item(value))
    return items


def is_failure(data: dict[str, Any]) -> bool:
    """Whether an output item's json records a failure (an error object, or success false)."""
    return isinstance(data.get("error"), dict) or data.get("success") is False
