"""Items as JSON, JSONL or CSV text: reading and writing the three formats kflow speaks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

__all__ = ["FORMATS", "file_format", "read_records", "write_records"]

FORMATS = ("json", "jsonl", "csv")


def file_format(path: str, declared: str) -> str:
    """The format to use: the declared one, or the file's extension when `auto`."""
    if declared != "auto":
        return declared
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise ValueError(f"cannot tell the format of {path!r}: name it json, jsonl or csv")


def read_records(text: str, fmt: str, where: str) -> list[Any]:
    """Records from file text. CSV values stay strings, as in a spreadsheet export.

    Raises:
        ValueError: Text that is not valid in that format; says where.
    """
    if fmt == "csv":
        return [dict(row) for row in csv.DictReader(io.StringIO(text))]
    if fmt == "jsonl":
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                records.append(_json(line, f"{where}, line {number}"))
        return records
    parsed = _json(text, where)
    return parsed if isinstance(parsed, list) else [parsed]


def write_records(records: list[dict[str, Any]], fmt: str) -> str:
    """File text for the records; nested values in CSV cells are written as JSON."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "csv":
        columns: list[str] = []
        for record in records:
            columns += [k for k in record if k not in columns]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _cell(v) for k, v in record.items()})
        return out.getvalue()
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{where} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
