"""Reading input items from JSON or JSONL files (or stdin) and writing output items."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

from kflow.host.errors import ConfigError
from kflow.host.items import Item, items_from_json

__all__ = ["read_items", "write_items"]


def read_items(path: str) -> list[Item]:
    """Items from a `.json` file (an array of objects, or one object), a `.jsonl` file, or `-`.

    Raises:
        ConfigError: The file cannot be read or holds something other than objects.
    """
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"items file {path}: {exc.strerror}") from None
    values: list[Any]
    if path.endswith(".jsonl") or (path == "-" and not text.lstrip().startswith("[")):
        values = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                values.append(_parse(line, f"{path}, line {number}"))
    else:
        parsed = _parse(text, path)
        values = parsed if isinstance(parsed, list) else [parsed]
    try:
        return items_from_json(values)
    except ValueError as exc:
        raise ConfigError(f"items file {path}: {exc}") from None


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        position = f"line {exc.lineno}, column {exc.colno}"
        raise ConfigError(f"items file {where}: not valid JSON: {exc.msg} at {position}") from None


def write_items(items: list[Item], out: IO[str], *, fmt: str = "json") -> None:
    """Writes the items' json as one JSON array (`json`) or one object per line (`jsonl`)."""
    data = [item["json"] for item in items]
    if fmt == "jsonl":
        for value in data:
            out.write(json.dumps(value, ensure_ascii=False) + "\n")
    else:
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
