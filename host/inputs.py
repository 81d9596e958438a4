"""Reading input items from JSON or JSONL files (or stdin) and writing output items."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from kflow.host.errors import ConfigError
from kflow.host.items import Item, items_from_json
from kflow.host.records import FORMATS, read_records

__all__ = ["json_number", "read_items", "write_items"]


def read_items(path: str, *, delimiter: str = "auto", encoding: str = "auto") -> list[Item]:
    """Items from a `.json` file (an array of objects, or one object), a `.jsonl` or `.csv`
    file, or `-` for stdin (JSON or JSONL).

    A CSV file's delimiter (`,` `;` tab) and encoding (UTF-8 with or without a BOM, or
    Windows-1251) are found out unless given; see `read_records`.

    Raises:
        ConfigError: The file cannot be read or holds something other than objects.
    """
    try:
        data: str | bytes = sys.stdin.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"items file {path}: {exc.strerror}") from None
    if path == "-":
        fmt = "json" if str(data).lstrip().startswith("[") else "jsonl"
    else:
        suffix = Path(path).suffix.lower().lstrip(".")
        fmt = suffix if suffix in FORMATS else "json"
    where = f"items file {path}"
    try:
        records = read_records(data, fmt, where, delimiter=delimiter, encoding=encoding)
        return items_from_json(records)
    except ValueError as exc:
        message = str(exc)
        prefix = "" if message.startswith("items file") else f"{where}: "
        raise ConfigError(prefix + message) from None


def write_items(items: list[Item], out: IO[str], *, fmt: str = "json") -> None:
    """Writes the items' json as one JSON array (`json`) or one object per line (`jsonl`)."""
    data = [item["json"] for item in items]
    if fmt == "jsonl":
        for value in data:
            out.write(json.dumps(value, ensure_ascii=False, default=json_number) + "\n")
    else:
        out.write(json.dumps(data, ensure_ascii=False, indent=2, default=json_number) + "\n")


def json_number(value: Any) -> Any:
    """An exact Decimal that reached an output (a long amount typed as a number parameter)
    is written as its decimal text, not rounded through a float."""
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
