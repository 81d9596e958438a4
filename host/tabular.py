"""Items as rows of a table: nested json flattened to dotted columns, envelopes unwrapped.

What a person reads (a terminal table, a CSV file, an HTML page) is a table, and items'
json is a tree. Here the tree becomes one row per item:

- nested objects become dotted columns (`stats.clicks`);
- a list of scalars becomes one cell of comma-joined text (`"a, b"`), a list holding
  objects becomes one cell of JSON text;
- an item shaped like an API envelope, `{request, success, data}` (or a failed one,
  `{request, success: false, error}`), shows its `data`'s fields without a `data.` prefix
  (a `data` that is not an object is one `data` column), then `success` when some item
  failed and `error.message` when present; a failed item's other fields (its input's,
  kept by an error output) come first. The envelope is recognised by shape alone;
- an item a dry run held back (`{dryRun: true, request, input}`) shows what would have been
  sent (`would send`: method and URL, and `body`) beside its input item's row, so that a
  preview says what each request is for.

`--fields` picks columns by their shown name (`campaign_id`) or by a dotted path into the
item's whole json (`request.url`, `data.roi`, `resource`); a path that names an object
picks every column under it (`request` → `request.url`, `request.method`, …).
"""

from __future__ import annotations

import csv
import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from kflow.host.errors import ConfigError
from kflow.host.jsontext import dumps as json_dumps

__all__ = [
    "STATUS_COLUMNS",
    "Cell",
    "ItemRow",
    "Table",
    "cell_text",
    "exact_total",
    "flatten",
    "is_envelope",
    "is_held",
    "item_rows",
    "number_of",
    "rows_in",
    "select",
    "summable_column",
    "table_from_items",
    "write_csv",
]

Cell = str | int | float | Decimal | bool | None

_ENVELOPE_KEYS = frozenset({"request", "resource", "operation", "success", "data", "error"})

STATUS_COLUMNS = ("success", "error.message")
"""The columns an envelope adds to show failures."""


@dataclass
class Table:
    """Columns in order, and one dict per row (a row may lack a column: an empty cell)."""

    columns: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)


@dataclass(frozen=True)
class ItemRow:
    """One item as a row: what is shown by default, and its whole json flattened (what a
    `--fields` path may also name)."""

    shown: dict[str, Cell]
    full: dict[str, Cell]


def flatten(value: object, prefix: str = "") -> dict[str, Cell]:
    """`value` as flat columns: nested objects become dotted keys, lists one cell each.

    A value that is not an object is one column named `prefix` (or `value`). An empty
    nested object is one empty cell, so that its column is not lost.
    """
    if not isinstance(value, Mapping):
        return {prefix or "value": _cell(value)}
    flat: dict[str, Cell] = {}
    _flatten_into(flat, value, prefix)
    return flat


def _flatten_into(flat: dict[str, Cell], value: Mapping[str, object], prefix: str) -> None:
    for key, inner in value.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(inner, Mapping) and inner:
            _flatten_into(flat, inner, name)
        else:
            flat[name] = _cell(inner)


def _cell(value: object) -> Cell:
    """One cell: scalars as they are, a list of scalars as comma-joined text, anything
    else (objects in lists, an empty object) as JSON text or an empty cell."""
    if value is None or isinstance(value, str | int | float | Decimal | bool):
        return value
    if isinstance(value, Mapping):
        return None if not value else _json_text(value)
    if isinstance(value, list | tuple):
        if not value:
            return None
        if all(v is None or isinstance(v, str | int | float | Decimal | bool) for v in value):
            return ", ".join(cell_text(v) for v in value)
        return _json_text(value)
    return str(value)


def _json_text(value: object) -> str:
    try:
        return json_dumps(value)
    except (TypeError, ValueError):  # a value JSON cannot hold (NaN as a Decimal)
        return str(value)


def cell_text(value: Cell) -> str:
    """A cell as text, exactly: floats as plain decimals with repr's shortest digits
    (never `1e-05`), Decimals as written, booleans as true/false, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        return _plain(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return _plain(value) if value.is_finite() else str(value)
    return str(value)


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return "0" if text == "-0" else text


_NUMERIC_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
"""Text that counts as a number: plain decimals; `007` or `1e5` stay text (codes, sub ids)."""


def number_of(value: object) -> Decimal | None:
    """The exact number a cell holds (a JSON number, a Decimal or plain decimal text), else
    None. Floats are read through their shortest repr, so 0.1 is Decimal("0.1")."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None
        number = Decimal(repr(value))
    elif isinstance(value, str) and _NUMERIC_TEXT.fullmatch(value):
        number = Decimal(value)
    else:
        return None
    return number if number.is_finite() else None


