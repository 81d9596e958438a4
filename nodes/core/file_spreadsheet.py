"""Spreadsheets for the file nodes: an HTML table and an XLSX workbook written from a sheet,
and an XLSX sheet read back as rows (the way n8n's spreadsheet reader gives them).

Reading: the first row names the columns (an empty name is `__EMPTY`, a repeated one gets
`_1`, `_2`...), empty cells are left out (or "" with `include_empty`), empty rows skipped;
without a header row each row is a list. Dates come back as ISO text in UTC.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from kflow.nodes.core.file_sheet import NULL, Sheet, general_text
from kflow.nodes.core.js_values import is_number, number_text

__all__ = ["SpreadsheetError", "read_xlsx", "write_html", "write_xlsx"]

_HTML_BEGIN = '<html><head><meta charset="utf-8"/><title>SheetJS Table Export</title></head><body>'
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;"}
_CONTROL = re.compile(r"[\x00-\x1f]")


class SpreadsheetError(ValueError):
    """A workbook that cannot be read, or a sheet or range it does not have."""


def _escape(text: str) -> str:
    text = re.sub(r"[&<>'\"]", lambda m: _ESCAPES[m.group()], text).replace("\n", "<br/>")
    return _CONTROL.sub(lambda m: f"&#x{ord(m.group()):04x};", text)


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_html(sheet: Sheet) -> str:
    """The sheet as one HTML table."""
    rows = []
    for number, row in enumerate(sheet.rows):
        cells = []
        for column in range(sheet.width):
            value = row[column] if column < len(row) else None
            place = f"{_column_letters(column)}{number + 1}"
            cells.append(_html_cell(value, place))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return _HTML_BEGIN + "<table>" + "".join(rows) + "</table></body></html>"


def _html_cell(value: Any, place: str) -> str:
    if value is None:
        return f'<td id="sjs-{place}"></td>'
    if value is NULL:
        return f'<td data-t="z" id="sjs-{place}"></td>'
    if isinstance(value, bool):
        kind, raw = "b", "true" if value else "false"
    elif is_number(value):
        kind, raw = "n", number_text(value)
    else:
        kind, raw = "s", str(value)
    text = _escape(general_text(value))
    space = ' xml:space="preserve"' if re.search(r"(^\s|\s$|\n)", text) else ""
    return f'<td data-t="{kind}" data-v="{_escape(raw)}" id="sjs-{place}"{space}>{text}</td>'


def write_xlsx(sheet: Sheet, sheet_name: str, *, compress: bool) -> bytes:
    """The sheet as an XLSX workbook (openpyxl; the bytes differ from n8n's, the cells do
    not)."""
    from openpyxl import Workbook

    book = Workbook()
    worksheet = book.active
    worksheet.title = sheet_name
    for number, row in enumerate(sheet.rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is None or value is NULL:
                continue
            worksheet.cell(row=number, column=column, value=_xlsx_value(value))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, bool | str):
        return value
    if is_number(value):
        return float(value) if not isinstance(value, int) else value
    return str(value)


def read_xlsx(
    data: bytes,
    *,
    sheet_name: str | None,
    header: bool,
    include_empty: bool,
    cell_range: str,
) -> list[Any]:
    """The rows of one sheet of an XLSX workbook.

    Raises:
        SpreadsheetError: Not a workbook, or no such sheet.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.cell import range_boundaries

    try:
        book = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SpreadsheetError(f"The file is not a readable XLSX workbook ({error})") from None
    if not book.sheetnames:
        raise SpreadsheetError("Spreadsheet does not have any sheets!")
    name = book.sheetnames[0]
    if sheet_name:
        if sheet_name not in book.sheetnames:
            raise SpreadsheetError(f'Spreadsheet does not contain sheet called "{sheet_name}"!')
        name = sheet_name
    worksheet = book[name]
    if worksheet.max_row < 1 or (
        worksheet.max_row == 1 and worksheet.max_column == 1 and worksheet.cell(1, 1).value is None
    ):
        return []
    first_col, first_row = worksheet.min_column, worksheet.min_row
    last_col, last_row = worksheet.max_column, worksheet.max_row
    if cell_range:
        if cell_range.strip().lstrip("-").isdigit():
            first_row = int(cell_range) + 1
        else:
            try:
                first_col, first_row, last_col, last_row = range_boundaries(cell_range)
            except (ValueError, TypeError) as error:
                raise SpreadsheetError(f"Invalid range {cell_range!r} ({error})") from None
            last_col = last_col or first_col
            last_row = last_row or first_row
    grid = [
        [_read_value(worksheet.cell(row, col)) for col in range(first_col, last_col + 1)]
        for row in range(first_row, last_row + 1)
    ]
    return _rows(grid, header=header, include_empty=include_empty)


_MISSING = object()


def _read_value(cell: Any) -> Any:
    value = cell.value
    if value is None:
        return _MISSING
    if isinstance(value, datetime | date | time | timedelta):
        return _iso(value)
    if isinstance(value, str) and value.startswith("#") and cell.data_type == "e":
        return None if value == "#NULL!" else _MISSING
    return value


def _iso(value: Any) -> str:
    if isinstance(value, timedelta):
        value = datetime(1899, 12, 30) + value
    elif isinstance(value, time):
        value = datetime.combine(date(1899, 12, 30), value)
    elif not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _rows(grid: list[list[Any]], *, header: bool, include_empty: bool) -> list[Any]:
    if not grid:
        return []
    if not header:
        out = []
        for row in grid:
            values = [None if v is _MISSING else v for v in row]
            if include_empty:
                values = ["" if v is _MISSING else v for v in row]
            while values and row[len(values) - 1] is _MISSING and not include_empty:
                values.pop()
            out.append(values)
        return out
    names = _header_names(grid[0])
    out = []
    for row in grid[1:]:
        record: dict[str, Any] = {}
        filled = False
        for name, value in zip(names, row, strict=False):
            if value is _MISSING:
                if include_empty:
                    record[name] = ""
                continue
            record[name] = value
            filled = filled or value is not None
        if filled:
            out.append(record)
    return out


def _header_names(cells: list[Any]) -> list[str]:
    names: list[str] = []
    counts: dict[str, int] = {}
    for cell in cells:
        text = "__EMPTY" if cell is _MISSING else general_text(cell)
        name = text
        counter = counts.get(text, 0)
        if not counter:
            counts[text] = 1
        else:
            while True:
                name = f"{text}_{counter}"
                counter += 1
                if not counts.get(name):
                    break
            counts[text] = counter
            counts[name] = 1
        names.append(name)
    return names
