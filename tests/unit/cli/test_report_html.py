"""The HTML report, without a browser: chart parsing and sums, escaping of hostile values,
exact cells and totals, and a page that needs nothing from the network."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kflow.host.cli import report_chart
from kflow.host.cli.report_chart import ChartSpec, aggregate, default_chart, parse_chart
from kflow.host.cli.report_html import UPLOT_VERSION, render_html, render_table_html
from kflow.host.errors import ConfigError

COLUMNS = ["day", "campaign", "campaign_id", "clicks", "profit", "roi"]
HOSTILE = "</script><script>window.pwned = 1</script><!-- \u2028 & \"'"


def _row(day: str, campaign: str, campaign_id: int, clicks: int, profit: float) -> dict:
    return {
        "day": day,
        "campaign": campaign,
        "campaign_id": campaign_id,
        "clicks": clicks,
        "profit": profit,
        "roi": 12.5,
    }


ROWS = [
    _row("2026-11-02", "FB Casino DE", 1, 10, -9.5182),
    _row("2026-11-01", "FB Casino DE", 1, 20, 0.1),
    _row("2026-11-01", "Google VPN US", 2, 5, 0.2),
    _row("2026-11-02", "Google VPN US", 2, 7, 73.6473),
]


class _Page(HTMLParser):
    """The page's scripts (attributes and text), every src/href, and its title text."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.links: list[str] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in == "title":
            self.title += data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _data(page: str) -> dict:
    (text,) = [t for a, t in _parse(page).scripts if a.get("type") == "application/json"]
    return json.loads(text)


# --- parse_chart -------------------------------------------------------------------------


def test_parse_chart_reads_measure_dimension_and_series() -> None:
    assert parse_chart("profit:day:campaign") == ChartSpec("profit", "day", "campaign")
    assert parse_chart(" profit : day ") == ChartSpec("profit", "day", None)
    assert parse_chart("clicks:campaign", kind="bar").kind == "bar"


@pytest.mark.parametrize("text", ["profit", "profit:", ":day", "a:b:c:d", "", "profit:profit"])
def test_parse_chart_refuses_other_shapes(text: str) -> None:
    with pytest.raises(ConfigError, match="--chart"):
        parse_chart(text)


def test_parse_chart_refuses_an_unknown_kind() -> None:
    with pytest.raises(ConfigError, match="line or bar"):
        parse_chart("profit:day", kind="pie")  # type: ignore[arg-type]


def test_an_unknown_column_is_named_with_a_suggestion_and_the_columns() -> None:
    with pytest.raises(ConfigError) as raised:
        parse_chart("proft:day:campaign", columns=COLUMNS)
    message = str(raised.value)
    assert '"proft"' in message and 'did you mean "profit"' in message
    assert "day, campaign, campaign_id, clicks, profit, roi" in message
    with pytest.raises(ConfigError, match='the series "country" is not a column'):
        parse_chart("profit:day:country", columns=COLUMNS)


def test_rendering_checks_the_chart_columns_too() -> None:
    with pytest.raises(ConfigError, match='did you mean "campaign"'):
        render_html(COLUMNS, ROWS, title="t", chart=ChartSpec("profit", "day", "campain"))


# --- aggregation -------------------------------------------------------------------------


def test_sums_per_dimension_and_series_exactly_with_dates_in_order() -> None:
    rows = [*ROWS, _row("2026-11-01", "FB Casino DE", 1, 1, 0.2)]
    chart = aggregate(parse_chart("profit:day:campaign"), COLUMNS, rows)
    assert chart.labels == ["2026-11-01", "2026-11-02"]
    assert chart.kind == "line"
    assert [(s.name, s.values) for s in chart.series] == [
        ("FB Casino DE", [Decimal("0.3"), Decimal("-9.5182")]),
        ("Google VPN US", [Decimal("0.2"), Decimal("73.6473")]),
    ]


def test_without_series_one_sum_per_label_and_missing_pairs_stay_empty() -> None:
    total = aggregate(parse_chart("clicks:day"), COLUMNS, ROWS)
    assert [(s.name, s.values) for s in total.series] == [("clicks", [25, 17])]
    rows = [ROWS[0], ROWS[2]]
    split = aggregate(parse_chart("profit:day:campaign"), COLUMNS, rows)
    assert [s.values for s in split.series] == [[None, Decimal("-9.5182")], [Decimal("0.2"), None]]


