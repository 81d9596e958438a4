"""examples/report-xlsx.yaml: yesterday's Keitaro report as a workbook, written inside
--files-dir and sent to Telegram as a document; the written file reads back with openpyxl."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.integration.test_cli import ROOT, kflow

EXAMPLE = ROOT / "examples" / "report-xlsx.yaml"
HEADER = ["campaign_id", "campaign", "clicks", "sales", "revenue", "cost", "profit", "roi"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_the_report_is_written_as_xlsx_and_sent_as_a_document(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    assert (await kflow("validate", str(EXAMPLE))).code == 0
    result = await kflow("run", str(EXAMPLE), "--sandbox", "--files-dir", str(files))
    assert result.code == 0, result.err
    written = files / "yesterday-by-campaign.xlsx"
    book = load_workbook(written, read_only=True)
    assert book.sheetnames == ["By campaign"]
    rows = [list(row) for row in book["By campaign"].iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert len(rows) > 1, "yesterday has traffic in the sandbox"
    assert {row[1] for row in rows[1:]} >= {"FB Nutra ES"}
    profits = [row[6] for row in rows[1:]]
    assert profits == sorted(profits, reverse=True), "sorted by profit, as the report asks"
    assert all(isinstance(row[2], int) and isinstance(row[5], int | float) for row in rows[1:])
    (sent,) = result.json()
    document = sent["result"]["document"]
    assert sent["result"]["chat"]["id"] == -100001
    assert document["file_name"] == written.name and document["mime_type"] == XLSX
    assert document["file_size"] == written.stat().st_size
    assert sent["result"]["caption"].startswith("Yesterday by campaign (")


async def test_without_a_files_dir_that_exists_it_says_so(tmp_path: Path) -> None:
    result = await kflow("run", str(EXAMPLE), "--sandbox", "--files-dir", str(tmp_path / "missing"))
    assert result.code != 0
    assert "Save" in result.err
