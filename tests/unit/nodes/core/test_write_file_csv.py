"""writeFile's CSV: rows as a table shows them (an API envelope as its data's fields,
nested objects as dotted columns, exact numbers), and appends under the file's header."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.host.settings import RunSettings


async def write(
    tmp_path: Path,
    records: list[dict[str, Any]],
    *,
    path: str = "out/report.csv",
    append: bool = False,
    later_window: bool = False,
) -> str:
    data = {
        "nodes": [
            {"name": "In", "type": "input", "parameters": {"items": records}},
            {"name": "Save", "type": "writeFile", "parameters": {"path": path, "append": append}},
        ],
        "connections": {"In": ["Save"]},
    }
    result = await run_flow(
        parse_flow(data, source="t"),
        credentials=Credentials(),
        base_dir=tmp_path,
        settings=RunSettings(append_files=later_window),
    )
    assert [item["json"] for item in result.items] == records  # the items pass through
    return (tmp_path / path).read_text(encoding="utf-8")


def envelope(data: Any) -> dict[str, Any]:
    return {
        "request": {
            "url": "https://tracker.example/admin_api/v1/report/build",
            "method": "POST",
            "headers": {"Api-Key": "***"},
        },
        "resource": "report",
        "operation": "build",
        "success": True,
        "data": data,
    }


def failed(message: str) -> dict[str, Any]:
    return {
        "request": None,
        "resource": "report",
        "operation": "build",
        "success": False,
        "error": {"message": message, "httpCode": 422},
    }


async def test_keitaro_rows_become_real_columns(tmp_path: Path) -> None:
    text = await write(
        tmp_path,
        [
            envelope({"campaign_id": 7, "campaign": "Nutra, DE", "cost": 0.1, "roi": -12.5}),
            envelope({"campaign_id": 8, "campaign": "VPN", "cost": 1e-05, "roi": 3}),
        ],
    )
    assert text == ('campaign_id,campaign,cost,roi\n7,"Nutra, DE",0.1,-12.5\n8,VPN,0.00001,3\n')


async def test_failed_items_add_success_and_the_error_message(tmp_path: Path) -> None:
    text = await write(tmp_path, [envelope({"id": 1, "name": "A"}), failed("bad column roi")])
    rows = list(csv.DictReader(text.splitlines()))
    assert rows == [
        {"id": "1", "name": "A", "success": "true", "error.message": ""},
        {"id": "", "name": "", "success": "false", "error.message": "bad column roi"},
    ]


async def test_nested_objects_are_dotted_columns_and_lists_one_cell(tmp_path: Path) -> None:
    records = [{"id": "1", "stats": {"clicks": 3, "geo": ["DE", "AT"]}, "ok": True, "n": None}]
    text = await write(tmp_path, records)
    assert text == 'id,stats.clicks,stats.geo,ok,n\n1,3,"DE, AT",true,\n'


async def test_exact_amounts_stay_exact(tmp_path: Path) -> None:
    records = [{"cost": Decimal("1234567890123456.78")}, {"cost": 12345678.9}]
    assert await write(tmp_path, records) == "cost\n1234567890123456.78\n12345678.9\n"


async def test_appending_follows_the_header_the_file_has(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.csv").write_text("campaign,clicks\nOld,1\n")
    text = await write(
        tmp_path,
        [envelope({"clicks": 5, "campaign": "New", "extra": "x"}), envelope({"campaign": "B"})],
        append=True,
    )
    assert text == "campaign,clicks\nOld,1\nNew,5\nB,\n"


async def test_later_windows_append_under_the_first_windows_header(tmp_path: Path) -> None:
    await write(tmp_path, [envelope({"id": 1, "name": "A"})])
    text = await write(tmp_path, [envelope({"name": "B", "id": 2})], later_window=True)
    assert text == "id,name\n1,A\n2,B\n"


async def test_appending_to_a_new_file_writes_its_header(tmp_path: Path) -> None:
    text = await write(tmp_path, [{"a": 1, "b": {"c": 2}}], append=True)
    assert text == "a,b.c\n1,2\n"


async def test_appending_items_that_share_no_column_with_the_file_is_refused(
    tmp_path: Path,
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.csv").write_text("day,spend\n2026-01-01,5\n")
    with pytest.raises(NodeOperationError) as caught:
        await write(tmp_path, [{"campaign": "A"}], append=True)
    message = str(caught.value)
    assert "Save" in message and 'parameter "Path"' in message
    assert "day, spend" in message and "campaign" in message
    assert (tmp_path / "out" / "report.csv").read_text() == "day,spend\n2026-01-01,5\n"


async def test_appending_reads_a_header_saved_by_a_spreadsheet(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.csv").write_bytes("\ufeffcampaign,clicks\r\nOld,1\r\n".encode())
    await write(tmp_path, [{"clicks": 2, "campaign": "New"}], append=True)
    written = (tmp_path / "out" / "report.csv").read_bytes().decode()
    assert written == "\ufeffcampaign,clicks\r\nOld,1\r\nNew,2\n"


async def test_appending_to_a_file_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.csv").write_bytes("кампания,клики\n".encode("cp1251"))
    with pytest.raises(NodeOperationError, match="its first line is not UTF-8 CSV"):
        await write(tmp_path, [{"a": 1}], append=True)


async def test_a_failure_in_a_later_window_shows_under_the_header(tmp_path: Path) -> None:
    await write(tmp_path, [envelope({"id": 1}), failed("first")])
    text = await write(tmp_path, [envelope({"id": 2}), failed("later")], later_window=True)
    assert text == "id,success,error.message\n1,true,\n,false,first\n2,true,\n,false,later\n"
