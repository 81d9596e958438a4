"""`--format html`: a table of items as one self-contained HTML page, with a chart.

The page carries everything it needs inline (styles, its script, the vendored uPlot chart
library and its licence) and loads nothing: its Content-Security-Policy allows no network
and only its own two scripts, by hash. The data travels as JSON in a
`<script type="application/json">` element, with `<`, `>` and `&` escaped so that no value
(a tracker's campaign named `</script>…`) can end it; the page's script puts every value
in with textContent, never as markup. Cells show the values' exact text; totals are exact
decimal sums.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Protocol

from kflow.host.cli.report_chart import (
    ChartData,
    ChartSpec,
    aggregate,
    default_chart,
    parse_chart,
)
from kflow.host.jsontext import dumps as json_dumps
from kflow.host.tabular import cell_text, exact_total, number_of, summable_column

__all__ = [
    "UPLOT_VERSION",
    "ChartSpec",
    "TableLike",
    "parse_chart",
    "render_html",
    "render_table_html",
]

UPLOT_VERSION = "1.6.32"

TOTAL_LABEL = "Total"


class TableLike(Protocol):
    """What the page is made of: column names in order, and rows keyed by them."""

    @property
    def columns(self) -> Sequence[str]: ...

    @property
    def rows(self) -> Sequence[Mapping[str, object]]: ...


@dataclass(frozen=True)
class _Column:
    name: str
    numeric: bool
    summed: bool


def render_table_html(
    table: TableLike,
    *,
    title: str,
    chart: ChartSpec | None = None,
    generated_at: str | None = None,
    auto_chart: bool = True,
) -> str:
    """`render_html` for a Table-like object."""
    return render_html(
        table.columns,
        table.rows,
        title=title,
        chart=chart,
        generated_at=generated_at,
        auto_chart=auto_chart,
    )


def render_html(
    columns: Sequence[str],
    rows: Sequence[Mapping[str, object]],
    *,
    title: str,
    chart: ChartSpec | None = None,
    generated_at: str | None = None,
    auto_chart: bool = True,
) -> str:
    """The report as one HTML page: a sortable table (totals last) and a chart.

    Without `chart`, a chart is drawn only when the table makes one obvious (see
    `report_chart.default_chart`), unless `auto_chart` is False. A table without rows
    has no chart.

    Raises:
        ConfigError: the chart names a column the table lacks, or a measure without numbers.
    """
    columns = list(columns)
    spec = chart or (default_chart(columns, rows) if auto_chart else None)
    # A day without rows is not a mistake: the page says so instead of drawing nothing.
    drawn = aggregate(spec, columns, rows) if spec and rows else None
    described = [_describe(name, rows) for name in columns]
    payload = {
        "columns": [{"name": c.name, "numeric": c.numeric} for c in described],
        "rows": [[_text(row.get(c.name)) for c in described] for row in rows],
        "totals": _totals(described, rows),
        "chart": _chart_payload(drawn) if drawn else None,
    }
    return _page(title, generated_at, len(rows), drawn, _script_json(payload))


def _describe(name: str, rows: Sequence[Mapping[str, object]]) -> _Column:
    values = [row.get(name) for row in rows if row.get(name) not in (None, "")]
    numeric = bool(values) and all(number_of(value) is not None for value in values)
    return _Column(name=name, numeric=numeric, summed=numeric and summable_column(name))


def _text(value: object) -> str | None:
    """A cell's exact text, as the terminal table shows it (objects as compact JSON);
    None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, dict | list | tuple):
        return json_dumps(value)
    if isinstance(value, str | int | float | Decimal | bool):
        return cell_text(value)
    return str(value)


def _totals(columns: list[_Column], rows: Sequence[Mapping[str, object]]) -> list[str] | None:
    """Exact sums of the summed columns, to the most decimal places any cell has (money
    keeps its cents); None for fewer than two rows or nothing to sum."""
    if len(rows) < 2 or not any(c.summed for c in columns):
        return None
    totals: list[str] = []
    for column in columns:
        amounts = [number_of(row.get(column.name)) for row in rows]
        exact = [amount for amount in amounts if amount is not None]
        if not column.summed or not exact:
            totals.append("")
            continue
        totals.append(cell_text(exact_total(exact)))
    label_at = next((i for i, c in enumerate(columns) if not c.summed), None)
    if label_at is not None:
        totals[label_at] = TOTAL_LABEL
    return totals


def _chart_payload(chart: ChartData) -> dict[str, object]:
    return {
        "title": chart.spec.describe(),
        "kind": chart.kind,
        "measure": chart.spec.measure,
        "dimension": chart.spec.dimension,
        "labels": chart.labels,
        "series": [{"name": s.name, "values": s.values} for s in chart.series],
    }


_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _script_json(payload: object) -> str:
    """JSON text safe inside a script element: no `<`, `>` or `&` left, so neither
    `</script>` nor `<!--` can appear; JSON.parse reads the escapes back."""
    text = json_dumps(payload)
    return re.sub("[<>&\u2028\u2029]", lambda match: _SCRIPT_ESCAPES[match.group()], text)


def _page(
    title: str, generated_at: str | None, row_count: int, chart: ChartData | None, data: str
) -> str:
    library, app = _library_script(), _asset("report_page/report.js")
    meta = [f"{row_count} item{'s' if row_count != 1 else ''}"]
    if generated_at:
        meta.append(f"generated {generated_at}")
    chart_section = (
        '<section class="chart-section" aria-label="chart">\n'
        f"<h2>{html.escape(chart.spec.describe())}</h2>\n"
        '<div id="chart"></div>\n</section>\n'
        if chart
        else ""
    )
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {_hash(library)} {_hash(app)}"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="kflow">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{_asset('vendor/uplot/uPlot.min.css')}\n</style>\n"
        f"<style>\n{_asset('report_page/report.css')}</style>\n"
        "</head>\n<body>\n"
        f"<header>\n<h1>{html.escape(title)}</h1>\n"
        f'<p class="meta">{html.escape(" · ".join(meta))}</p>\n</header>\n'
        f"{chart_section}"
        '<section class="table-section" aria-label="table">\n'
        '<div class="table-wrap"><table id="report-table"></table></div>\n'
        "<noscript><p>This report builds its table and chart with JavaScript; "
        "allow scripts for this file to see them.</p></noscript>\n</section>\n"
        f'<script type="application/json" id="kflow-report-data">{data}</script>\n'
        f"<script>{library}</script>\n"
        f"<script>{app}</script>\n"
        "</body>\n</html>\n"
    )


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@cache
def _library_script() -> str:
    """uPlot with its licence in front, as one script's text."""
    licence = _asset("vendor/uplot/LICENSE").strip()
    code = _asset("vendor/uplot/uPlot.iife.min.js").strip()
    return f"\n/*! uPlot {UPLOT_VERSION}, vendored by kflow.\n{licence}\n*/\n{code}\n"


@cache
def _asset(path: str) -> str:
    text = files("kflow.host.cli").joinpath(*path.split("/")).read_text(encoding="utf-8")
    if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
        raise RuntimeError(f"{path} cannot be inlined: it would end its element early")
    if path.endswith("LICENSE") and "*/" in text:
        raise RuntimeError(f"{path} cannot sit in a comment")
    return text
