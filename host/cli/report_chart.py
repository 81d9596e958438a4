"""The chart of an HTML report: which measure over which dimension, split by which series,
and the sums it draws.

`parse_chart` reads the CLI's `MEASURE:DIMENSION[:SERIES]`; `default_chart` picks one only
when the table makes it obvious (one time column and a well-known money or count measure);
`aggregate` sums the measure per (dimension, series), the dimension in its natural order
(numbers as numbers, dates and times in time order, other text as text).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from kflow.host.errors import ConfigError
from kflow.host.tabular import number_of
from kflow.host.wording import shown

__all__ = [
    "ChartData",
    "ChartKind",
    "ChartSeries",
    "ChartSpec",
    "aggregate",
    "check_chart",
    "default_chart",
    "parse_chart",
]

ChartKind = Literal["line", "bar"]

SYNTAX = "MEASURE:DIMENSION[:SERIES], e.g. profit:day:campaign"
MAX_SERIES = 12
"""Series drawn at most; the rest are summed into one "other" series."""

TIME_COLUMNS = ("day", "date", "datetime", "day_hour", "hour", "week", "month", "year")
"""Column names read as time, most telling first (the default chart's dimension)."""
DEFAULT_MEASURES = ("profit", "revenue", "cost", "conversions", "clicks")
"""Measures the default chart draws, the first one present."""
EMPTY_LABEL = "(empty)"


@dataclass(frozen=True)
class ChartSpec:
    """A chart of `measure` summed over `dimension`, one line or bar set per `series` value.

    `kind` None draws lines over time and bars over anything else.
    """

    measure: str
    dimension: str
    series: str | None = None
    kind: ChartKind | None = None

    def describe(self) -> str:
        """`profit by day per campaign`."""
        text = f"{self.measure} by {self.dimension}"
        return f"{text} per {self.series}" if self.series else text


@dataclass(frozen=True)
class ChartSeries:
    """One series: its name and its sum at each label (None where it has no row)."""

    name: str
    values: list[Decimal | None]


@dataclass(frozen=True)
class ChartData:
    """What the page draws: the dimension's labels in order and the series over them."""

    spec: ChartSpec
    kind: ChartKind
    labels: list[str]
    series: list[ChartSeries]


def parse_chart(
    text: str, *, columns: Sequence[str] | None = None, kind: ChartKind | None = None
) -> ChartSpec:
    """The `--chart` value `MEASURE:DIMENSION[:SERIES]` as a ChartSpec.

    With `columns`, each name must be one of them (see `check_chart`).

    Raises:
        ConfigError: not of that form, or (with `columns`) naming a column the table lacks.
    """
    parts = [part.strip() for part in text.split(":")]
    if len(parts) not in (2, 3) or not all(parts):
        raise ConfigError(f"--chart {shown(text)}: expected {SYNTAX}")
    if kind not in (None, "line", "bar"):
        raise ConfigError(f"chart kind {shown(kind)}: expected line or bar")
    measure, dimension = parts[0], parts[1]
    series = parts[2] if len(parts) == 3 else None
    if len(set(parts)) != len(parts):
        raise ConfigError(f"--chart {shown(text)}: the measure, dimension and series must differ")
    spec = ChartSpec(measure=measure, dimension=dimension, series=series, kind=kind)
    if columns is not None:
        check_chart(spec, columns)
    return spec


def check_chart(spec: ChartSpec, columns: Sequence[str]) -> None:
    """Raise ConfigError naming the first of the spec's columns that the table lacks,
    a close match if there is one, and every column there is."""
    for role, name in (
        ("measure", spec.measure),
        ("dimension", spec.dimension),
        ("series", spec.series),
    ):
        if name is None or name in columns:
            continue
        lowered = {column.lower(): column for column in columns}
        close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
        hint = f' (did you mean "{lowered[close[0]]}"?)' if close else ""
        available = ", ".join(columns) if columns else "none: the report has no rows"
        raise ConfigError(
            f'--chart: the {role} "{name}" is not a column of the report{hint}; '
            f"its columns: {available}"
        )


def default_chart(columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> ChartSpec | None:
    """A chart when the table makes one obvious, else None.

    Obvious means: a time column (day, date, hour, …) with more than one value, and one of
    profit, revenue, cost, conversions, clicks holding numbers. The series is the only other
    text column, when it has between 2 and MAX_SERIES values.
    """
    dimension = next((name for name in TIME_COLUMNS if name in columns), None)
    measure = next(
        (name for name in DEFAULT_MEASURES if name in columns and _holds_numbers(rows, name)),
        None,
    )
    if dimension is None or measure is None:
        return None
    if len({_label(row.get(dimension)) for row in rows}) < 2:
        return None
    texts = [
        name
        for name in columns
        if name not in (dimension, measure)
        and name not in TIME_COLUMNS
        and any(isinstance(row.get(name), str) for row in rows)
        and not _holds_numbers(rows, name)
    ]
    series = None
    if len(texts) == 1:
        count = len({_label(row.get(texts[0])) for row in rows})
        series = texts[0] if 2 <= count <= MAX_SERIES else None
    return ChartSpec(measure=measure, dimension=dimension, series=series)


def aggregate(
    spec: ChartSpec, columns: Sequence[str], rows: Sequence[Mapping[str, object]]
) -> ChartData:
    """The measure summed exactly per (dimension, series), ready to draw.

    Rows whose measure is empty are left out. Beyond MAX_SERIES series, the largest (by
    absolute total) are kept and the rest summed into "other (N series)".

    Raises:
        ConfigError: a column is missing, or the measure holds no numbers.
    """
    check_chart(spec, columns)
    sums: dict[tuple[str, str], Decimal] = {}
    raw_labels: dict[str, object] = {}
    for row in rows:
        amount = number_of(row.get(spec.measure))
        if amount is None:
            continue
        label = _label(row.get(spec.dimension))
        raw_labels.setdefault(label, row.get(spec.dimension))
        name = _label(row.get(spec.series)) if spec.series else spec.measure
        key = (label, name)
        sums[key] = sums.get(key, Decimal(0)) + amount
    if not sums:
        example = next((row.get(spec.measure) for row in rows), None)
        raise ConfigError(
            f'--chart: the measure "{spec.measure}" holds no numbers'
            + (f" (its first value: {shown(example)})" if rows else " (the report has no rows)")
            + "; choose a numeric column"
        )
    labels = _ordered(raw_labels)
    names = list(dict.fromkeys(name for _, name in sums))
    series = [ChartSeries(name, [sums.get((label, name)) for label in labels]) for name in names]
    kind = spec.kind or ("line" if _is_time(spec.dimension, raw_labels) else "bar")
    return ChartData(spec=spec, kind=kind, labels=labels, series=_fold(series))


def _holds_numbers(rows: Sequence[Mapping[str, object]], name: str) -> bool:
    values = [row.get(name) for row in rows if row.get(name) not in (None, "")]
    return bool(values) and all(number_of(value) is not None for value in values)


def _label(value: object) -> str:
    if value is None or value == "":
        return EMPTY_LABEL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _ordered(raw: dict[str, object]) -> list[str]:
    """Labels in the dimension's order: numbers, then times, else text (empty last)."""
    labels = [label for label in raw if label != EMPTY_LABEL]
    numbers = {label: number_of(raw[label]) for label in labels}
    times = {label: _time_of(label) for label in labels}
    if all(number is not None for number in numbers.values()):
        labels.sort(key=lambda label: numbers[label] or Decimal(0))
    elif all(moment is not None for moment in times.values()):
        labels.sort(key=lambda label: times[label] or datetime.min)
    else:
        labels.sort(key=lambda label: (label.casefold(), label))
    return labels + ([EMPTY_LABEL] if EMPTY_LABEL in raw else [])


def _time_of(label: str) -> datetime | None:
    """An ISO date, month or date-time (`2024-05-01`, `2024-05`, `2024-05-01 13:00`), or a
    date and hour (`2024-05-01 13`); naive, in the report's own time zone."""
    text = label.strip()
    hour = re.fullmatch(r"(\d{4}-\d{2}-\d{2}) (\d{1,2})", text)
    if hour:
        text = f"{hour.group(1)} {int(hour.group(2)):02d}:00"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            return None
    return moment.replace(tzinfo=None)


def _is_time(dimension: str, raw: dict[str, object]) -> bool:
    labels = [label for label in raw if label != EMPTY_LABEL]
    if len(labels) < 2:
        return False
    return dimension in TIME_COLUMNS or all(_time_of(label) is not None for label in labels)


def _fold(series: list[ChartSeries]) -> list[ChartSeries]:
    if len(series) <= MAX_SERIES:
        return series
    ranked = sorted(
        series, key=lambda s: sum((abs(v) for v in s.values if v is not None), Decimal(0))
    )
    kept, rest = ranked[-(MAX_SERIES - 1) :], ranked[: -(MAX_SERIES - 1)]
    kept_names = {s.name for s in kept}
    other: list[Decimal | None] = []
    for position in range(len(series[0].values)):
        values = [s.values[position] for s in rest if s.values[position] is not None]
        other.append(sum(values, Decimal(0)) if values else None)
    ordered = [s for s in series if s.name in kept_names]
    return [*ordered, ChartSeries(f"other ({len(rest)} series)", other)]
