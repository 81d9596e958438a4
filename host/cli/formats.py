"""Output formats for people: which format `--format`/`--output` ask for, and items as an
aligned terminal table or a CSV file (the HTML page is report_html's).

The table is plain text (no rich: it imports in ~30 ms and cannot leave out the columns
that do not fit with a note saying so). Its rules:

- a column is numeric when every non-empty cell is a number (int, float, Decimal; never a
  boolean) or a plain decimal string (`12.50`, `-3`; not `007`, not `1e5`); numeric
  columns are right-aligned;
- with two rows or more, a totals row sums each numeric column exactly (Decimal of each
  value's own text: 0.1 + 0.2 is 0.3), keeping the most decimals any cell had; columns a
  sum means nothing for are not summed (ids, rates such as roi or cr, date parts: see
  tabular.summable_column); `Total` labels the row from the first column, if that has
  no total;
- a negative number keeps its minus sign and is marked `▼` (in red with colour), so a
  loss reads at a glance with or without colour;
- the table fits `width`: long text is cut with `…` (numbers never are); when even that
  cannot fit, columns are left out from the right (an envelope's `success` and
  `error.message` last, so failures stay in sight) and a note line names them.

Cells are shown exactly (tabular.cell_text); control characters in data are replaced, so
tracker data cannot move the cursor or recolour the terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from types import TracebackType
from typing import IO, Any, Protocol

from kflow.host.errors import ConfigError
from kflow.host.items import Item, is_failure
from kflow.host.tabular import (
    STATUS_COLUMNS,
    Table,
    cell_text,
    exact_total,
    is_envelope,
    item_rows,
    number_of,
    rows_in,
    summable_column,
    table_from_items,
    write_csv,
)

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "CsvStreamWriter",
    "format_for",
    "render_sections",
    "render_table",
    "write_csv",
    "write_report",
]

FORMATS = ("json", "jsonl", "table", "csv", "html")

EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
}

_NAMES = {
    "json": "JSON",
    "jsonl": "JSON Lines",
    "table": "a text table",
    "csv": "CSV",
    "html": "HTML",
}
_SUFFIX = {"json": ".json", "jsonl": ".jsonl", "table": ".txt", "csv": ".csv", "html": ".html"}


def format_for(output: str | PurePath | None, explicit: str | None) -> str:
    """The output format: `--format` when given, else `--output`'s extension, else json.

    A file with no extension is written as json (kflow's behaviour before formats).

    Raises:
        ConfigError: An unknown --format; a --format the extension contradicts (names
            both and how to agree); an extension kflow does not know, with no --format.
    """
    if explicit is not None and explicit not in FORMATS:
        raise ConfigError(f"--format {explicit}: unknown format; use one of {', '.join(FORMATS)}")
    if output is None or str(output) == "-":
        return explicit or "json"
    path = PurePath(output)
    suffix = path.suffix.lower()
    by_extension = EXTENSIONS.get(suffix)
    if explicit is not None:
        if by_extension is not None and by_extension != explicit:
            raise ConfigError(
                f"--format {explicit} but --output {path} is {_NAMES[by_extension]}: "
                f"drop --format or name the file {path.with_suffix(_SUFFIX[explicit])}"
            )
        return explicit
    if by_extension is not None:
        return by_extension
    if not suffix:
        return "json"
    known = ", ".join(EXTENSIONS)
    raise ConfigError(
        f"--output {path}: kflow cannot tell the format from {suffix}; name the file "
        f"with one of {known} (.txt is a text table), or give --format"
    )


# ---------------------------------------------------------------------------------------
# Numbers: which columns are numeric, exact totals


@dataclass
class _Column:
    name: str
    cells: list[str]
    numeric: bool
    negative: list[bool]
    total: str | None = None
    total_negative: bool = False


def _columns(table: Table) -> list[_Column]:
    columns: list[_Column] = []
    for name in table.columns:
        values = [row.get(name) for row in table.rows]
        present = [v for v in values if v is not None and v != ""]
        numbers = [number_of(v) for v in present]
        numeric = bool(present) and all(n is not None for n in numbers)
        cells = [cell_text(v) for v in values]
        negative = [numeric and (n := number_of(v)) is not None and n < 0 for v in values]
        column = _Column(name, cells, numeric, negative)
        if numeric and len(table.rows) > 1 and summable_column(name):
            total = exact_total(n for n in numbers if n is not None)
            column.total = format(total, "f")
            column.total_negative = total < 0
        columns.append(column)
    return columns


# ---------------------------------------------------------------------------------------
# The terminal table

_GAP = 2
_MIN_TEXT = 8
_MARK = " ▼"
_RULE = "─"
_ELLIPSIS = "…"
_TOTAL = "Total"
_BOLD, _RED, _DIM, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[2m", "\x1b[0m"
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def _safe(text: str) -> str:
    """Text that cannot steer the terminal: newlines as ↵, other controls as �."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\n":
            out.append("↵")
        elif char == "\t":
            out.append(" ")
        elif char == "\r":
            continue
        elif unicodedata.category(char) == "Cc" or ord(char) in _BIDI:
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


def _width(text: str) -> int:
    """Terminal cells `text` takes: wide East Asian characters two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = _width(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + _ELLIPSIS if width >= 1 else ""


@dataclass
class _Laid:
    column: _Column
    header: str
    cells: list[str]
    total: str | None
    marks: bool
    natural: int
    least: int


def _lay(column: _Column) -> _Laid:
    header = _safe(column.name)
    cells = [_safe(c) for c in column.cells]
    marks = column.numeric and (any(column.negative) or column.total_negative)
    suffix = len(_MARK) if marks else 0
    values = [_width(c) + suffix for c in cells]
    if column.total is not None:
        values.append(len(column.total) + suffix)
    widest_value = max(values, default=0)
    natural = max(widest_value, _width(header))
    least = (
        max(widest_value, min(_width(header), _MIN_TEXT))
        if column.numeric
        else min(natural, _MIN_TEXT)
    )
    return _Laid(column, header, cells, column.total, marks, natural, least)


def _fit(laid: list[_Laid], width: int) -> tuple[list[_Laid], list[int], list[_Laid]]:
    """The columns kept, their widths, and the columns left out, for `width` cells."""
    kept = list(laid)
    # Right to left, but an envelope's status columns last: a failure stays in sight.
    order = [c for c in reversed(laid) if c.column.name not in STATUS_COLUMNS]
    order += [c for c in reversed(laid) if c.column.name in STATUS_COLUMNS]
    while len(kept) > 1 and sum(c.least for c in kept) + _GAP * (len(kept) - 1) > width:
        kept.remove(order.pop(0))
    left_out = [c for c in laid if c not in kept]
    room = width - _GAP * (len(kept) - 1)
    if sum(c.natural for c in kept) <= room:
        return kept, [c.natural for c in kept], left_out
    if len(kept) == 1:
        return kept, [max(1, min(kept[0].natural, width))], left_out

    def widths(cap: int) -> list[int]:
        return [max(c.least, min(c.natural, cap)) for c in kept]

    low, high = 0, max(c.natural for c in kept)
    while low < high:  # the widest cap under which every column fits
        middle = (low + high + 1) // 2
        if sum(widths(middle)) <= room:
            low = middle
        else:
            high = middle - 1
    sizes = widths(low)
    spare = room - sum(sizes)
    for index, column in enumerate(kept):
        if spare <= 0:
            break
        grow = min(spare, column.natural - sizes[index])
        sizes[index] += grow
        spare -= grow
    return kept, sizes, left_out


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color and style and text else text


def _cell(
    text: str, size: int, *, right: bool, marks: bool, negative: bool, style: str, color: bool
) -> str:
    suffix = ""
    if marks:
        text = _clip(text, size - len(_MARK))
        suffix = _MARK if negative else " " * len(_MARK)
    else:
        text = _clip(text, size)
    if negative and color:
        style += _RED
    pad = " " * (size - _width(text) - len(suffix))
    painted = _paint(text + suffix.rstrip(), style, color) + suffix[len(suffix.rstrip()) :]
    return pad + painted if right else painted + pad


def render_table(table: Table, *, width: int, color: bool) -> str:
    """The table as aligned text that fits in `width` terminal cells (see the module's
    rules), ending with a newline; `color` adds ANSI bold, red and dim."""
    if not table.rows:
        return "(no items)\n"
    if not table.columns:
        return f"({_count(len(table.rows))}, no fields)\n"
    laid = [_lay(c) for c in _columns(table)]
    # `Total` labels the totals row from the first column, when that has no total.
    label = laid[0] if laid[0].total is None else None
    if label is not None and any(c.total is not None for c in laid):
        label.natural = max(label.natural, len(_TOTAL))
        label.least = max(label.least, min(label.natural, len(_TOTAL)))
    kept, sizes, left_out = _fit(laid, max(width, 1))
    gap = " " * _GAP

    def line(parts: list[str]) -> str:
        return gap.join(parts).rstrip()

    lines = [
        line(
            [
                _cell(
                    c.header,
                    s,
                    right=c.column.numeric,
                    marks=False,
                    negative=False,
                    style=_BOLD,
                    color=color,
                )
                for c, s in zip(kept, sizes, strict=True)
            ]
        ),
        _paint(line([_RULE * s for s in sizes]), _DIM, color),
    ]
    for index in range(len(table.rows)):
        lines.append(
            line(
                [
                    _cell(
                        c.cells[index],
                        s,
                        right=c.column.numeric,
                        marks=c.marks,
                        negative=c.column.negative[index],
                        style="",
                        color=color,
                    )
                    for c, s in zip(kept, sizes, strict=True)
                ]
            )
        )
    if any(c.total is not None for c in kept):
        lines.append(_paint(line([_RULE * s for s in sizes]), _DIM, color))
        parts = []
        for c, s in zip(kept, sizes, strict=True):
            text = c.total if c.total is not None else _TOTAL if c is label else ""
            parts.append(
                _cell(
                    text,
                    s,
                    right=c.column.numeric,
                    marks=c.marks and c.total is not None,
                    negative=c.column.total_negative and c.total is not None,
                    style=_BOLD,
                    color=color,
                )
            )
        lines.append(line(parts))
    if left_out:
        names = ", ".join(c.header for c in left_out)
        note = (
            f"({len(left_out)} of {len(laid)} columns left out to fit {width} characters: "
            f"{names}; pick the columns to show with --fields)"
        )
        lines.append(_paint(note, _DIM, color))
    return "\n".join(lines) + "\n"


def _count(rows: int) -> str:
    return f"{rows} item" if rows == 1 else f"{rows} items"


def render_sections(sections: Mapping[str, Table], *, width: int, color: bool) -> str:
    """Several tables (one per end node): a heading line with the node's name and its
    number of items, then its table; a blank line between them."""
    parts = []
    for name, table in sections.items():
        heading = f"{_safe(name)} ({_count(len(table.rows))})"
        parts.append(
            _paint(heading, _BOLD, color) + "\n" + render_table(table, width=width, color=color)
        )
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------
# One entry point for the CLI


def write_report(
    sections: Mapping[str, Sequence[Mapping[str, object]]],
    fmt: str,
    out: IO[str],
    *,
    fields: Sequence[str] | None = None,
    width: int = 80,
    color: bool = False,
) -> None:
    """Writes the items' json values (already redacted), by end node, as a text table or
    CSV (HTML is report_html's). One section is written without a heading.

    Raises:
        ConfigError: A --fields entry no item has; CSV asked for several sections (a CSV
            file holds one table); a format that is not table or csv.
    """
    tables = {name: table_from_items(values, fields) for name, values in sections.items()}
    if fmt == "table":
        if len(tables) == 1:
            out.write(render_table(next(iter(tables.values())), width=width, color=color))
        else:
            out.write(render_sections(tables, width=width, color=color))
    elif fmt == "csv":
        if len(tables) != 1:
            raise ConfigError(
                f"CSV holds one table and the flow ends in {len(tables)} nodes "
                f"({', '.join(tables)}): write --format table, html or json"
            )
        write_csv(next(iter(tables.values())), out, spreadsheet_safe=True)
    else:
        raise ConfigError(f"write_report writes table or csv, not {fmt}")


class _Masking(Protocol):
    def deep(self, value: Any) -> Any: ...


class CsvStreamWriter:
    """CSV written window by window (a streamed run), with ItemWriter's face: `write(items)`,
    `close()`, `written`, `failed`, a context manager.

    The first window fixes the columns (`fields` when given); later rows follow them, and
    columns they add are left out. When the items are API envelopes, `success` and
    `error.message` are columns from the start, so that a failure in a later window shows.
    Values are masked by `redactor` before anything is written.

    Raises:
        ConfigError: From `write`: a --fields entry the first window's items do not have.
    """

    def __init__(
        self, out: IO[str], redactor: _Masking, fields: Sequence[str] | None = None
    ) -> None:
        self.out = out
        self.redactor = redactor
        self.fields = list(fields) if fields else None
        self.columns: list[str] | None = None
        self.status = False
        self.written = 0
        self.failed = 0

    def write(self, items: list[Item]) -> None:
        values: list[dict[str, Any]] = [self.redactor.deep(item["json"]) for item in items]
        if not values:
            return
        first = self.columns is None
        if self.columns is None:
            table = table_from_items(values, self.fields)
            self.columns = list(table.columns)
            if self.fields is None and any(is_envelope(v) for v in values):
                self.columns += [c for c in STATUS_COLUMNS if c not in self.columns]
        rows = rows_in(item_rows(values), self.columns)
        write_csv(Table(self.columns, rows), self.out, header=first, spreadsheet_safe=True)
        self.failed += sum(is_failure(value) for value in values)
        self.written += len(items)
        self.out.flush()

    def close(self) -> None:
        """Flushes what was written (a CSV needs no ending)."""
        self.out.flush()

    def __enter__(self) -> CsvStreamWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not isinstance(exc, BrokenPipeError):
            self.close()