def test_numbers_sort_as_numbers_text_as_text_and_empty_last() -> None:
    rows = [{"hour": h, "n": 1} for h in (10, 2, 1)] + [{"hour": None, "n": 1}]
    chart = aggregate(parse_chart("n:hour"), ["hour", "n"], rows)
    assert chart.labels == ["1", "2", "10", "(empty)"]
    by_name = aggregate(parse_chart("n:c"), ["c", "n"], [{"c": "b", "n": 1}, {"c": "A", "n": 2}])
    assert by_name.labels == ["A", "b"] and by_name.kind == "bar"


def test_day_hour_and_datetimes_sort_in_time_order() -> None:
    labels = ["2026-11-02 3", "2026-11-01 23", "2026-11-02 10"]
    rows = [{"day_hour": label, "n": 1} for label in labels]
    chart = aggregate(parse_chart("n:day_hour"), ["day_hour", "n"], rows)
    assert chart.labels == ["2026-11-01 23", "2026-11-02 3", "2026-11-02 10"]


def test_numeric_text_counts_and_text_is_left_out() -> None:
    rows = [{"d": "x", "m": "1.50"}, {"d": "x", "m": "n/a"}, {"d": "y", "m": None}]
    chart = aggregate(parse_chart("m:d"), ["d", "m"], rows)
    assert chart.labels == ["x"] and chart.series[0].values == [Decimal("1.50")]


def test_a_measure_without_numbers_is_refused() -> None:
    with pytest.raises(ConfigError, match=r'"campaign" holds no numbers .*FB Casino DE'):
        aggregate(parse_chart("campaign:day"), COLUMNS, ROWS)


def test_many_series_fold_into_other() -> None:
    rows = [{"d": "x", "s": f"s{i:02d}", "m": i} for i in range(1, 16)]
    chart = aggregate(parse_chart("m:d:s"), ["d", "s", "m"], rows)
    names = [s.name for s in chart.series]
    assert len(names) == report_chart.MAX_SERIES
    assert names[-1] == "other (4 series)" and chart.series[-1].values == [1 + 2 + 3 + 4]
    assert "s15" in names and "s04" not in names


# --- the default chart -------------------------------------------------------------------


def test_default_chart_when_obvious() -> None:
    assert default_chart(COLUMNS, ROWS) == ChartSpec("profit", "day", "campaign")
    no_series = [{k: v for k, v in row.items() if k != "campaign"} for row in ROWS]
    assert default_chart([c for c in COLUMNS if c != "campaign"], no_series) == ChartSpec(
        "profit", "day", None
    )


def test_no_default_chart_when_not_obvious() -> None:
    assert default_chart(["campaign", "profit"], [{"campaign": "a", "profit": 1}]) is None
    assert default_chart(["day", "name"], [{"day": "2026-11-01", "name": "a"}]) is None
    one_day = [row for row in ROWS if row["day"] == "2026-11-01"]
    assert default_chart(COLUMNS, one_day) is None
    page = render_html(COLUMNS, ROWS, title="t", auto_chart=False)
    assert _data(page)["chart"] is None and 'id="chart"' not in page


# --- the page ----------------------------------------------------------------------------


def test_hostile_values_stay_data() -> None:
    rows = [{**ROWS[0], "campaign": HOSTILE}, *ROWS[1:]]
    page = render_html(
        [*COLUMNS, HOSTILE],
        [{**row, HOSTILE: HOSTILE} for row in rows],
        title=HOSTILE,
        chart=parse_chart("profit:day:campaign"),
        generated_at=HOSTILE,
    )
    parsed = _parse(page)
    assert len(parsed.scripts) == 3  # the data, uPlot, the report's own: nothing injected
    assert parsed.title == HOSTILE
    assert "window.pwned" not in "".join(t for a, t in parsed.scripts if a.get("type") is None)
    data = _data(page)
    assert data["rows"][0][1] == HOSTILE and data["columns"][-1]["name"] == HOSTILE
    assert data["chart"]["series"][0]["name"] == HOSTILE
    (json_text,) = [t for a, t in parsed.scripts if a.get("type") == "application/json"]
    assert not re.search("[<>&\u2028]", json_text)
    body = page.split("<body>", 1)[1]
    assert HOSTILE not in body.split('<script type="application/json"', 1)[0]


