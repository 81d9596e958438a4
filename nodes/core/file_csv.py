"""CSV as n8n's file nodes write and read it.

Writing (Convert to File): a UTF-8 byte order mark, rows joined by "\\n" with no newline
after the last, a cell quoted only when it holds the delimiter's first character, a quote
or "\\n"; numbers in the General format. Reading (Extract from File): every value stays a
string (amounts like "1 234,56" too); records split on "\\r\\n", "\\n" or "\\r" (the first
met decides), quotes doubled inside quoted fields, empty lines skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kflow.nodes.core.file_sheet import Sheet, general_text

__all__ = ["CsvError", "CsvOptions", "parse_csv", "write_csv"]

BOM = "\ufeff"


def write_csv(sheet: Sheet, delimiter: str = ",") -> str:
    """The sheet as CSV text (with its byte order mark)."""
    lines = []
    first = delimiter[:1]
    for number, row in enumerate(sheet.rows):
        cells = []
        for column in range(sheet.width):
            value = row[column] if column < len(row) else None
            text = general_text(value)
            if value is not None and ((first and first in text) or '"' in text or "\n" in text):
                text = '"' + text.replace('"', '""') + '"'
            if text == "ID" and number == 0 and column == 0:
                text = '"ID"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    return BOM + "\n".join(lines)


class CsvError(ValueError):
    """A CSV text that cannot be read (the parser's message), with the rows read before."""

    def __init__(self, message: str, rows: list[Any]) -> None:
        super().__init__(message)
        self.rows = rows


@dataclass(frozen=True)
class CsvOptions:
    """csv-parse's options as Extract from File sets them."""

    delimiter: str = ","
    header: bool = True
    include_empty: bool = False
    from_line: int | None = None
    to: int | None = None
    relax_quotes: bool = False
    skip_errors: bool = False
    strip_bom: bool = False


def parse_csv(text: str, options: CsvOptions) -> tuple[list[Any], int]:
    """The records of `text` (objects by header, or lists) and how many were skipped.

    Raises:
        CsvError: Bad options, or a record that breaks the format (unless skipped).
    """
    if not options.delimiter:
        raise CsvError(
            "Invalid option delimiter: delimiter must be a non empty string or buffer or "
            f'array of string|buffer, got "{options.delimiter}"',
            [],
        )
    for name, value in (("from_line", options.from_line), ("to", options.to)):
        if value is not None and value < 1:
            raise CsvError(
                f"Invalid Option: {name} must be a positive integer greater than 0, got {value}",
                [],
            )
    if options.strip_bom and text.startswith(BOM):
        text = text[1:]
    return _Reader(text, options).read()


class _Reader:
    def __init__(self, text: str, options: CsvOptions) -> None:
        self.text = text
        self.options = options
        self.rows: list[Any] = []
        self.columns: list[str] | None = None
        self.skipped = 0
        self.records = 0

    def read(self) -> tuple[list[Any], int]:
        for line, fields, error in _records(self.text, self.options):
            if self.options.from_line is not None and line < self.options.from_line:
                continue
            if error is None and fields == [""]:
                continue
            if error is None:
                error = self._take(line, fields)
            if error is not None:
                if self.options.skip_errors:
                    self.skipped += 1
                    continue
                raise CsvError(error, self.rows)
            if self.options.to is not None and self.records >= self.options.to:
                break
        return self.rows, self.skipped

    def _take(self, line: int, fields: list[str]) -> str | None:
        if self.options.header and self.columns is None:
            self.columns = fields
            return None
        if self.columns is not None and len(fields) != len(self.columns):
            return (
                f"Invalid Record Length: columns length is {len(self.columns)}, "
                f"got {len(fields)} on line {line}"
            )
        self.records += 1
        if self.columns is None:
            if self.options.include_empty:
                self.rows.append(fields)
            else:
                self.rows.append({str(i): v for i, v in enumerate(fields) if v != ""})
            return None
        record: dict[str, str] = {}
        for name, value in zip(self.columns, fields, strict=True):
            record[name] = value
        if not self.options.include_empty:
            record = {k: v for k, v in record.items() if v != ""}
        self.rows.append(record)
        return None


def _records(text: str, options: CsvOptions):
    """(line number, fields, error) for each record of `text`."""
    delimiter = options.delimiter
    newline: str | None = None
    fields: list[str] = []
    field: list[str] = []
    quoted = False
    in_quotes = False
    was_quoted = False
    line = 1
    start_line = 1
    index = 0
    size = len(text)
    while index < size:
        char = text[index]
        if in_quotes:
            if char == '"':
                if text.startswith('""', index):
                    field.append('"')
                    index += 2
                    continue
                following = text[index + 1 : index + 2]
                at_end = index + 1 >= size
                if at_end or text.startswith(delimiter, index + 1) or following in ("\n", "\r"):
                    in_quotes = False
                    was_quoted = True
                    index += 1
                    continue
                if options.relax_quotes:
                    field.append(char)
                    index += 1
                    continue
                yield (
                    line,
                    [],
                    f'Invalid Closing Quote: got "{following}" at line {line} instead of '
                    "delimiter, record delimiter, trimable character (if activated) or comment",
                )
                return
            if char == "\n" or (char == "\r" and not text.startswith("\r\n", index)):
                line += 1
            field.append(char)
            index += 1
            continue
        if char == '"' and not field and not was_quoted:
            in_quotes = quoted = True
            index += 1
            continue
        if char == '"' and not options.relax_quotes:
            name = (
                f'"{_column_name(options, len(fields))}"'
                if options.header and start_line > 1
                else str(len(fields))
            )
            yield (
                line,
                [],
                f"Invalid Opening Quote: a quote is found on field {name} at line {line}, "
                f'value is "{"".join(field)}"',
            )
            return
        if text.startswith(delimiter, index):
            fields.append("".join(field))
            field, was_quoted = [], False
            index += len(delimiter)
            continue
        if char in "\r\n":
            if newline is None:
                newline = "\r\n" if text.startswith("\r\n", index) else char
            if text.startswith(newline, index):
                fields.append("".join(field))
                yield start_line, fields, None
                fields, field, was_quoted, quoted = [], [], False, False
                index += len(newline)
                line += 1
                start_line = line
                continue
        field.append(char)
        index += 1
    if in_quotes:
        yield (
            line,
            [],
            f"Quote Not Closed: the parsing is finished with an opening quote at line {line}",
        )
        return
    if field or fields or quoted or was_quoted:
        fields.append("".join(field))
        yield start_line, fields, None


def _column_name(options: CsvOptions, position: int) -> str:
    return str(position)