def exact_total(numbers: Iterable[Decimal]) -> Decimal:
    """The numbers' exact sum, to the most decimal places any of them has (money keeps its
    cents: 12.50 + 1 is 13.50)."""
    numbers = list(numbers)
    places = max((_places(n) for n in numbers), default=0)
    return sum(numbers, Decimal(0)).quantize(Decimal(1).scaleb(-places))


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_NOT_SUMMED = re.compile(
    r"(^|_)(id|ids|rate|share|roi|cr|crs|crl|ctr|epc|cpc|cpa|cps|cpm|cpl|approve|"
    r"profitability|percent|pct|avg|average|position|rank)($|_)"
    r"|^(year|month|week|weekday|day|hour|day_hour|date|datetime)$"
    r"|[a-z]Id$",
)


def summable_column(name: str) -> bool:
    """Whether a total of the numeric column `name` means something: not for identifiers
    (`id`, `campaign_id`, `campaignId`), rates and ratios (`roi`, `cr`, `epc`, `cpc`, …),
    averages, positions, or date and time parts (`day`, `hour`). Decided on the column's
    last dotted part, ignoring case (`Id` suffix aside)."""
    last = name.rsplit(".", 1)[-1]
    return not (_NOT_SUMMED.search(last.lower()) or _NOT_SUMMED.search(last))


def is_envelope(data: object) -> bool:
    """Whether an item's json is an API envelope: `request` and `success`, with `data`
    (or, for a failed item, `error`)."""
    return (
        isinstance(data, Mapping)
        and "request" in data
        and "success" in data
        and ("data" in data or "error" in data)
    )


def is_held(data: object) -> bool:
    """Whether an item's json is a dry run's held request: `dryRun` true and a `request`."""
    return (
        isinstance(data, Mapping)
        and data.get("dryRun") is True
        and isinstance(data.get("request"), Mapping)
    )


def _held_row(value: Mapping[str, object]) -> dict[str, Cell]:
    request = value["request"]
    assert isinstance(request, Mapping)
    row: dict[str, Cell] = {"would send": f"{request.get('method')} {request.get('url')}"}
    if request.get("body") is not None:
        row["body"] = _cell(request["body"])
    source = value.get("input")
    if isinstance(source, Mapping):
        for name, cell in item_rows([source])[0].shown.items():
            row.setdefault(name, cell)
    return row


def _failed(data: Mapping[str, object]) -> bool:
    return isinstance(data.get("error"), Mapping) or data.get("success") is False


def item_rows(values: Iterable[Mapping[str, object]]) -> list[ItemRow]:
    """One row per item's json: an envelope shows its data (and its status when some item
    failed), any other item its json, flattened."""
    values = list(values)
    show_status = any(is_envelope(v) and _failed(v) for v in values)
    rows: list[ItemRow] = []
    for value in values:
        full = flatten(value)
        if is_held(value):
            rows.append(ItemRow(_held_row(value), full))
            continue
        if not is_envelope(value):
            rows.append(ItemRow(full, full))
            continue
        # A failed item sent to an error output keeps its input's fields beside the envelope.
        shown = flatten({k: v for k, v in value.items() if k not in _ENVELOPE_KEYS})
        if isinstance(value.get("data"), Mapping):
            shown.update(flatten(value["data"]))
        elif "data" in value:
            shown.update(flatten(value["data"], "data"))
        if show_status:
            shown["success"] = value.get("success")
        error = value.get("error")
        if isinstance(error, Mapping) and "message" in error:
            shown["error.message"] = _cell(error["message"])
        rows.append(ItemRow(shown, full))
    return rows


