"""Small pieces the file nodes share: an item's binary entry (n8n's checks and messages),
Node's lenient base64 reading, JSON text as JavaScript writes it."""

from __future__ import annotations

import base64
import re
from typing import Any

from kflow.host import BinaryEntry, BinaryError, Item, NodeOperationError, NodeRun
from kflow.nodes.core.js_values import UNDEFINED, json_stringify

__all__ = ["binary_entry", "entry_bytes", "js_json", "node_base64", "office_type"]

_OFFICE = (
    (b"xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (b"word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (b"ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)


def office_type(data: bytes) -> str | None:
    """The MIME type of an Office Open XML file (a zip n8n's sniffing names by content)."""
    if not data.startswith(b"PK\x03\x04") or b"[Content_Types].xml" not in data:
        return None
    for marker, mime in _OFFICE:
        if marker in data:
            return mime
    return None


_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/\-_]")


def binary_entry(run: NodeRun, item: Item, index: int, prop: str, parameter: str) -> BinaryEntry:
    """The item's binary entry `prop`.

    Raises:
        NodeOperationError: The item has no binary data, or none under that name.
    """
    binary = item.get("binary")
    if not binary:
        raise NodeOperationError(
            run.name, "No binary data exists on item!", item_index=index, parameter=parameter
        )
    entry = binary.get(prop)
    if entry is None:
        raise NodeOperationError(
            run.name,
            f"This operation expects the node's input data to contain a binary file '{prop}', "
            f"but none was found [item {index}]",
            item_index=index,
            parameter=parameter,
        )
    return entry


def entry_bytes(run: NodeRun, entry: BinaryEntry, index: int, parameter: str) -> bytes:
    """The bytes of an entry (run.binary), a clear error when they cannot be read."""
    try:
        return run.binary.read(entry)
    except BinaryError as error:
        raise NodeOperationError(
            run.name, str(error), item_index=index, parameter=parameter
        ) from None


def node_base64(text: str) -> bytes:
    """`Buffer.from(text, "base64")`: URL-safe letters accepted, other characters skipped,
    reading stops at the first "="."""
    text = text.split("=", 1)[0]
    text = _NOT_BASE64.sub("", text).replace("-", "+").replace("_", "/")
    text = text[: len(text) - (len(text) % 4 == 1)]
    return base64.b64decode(text + "=" * (-len(text) % 4))


def js_json(value: Any, indent: int = 0) -> str:
    """`JSON.stringify(value, null, indent)` (compact when `indent` is 0)."""
    if not indent:
        return json_stringify(value, undefined="undefined")
    return _pretty(value, indent, 0)


def _pretty(value: Any, indent: int, depth: int) -> str:
    pad = " " * indent * (depth + 1)
    end = " " * indent * depth
    if isinstance(value, list):
        if not value:
            return "[]"
        parts = ["null" if v is UNDEFINED else _pretty(v, indent, depth + 1) for v in value]
        return "[\n" + ",\n".join(pad + p for p in parts) + "\n" + end + "]"
    if isinstance(value, dict):
        entries = [(k, v) for k, v in value.items() if v is not UNDEFINED]
        if not entries:
            return "{}"
        parts = [f"{json_stringify(str(k))}: {_pretty(v, indent, depth + 1)}" for k, v in entries]
        return "{\n" + ",\n".join(pad + p for p in parts) + "\n" + end + "}"
    return json_stringify(value)
