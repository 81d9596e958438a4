"""Items as JSON, JSONL or CSV text: reading and writing the three formats kflow speaks."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kflow.host.tabular import Table, item_rows, rows_in, table_from_items, write_csv

__all__ = [
    "CSV_DELIMITERS",
    "CSV_ENCODINGS",
    "FORMATS",
    "csv_columns",
    "decode_text",
    "file_format",
    "read_records",
    "write_records",
]

FORMATS = ("json", "jsonl", "csv")


def file_format(path: str, declared: str) -> str:
    """The format to use: the declared one, or the file's extension when `auto`."""
    if declared != "auto":
        return declared
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise ValueError(f"cannot tell the format of {path!r}: name it json, jsonl or csv")


CSV_DELIMITERS = {"auto": None, "comma": ",", "semicolon": ";", "tab": "\t"}
"""The CSV delimiter choices (`auto` tells `,`, `;` and tab apart from the header row)."""

CSV_ENCODINGS = ("auto", "utf-8", "cp1251")
"""The text encodings offered (`auto`: UTF-8, with or without a BOM, else Windows-1251)."""


def read_records(
    text: str | bytes,
    fmt: str,
    where: str,
    *,
    delimiter: str = "auto",
    encoding: str = "auto",
) -> list[Any]:
    """Records from file text (or its bytes). CSV values stay strings, as in a
    spreadsheet export: `1 234,56` stays that text, exactly.

    Args:
        text: The file's text, or its bytes (decoded by `encoding`).
        fmt: json, jsonl or csv.
        where: The file's name, for messages.
        delimiter: CSV only: auto, comma, semicolon, tab (or the character itself).
        encoding: auto (UTF-8, else Windows-1251 when that reads as Cyrillic), or a
            codec name.

    Raises:
        ValueError: Text that is not valid in that format, or that cannot be read
            unambiguously; says where, and which option to set.
    """
    if isinstance(text, bytes):
        text = decode_text(text, encoding, where)
    text = text.removeprefix("\ufeff")
    if fmt == "csv":
        return _csv_records(text, where, delimiter)
    if fmt == "jsonl":
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                records.append(_json(line, f"{where}, line {number}"))
        return records
    parsed = _json(text, where)
    return parsed if isinstance(parsed, list) else [parsed]


def decode_text(data: bytes, encoding: str, where: str) -> str:
    """A file's bytes as text. `auto`: UTF-8 (a BOM dropped); failing that, Windows-1251
    when it reads as Cyrillic text, with a warning naming the encoding used.

    Raises:
        ValueError: The bytes are not in the encoding named, or `auto` cannot tell.
    """
    if encoding != "auto":
        try:
            return data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
        except LookupError:
            raise ValueError(
                f"{where}: unknown encoding {encoding!r}; use one of: {', '.join(CSV_ENCODINGS)}"
            ) from None
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{where}: byte {exc.start + 1} is not {encoding} text; set the encoding "
                f"option to the one the file was saved in ({', '.join(CSV_ENCODINGS[1:])})"
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        failed_at = exc.start
    text = data.decode("cp1251", errors="replace")
    if _reads_as_cyrillic(text):
        logging.getLogger("kflow").warning(
            "%s is not UTF-8: read it as Windows-1251 (cp1251), as Excel saves Russian "
            "text; set the encoding option to say so and silence this",
            where,
        )
        return text
    raise ValueError(
        f"{where}: byte {failed_at + 1} is not UTF-8 and the text does not read as "
        "Windows-1251 either; save the file as UTF-8, or set the encoding option"
    )


def _reads_as_cyrillic(text: str) -> bool:
    """Whether the non-ASCII letters of `text` are (nearly all) Cyrillic: what a cp1251
    file decoded as cp1251 looks like, and what a file in another encoding does not."""
    if "\ufffd" in text:
        return False
    words = re.findall(r"[^\W\d_]+", text)
    cyrillic = [w for w in words if any("\u0400" <= c <= "\u04ff" for c in w)]
    if not cyrillic:
        return False
    # Latin-1 text read as cp1251 turns "café" into "cafй": Cyrillic inside Latin words.
    return not any(any("a" <= c.lower() <= "z" for c in w) for w in cyrillic)


def _csv_records(text: str, where: str, delimiter: str) -> list[dict[str, Any]]:
    lines = text.splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return []
    if lines[first].lower().startswith("sep=") and len(lines[first]) == 5:
        delimiter, text = lines[first][4], "\n".join(lines[first + 1 :])
    else:
        delimiter = CSV_DELIMITERS.get(delimiter, delimiter) or _sniff_delimiter(text, where)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    header, body = rows[0], rows[1:]
    records = []
    for number, row in enumerate(body, start=2):
        if len(row) > len(header):
            raise ValueError(
                f"{where}: row {number} has {len(row)} values but the header row names "
                f"{len(header)} columns (separated by {_delimiter_name(delimiter)}); quote values "
                "that hold the delimiter, or set the delimiter option"
            )
        records.append({name: (row[i] if i < len(row) else "") for i, name in enumerate(header)})
    return records


def _sniff_delimiter(text: str, where: str) -> str:
    """`,`, `;` or tab: the one that splits the header row, and every row the same way."""
    sample = [line for line in text.splitlines()[:50] if line.strip()]
    counts = {d: _split_count(sample[0], d) for d in (",", ";", "\t")}
    found = [d for d, count in counts.items() if count > 0]
    if not found:
        return ","
    if len(found) > 1:
        steady = [d for d in found if len({_split_count(line, d) for line in sample}) == 1]
        found = steady or found
    if len(found) > 1:
        named = " or ".join(_delimiter_name(d) for d in found)
        raise ValueError(
            f"{where}: cannot tell whether the columns are separated by {named}; "
            "set the delimiter option (comma, semicolon or tab)"
        )
    return found[0]


def _split_count(line: str, delimiter: str) -> int:
    return len(next(csv.reader([line], delimiter=delimiter), [])) - 1


def _delimiter_name(delimiter: str) -> str:
    names = {",": "commas", ";": "semicolons", "\t": "tabs"}
    return names.get(delimiter, repr(delimiter))


def write_records(
    records: list[dict[str, Any]], fmt: str, *, columns: Sequence[str] | None = None
) -> str:
    """File text for the records. CSV rows are the records as a table shows them
    (host/tabular.py): nested objects as dotted columns, an API envelope as its data's
    fields; with `columns` (the header of the CSV file appended to), the rows follow
    those columns (a column the shown row lacks is read from the whole json, so an
    envelope's `success` is there when the header has it), columns it lacks are left out,
    and no header line is written."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "csv":
        out = io.StringIO()
        if columns is None:
            write_csv(table_from_items(records), out)
        else:
            rows = rows_in(item_rows(records), columns)
            write_csv(Table(list(columns), rows), out, header=False)
        return out.getvalue()
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def csv_columns(records: list[dict[str, Any]]) -> list[str]:
    """The columns the records' CSV rows have (see `write_records`)."""
    return table_from_items(records).columns


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{where} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