def _columns(rows: Sequence[Mapping[str, Cell]]) -> list[str]:
    """Columns in first-seen order; an envelope's status columns last."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    status = [c for c in STATUS_COLUMNS if c in seen]
    return [c for c in seen if c not in status] + status


def select(rows: Sequence[ItemRow], fields: Sequence[str]) -> Table:
    """A table of the `fields` asked for, in their order.

    A field names a shown column (`campaign_id`), a dotted path into the item's json
    (`request.url`, `data.roi`, `resource`), or an object in it, which picks every column
    under it (`request`). With no rows there is nothing to check: the fields are the columns.

    Raises:
        ConfigError: A field no row has; lists the columns there are, and says which one
            was probably meant.
    """
    shown_columns = _columns([r.shown for r in rows])
    full_columns = _columns([r.full for r in rows])
    columns: list[str] = []
    # Each column reads from the shown row, or from the whole json when it is a path.
    sources: dict[str, bool] = {}
    for wanted in fields:
        name = wanted.strip()
        picked = _resolve(name, rows, shown_columns, full_columns) if rows else [(name, True)]
        if not picked:
            raise ConfigError(_unknown_field(name, shown_columns, full_columns))
        for column, from_shown in picked:
            if column not in sources:
                columns.append(column)
                sources[column] = from_shown
    table_rows = [
        {c: (row.shown if sources[c] else row.full).get(c) for c in columns} for row in rows
    ]
    return Table(columns, table_rows)


def _resolve(
    name: str, rows: Sequence[ItemRow], shown: list[str], full: list[str]
) -> list[tuple[str, bool]]:
    """The columns `name` picks, each with whether it reads the shown row: the column of
    that name, then the columns under it when it names an object (shown ones first, then
    the whole json's). A column that is empty in every row gives way to those under it
    (a failed item's `request` is null where the others' is an object)."""
    under = name + "."
    inside = [(c, True) for c in shown if c.startswith(under)]
    inside += [(c, False) for c in full if c.startswith(under) and c not in shown]
    from_shown = name in shown
    if not from_shown and name not in full:
        return inside
    if inside and all((r.shown if from_shown else r.full).get(name) is None for r in rows):
        return inside
    return [(name, from_shown), *inside]


def _unknown_field(name: str, shown: list[str], full: list[str]) -> str:
    paths = [c for c in full if c not in shown]
    close = difflib.get_close_matches(name, shown + paths, n=1, cutoff=0.6)
    text = f'--fields: no column "{name}"'
    if close:
        text += f' (did you mean "{close[0]}"?)'
    text += f"; columns: {_listing(shown)}"
    if paths:
        text += f"; or a path into the item's json: {_listing(paths)}"
    return text


def _listing(names: list[str], limit: int = 40) -> str:
    if not names:
        return "(none)"
    shown = ", ".join(names[:limit])
    return shown + (f", … and {len(names) - limit} more" if len(names) > limit else "")


def rows_in(rows: Sequence[ItemRow], columns: Sequence[str]) -> list[dict[str, Cell]]:
    """The rows' cells in `columns` already chosen (by an earlier window of a stream): each
    from the shown row, else from the whole json; nothing is checked."""
    return [
        {c: row.shown[c] if c in row.shown else row.full.get(c) for c in columns} for row in rows
    ]


def table_from_items(
    values: Iterable[Mapping[str, object]], fields: Sequence[str] | None = None
) -> Table:
    """The table of the items' json values: the shown rows, or the `fields` picked.

    Raises:
        ConfigError: A field no row has (see `select`).
    """
    rows = item_rows(values)
    if fields:
        return select(rows, fields)
    shown = [r.shown for r in rows]
    return Table(_columns(shown), shown)


def write_csv(
    table: Table, out: IO[str], *, header: bool = True, spreadsheet_safe: bool = False
) -> None:
    """The table as CSV: a header line (unless `header` is false), then one line per row,
    quoted as RFC 4180 says, lines ending in \\n; cells exactly as they came (see
    `cell_text`), None as an empty cell.

    With `spreadsheet_safe`, a text cell that a spreadsheet would run as a formula (it
    starts with = + - @, a tab or a carriage return, and is not a number) gets a leading
    `'`: sub IDs and keywords come from whoever clicked. Numbers are never touched."""
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow([_defused(c) if spreadsheet_safe else c for c in table.columns])
    for row in table.rows:
        cells = [cell_text(row.get(c)) for c in table.columns]
        writer.writerow([_defused(c) for c in cells] if spreadsheet_safe else cells)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _defused(text: str) -> str:
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
