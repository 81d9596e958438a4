"""Output formats for people: --format/--output agreement, the terminal table (exact
totals, negatives, fitting the width), and the report entry point."""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kflow.host.cli.formats import (
    CsvStreamWriter,
    format_for,
    render_sections,
    render_table,
    write_report,
)
from kflow.host.errors import ConfigError
from kflow.host.items import Item, make_item
from kflow.host.tabular import Table, table_from_items


def lines(text: str) -> list[str]:
    return text.splitlines()


# --- which format -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "fmt"),
    [
        ("report.json", "json"),
        ("report.jsonl", "jsonl"),
        ("report.ndjson", "jsonl"),
        ("report.csv", "csv"),
        ("REPORT.CSV", "csv"),
        ("report.html", "html"),
        ("report.htm", "html"),
        ("report.txt", "table"),
        ("out/report", "json"),
    ],
)
def test_the_extension_picks_the_format(output: str, fmt: str) -> None:
    assert format_for(Path(output), None) == fmt


def test_no_output_and_no_format_is_json() -> None:
    assert format_for(None, None) == "json"
    assert format_for(None, "table") == "table"


def test_a_format_agreeing_with_the_extension_is_fine() -> None:
    assert format_for("report.csv", "csv") == "csv"
    assert format_for("report.txt", "table") == "table"


def test_a_format_contradicting_the_extension_is_refused_naming_both() -> None:
    with pytest.raises(ConfigError) as caught:
        format_for("report.csv", "json")
    assert str(caught.value) == (
        "--format json but --output report.csv is CSV: drop --format or name the file report.json"
    )


def test_an_unknown_extension_needs_a_format() -> None:
    with pytest.raises(ConfigError) as caught:
        format_for("report.xlsx", None)
    message = str(caught.value)
    assert ".xlsx" in message and ".csv" in message and ".txt" in message
    assert "--format" in message
    assert format_for("report.data", "jsonl") == "jsonl"


def test_the_mismatch_names_the_path_as_given() -> None:
    with pytest.raises(ConfigError, match=r"--output out/r\.txt is a text table: .* out/r\.csv$"):
        format_for("out/r.txt", "csv")


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ConfigError, match="--format yaml: unknown format"):
        format_for(None, "yaml")


# --- totals ---------------------------------------------------------------------------------


def total_row(table: Table, width: int = 200) -> list[str]:
    text = render_table(table, width=width, color=False)
    return lines(text)[-1].split()


def test_totals_are_exact() -> None:
    table = Table(["cost"], [{"cost": 0.1}, {"cost": 0.2}])
    assert total_row(table) == ["0.3"]


def test_totals_of_large_amounts_lose_no_cent() -> None:
    table = Table(
        ["spend"],
        [
            {"spend": 12345678901234.57},
            {"spend": Decimal("1234567890123456.78")},
            {"spend": "0.01"},
        ],
    )
    assert total_row(table) == ["1246913569024691.36"]


def test_totals_keep_the_most_decimals_seen_and_ints_stay_ints() -> None:
    table = Table(
        ["clicks", "revenue"],
        [{"clicks": 1200, "revenue": "12.50"}, {"clicks": 800, "revenue": 1.5}],
    )
    assert total_row(table) == ["2000", "14.00"]  # every column summed: no label


def test_a_text_first_column_carries_the_total_label() -> None:
    table = Table(["name", "clicks"], [{"name": "A", "clicks": 1}, {"name": "B", "clicks": 2}])
    assert total_row(table) == ["Total", "3"]


def test_ids_rates_dates_booleans_and_text_are_not_summed() -> None:
    row = {"campaign_id": 7, "campaignId": 7, "hour": 3, "roi": 1.5, "stats.cr": 2}
    row |= {"ok": True, "zip": "007", "clicks": 1}
    table = Table(list(row), [row, {**row, "ok": False, "zip": "010", "clicks": 2}])
    assert total_row(table) == ["Total", "3"]


def test_the_total_label_is_only_ever_in_the_first_column() -> None:
    table = Table(["clicks", "name"], [{"clicks": 1, "name": "A"}, {"clicks": 2, "name": "B"}])
    assert total_row(table) == ["3"]


def test_one_row_has_no_totals() -> None:
    text = render_table(Table(["cost"], [{"cost": 1}]), width=80, color=False)
    assert lines(text) == ["cost", "────", "   1"]