def test_cells_keep_their_exact_text() -> None:
    rows = [
        {
            "a": 0.1,
            "b": Decimal("1234567890123456.78"),
            "c": True,
            "d": None,
            "e": {"x": [1, "y"]},
            "f": 10**20,
        },
        {"a": -2.5e-7, "b": Decimal("1E+2"), "c": False, "d": "", "e": [], "f": 0},
    ]
    data = _data(render_html(list("abcdef"), rows, title="t"))
    assert data["rows"] == [
        ["0.1", "1234567890123456.78", "true", None, '{"x":[1,"y"]}', "100000000000000000000"],
        ["-0.00000025", "100", "false", "", "[]", "0"],
    ]
    assert [c["numeric"] for c in data["columns"]] == [True, True, False, False, False, True]


def test_totals_are_exact_and_skip_identifiers_rates_and_times() -> None:
    data = _data(render_html(COLUMNS, ROWS, title="t"))
    assert data["totals"] == ["Total", "", "", "42", "64.4291", ""]
    assert Decimal("-9.5182") + Decimal("0.1") + Decimal("0.2") + Decimal("73.6473") == Decimal(
        "64.4291"
    )
    assert _data(render_html(COLUMNS, ROWS[:1], title="t"))["totals"] is None
    cents = [{"cost": Decimal("12.50")}, {"cost": Decimal("0.5")}, {"cost": 1}]
    assert _data(render_html(["cost"], cents, title="t"))["totals"] == ["14.00"]
    text_numbers = [{"sub_id_1": "7", "n": "1.5", "code": "007"}, {"sub_id_1": "8", "n": "2"}]
    data = _data(render_html(["sub_id_1", "n", "code"], text_numbers, title="t"))
    assert data["totals"] == ["Total", "3.5", ""]
    assert [c["numeric"] for c in data["columns"]] == [True, True, False]


def test_the_chart_payload() -> None:
    chart = _data(render_html(COLUMNS, ROWS, title="t", chart=parse_chart("profit:day:campaign")))
    assert chart["chart"] == {
        "title": "profit by day per campaign",
        "kind": "line",
        "measure": "profit",
        "dimension": "day",
        "labels": ["2026-11-01", "2026-11-02"],
        "series": [
            {"name": "FB Casino DE", "values": [0.1, -9.5182]},
            {"name": "Google VPN US", "values": [0.2, 73.6473]},
        ],
    }


def test_the_page_needs_no_network() -> None:
    page = render_html(COLUMNS, ROWS, title="t", chart=parse_chart("profit:day:campaign"))
    parsed = _parse(page)
    assert parsed.links == []
    urls = re.findall(r"\w+://[^\s\"')]*", page)
    assert urls == ["https://github.com/leeoniya/uPlot"]  # uPlot's banner comment
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page


def test_the_policy_allows_exactly_the_page_scripts() -> None:
    page = render_html(COLUMNS, ROWS, title="t")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert policy
    hashes = re.findall(r"'sha256-([^']+)'", policy.group(1))
    code = [text for attrs, text in _parse(page).scripts if attrs.get("type") is None]
    expected = [base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() for t in code]
    assert hashes == expected and len(code) == 2


def test_the_licence_and_version_travel_with_the_library() -> None:
    page = render_html(COLUMNS, ROWS, title="t")
    assert f"uPlot {UPLOT_VERSION}" in page and "Permission is hereby granted" in page
    vendor = Path(report_chart.__file__).parent / "vendor" / "uplot"
    assert f"(v{UPLOT_VERSION})" in (vendor / "uPlot.iife.min.js").read_text()[:200]
    assert f"uplot@{UPLOT_VERSION}" in (vendor / "README.md").read_text()
    assert "MIT" in (vendor / "LICENSE").read_text()


def test_a_table_like_object_and_an_empty_table() -> None:
    @dataclass
    class Table:
        columns: list[str]
        rows: list[dict[str, object]]

    table = Table(["day", "profit"], [{"day": "2026-11-01", "profit": 1}])
    page = render_table_html(table, title="Report", generated_at="2026-11-20 12:00 UTC")
    assert "1 item · generated 2026-11-20 12:00 UTC" in page
    empty = _data(render_html([], [], title="empty", chart=parse_chart("profit:day")))
    assert empty == {"columns": [], "rows": [], "totals": None, "chart": None}