def test_empty_cells_do_not_stop_a_column_being_numeric() -> None:
    table = Table(["cost"], [{"cost": 1.25}, {"cost": None}, {"cost": ""}, {"cost": 2}])
    assert total_row(table) == ["3.25"]


# --- alignment and negatives --------------------------------------------------------------


def test_numeric_columns_are_right_aligned_and_text_left() -> None:
    table = Table(
        ["name", "clicks"], [{"name": "Nutra", "clicks": 5}, {"name": "B", "clicks": 120}]
    )
    assert lines(render_table(table, width=80, color=False)) == [
        "name   clicks",
        "─────  ──────",
        "Nutra       5",
        "B         120",
        "─────  ──────",
        "Total     125",
    ]


def test_negatives_are_marked_without_colour() -> None:
    table = Table(["name", "profit"], [{"name": "A", "profit": -3.1}, {"name": "B", "profit": 4}])
    assert lines(render_table(table, width=80, color=False)) == [
        "name   profit",
        "─────  ──────",
        "A      -3.1 ▼",
        "B         4",
        "─────  ──────",
        "Total   0.9",
    ]


def test_a_negative_total_is_marked_too() -> None:
    table = Table(["profit"], [{"profit": "-10.00"}, {"profit": "2.5"}])
    assert lines(render_table(table, width=80, color=False)) == [
        "  profit",
        "────────",
        "-10.00 ▼",
        "   2.5",
        "────────",
        " -7.50 ▼",
    ]


def test_negatives_are_red_with_colour() -> None:
    table = Table(["profit"], [{"profit": -3}, {"profit": 1}])
    text = render_table(table, width=80, color=True)
    assert "\x1b[31m-3 ▼\x1b[0m" in text
    assert "\x1b[1m\x1b[31m-2 ▼\x1b[0m" in text
    assert "\x1b" not in render_table(table, width=80, color=False)


# --- fitting the width --------------------------------------------------------------------


def test_long_text_is_cut_with_an_ellipsis_to_fit() -> None:
    table = Table(["campaign", "clicks"], [{"campaign": "Summer promo " * 10, "clicks": 1}])
    text = render_table(table, width=30, color=False)
    assert all(len(line) <= 30 for line in lines(text))
    assert "Summer promo Summer promo Su… " in lines(text)[2] or "…" in lines(text)[2]
    assert lines(text)[2].endswith("1")


def test_numbers_are_never_cut() -> None:
    table = Table(["note", "revenue"], [{"note": "x" * 100, "revenue": "1234567890123.45"}])
    text = render_table(table, width=30, color=False)
    assert "1234567890123.45" in text


def test_columns_that_cannot_fit_are_left_out_with_a_note() -> None:
    row = {f"metric_{i}": 1000 + i for i in range(10)}
    table = Table(list(row), [row, row])
    text = render_table(table, width=40, color=False)
    assert all(len(line) <= 40 for line in lines(text)[:-1])
    note = lines(text)[-1]
    assert note == (
        "(6 of 10 columns left out to fit 40 characters: metric_4, metric_5, metric_6, "
        "metric_7, metric_8, metric_9; pick the columns to show with --fields)"
    )
    assert lines(text)[0].split() == ["metric_0", "metric_1", "metric_2", "metric_3"]


def test_failures_stay_in_sight_when_columns_are_left_out() -> None:
    items: list[dict[str, Any]] = [
        {
            "request": None,
            "success": True,
            "data": {f"metric_{i}": i for i in range(8)},
        },
        {"request": None, "success": False, "error": {"message": "Keitaro answered 422"}},
    ]
    text = render_table(table_from_items(items), width=50, color=False)
    assert lines(text)[0].split()[-2:] == ["success", "error.mess…"]
    assert "Keitaro an…" in text


def test_wide_characters_count_twice() -> None:
    table = Table(["name"], [{"name": "広告キャンペーン" * 5}, {"name": "a"}])
    text = render_table(table, width=20, color=False)
    first = lines(text)[2]
    assert first.endswith("…")


def test_control_characters_cannot_steer_the_terminal() -> None:
    table = Table(["name"], [{"name": "evil\x1b[2Jname\nnext\u202e"}])
    text = render_table(table, width=80, color=False)
    assert "\x1b" not in text and "\u202e" not in text
    assert "evil\ufffd[2Jname↵next\ufffd" in text


def test_empty_tables_say_so() -> None:
    assert render_table(Table([], []), width=80, color=False) == "(no items)\n"
    assert render_table(Table([], [{}, {}]), width=80, color=False) == "(2 items, no fields)\n"


def test_sections_have_a_heading_each() -> None:
    sections = {
        "Report": Table(["clicks"], [{"clicks": 1}]),
        "Costs": Table(["cost"], [{"cost": 1}, {"cost": 2}]),
    }
    text = render_sections(sections, width=80, color=False)
    assert lines(text)[0] == "Report (1 item)"
    assert "Costs (2 items)" in lines(text)
    assert lines(text)[lines(text).index("Costs (2 items)") - 1] == ""


# --- the report entry point ------------------------------------------------------


def test_report_writes_one_table_without_heading() -> None:
    out = io.StringIO()
    write_report({"Report": [{"a": 1}, {"a": 2}]}, "table", out, width=80)
    assert lines(out.getvalue())[0] == "a"


def test_report_as_csv_flattens_envelopes() -> None:
    out = io.StringIO()
    items = [{"request": {"url": "u"}, "success": True, "data": {"id": 1, "cost": 0.5}}]
    write_report({"Report": items}, "csv", out, fields=["id", "cost", "request.url"])
    assert out.getvalue() == "id,cost,request.url\n1,0.5,u\n"


def test_report_refuses_csv_for_several_nodes() -> None:
    with pytest.raises(ConfigError, match="CSV holds one table"):
        write_report({"A": [{"a": 1}], "B": [{"b": 1}]}, "csv", io.StringIO())


def test_report_passes_field_errors_on() -> None:
    with pytest.raises(ConfigError, match='no column "b"'):
        write_report({"A": [{"a": 1}]}, "table", io.StringIO(), fields=["b"])


def test_formats_do_not_import_rich() -> None:
    code = "import sys, kflow.host.cli.formats; print('rich' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"]


# --- CSV window by window -----------------------------------------------------------------


class Masker:
    def deep(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self.deep(v) for k, v in value.items()}
        return "****" if value == "s3cret" else value


def envelope_item(data: dict[str, Any] | None, error: str | None = None) -> Item:
    json: dict[str, Any] = {"request": {"url": "u", "key": "s3cret"}, "success": error is None}
    if error is None:
        json["data"] = data
    else:
        json["error"] = {"message": error}
    return make_item(json)


def test_streamed_csv_keeps_the_first_windows_columns_and_shows_later_failures() -> None:
    out = io.StringIO()
    with CsvStreamWriter(out, Masker()) as writer:
        writer.write([envelope_item({"id": 1, "cost": 0.1})])
        writer.write(
            [envelope_item({"id": 2, "cost": 1e-05, "new": "x"}), envelope_item(None, "422")]
        )
    assert out.getvalue() == (
        "id,cost,success,error.message\n1,0.1,true,\n2,0.00001,true,\n,,false,422\n"
    )
    assert (writer.written, writer.failed) == (3, 1)


def test_streamed_csv_with_fields_masks_secrets() -> None:
    out = io.StringIO()
    writer = CsvStreamWriter(out, Masker(), fields=["id", "request.key"])
    writer.write([envelope_item({"id": 1})])
    writer.write([envelope_item(None, "gone")])
    assert out.getvalue() == "id,request.key\n1,****\n,****\n"
    with pytest.raises(ConfigError, match='no column "nope"'):
        CsvStreamWriter(io.StringIO(), Masker(), fields=["nope"]).write([envelope_item({"id": 1})])


def test_csv_for_people_defuses_spreadsheet_formulas_but_never_numbers() -> None:
    from kflow.host.cli.formats import write_report

    values = [
        {"sub_id": '=HYPERLINK("http://evil.example","x")', "cost": "-1.50", "roi": -12.5},
        {"sub_id": "@SUM(A1)", "cost": "+3", "roi": 1e-05},
        {"sub_id": "-minus text", "cost": "0.45", "roi": 0},
    ]
    out = io.StringIO()
    write_report({"Report": values}, "csv", out)
    assert out.getvalue().splitlines() == [
        "sub_id,cost,roi",
        '"\'=HYPERLINK(""http://evil.example"",""x"")",-1.50,-12.5',
        "'@SUM(A1),+3,0.00001",
        "'-minus text,0.45,0",
    ]
