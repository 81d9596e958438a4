"""Extract from File's readers: Russian Excel CSV exports, encodings, XLSX rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kflow.nodes.core.file_csv import CsvError, CsvOptions, parse_csv
from kflow.nodes.core.file_encodings import decode_bytes, encode_text
from kflow.nodes.core.file_spreadsheet import SpreadsheetError, read_xlsx

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "files"


def test_russian_export_cp1251_keeps_amounts_as_text() -> None:
    text = decode_bytes((FIXTURES / "ru_export_cp1251.csv").read_bytes(), "windows1251")
    rows, _ = parse_csv(text, CsvOptions(delimiter=";"))
    assert rows[0]["Сумма"] == "1 234,56"
    assert rows[0]["Комментарий"] == 'с "кавычками"; и ;'
    assert rows[1] == {"Дата": "02.02.2024", "Кампания": "Лето", "Сумма": "-0,50"}


def test_bom_kept_unless_excluded() -> None:
    text = decode_bytes(
        (FIXTURES / "ru_export_utf8_bom.csv").read_bytes(), "utf-8", strip_bom=False
    )
    kept, _ = parse_csv(text, CsvOptions(delimiter=";"))
    dropped, _ = parse_csv(text, CsvOptions(delimiter=";", strip_bom=True))
    assert "\ufeffДата" in kept[0]
    assert "Дата" in dropped[0]


def test_broken_record_keeps_rows_read_before() -> None:
    with pytest.raises(CsvError, match="Invalid Record Length") as caught:
        parse_csv("a,b\n1,2\n3\n", CsvOptions())
    assert caught.value.rows == [{"a": "1", "b": "2"}]


def test_encodings_round_trip() -> None:
    assert encode_text("Привет", "utf8", add_bom=True) == b"\xef\xbb\xbf" + "Привет".encode()
    assert decode_bytes("Привет".encode("koi8_r"), "koi8r") == "Привет"


def test_xlsx_rows() -> None:
    data = (FIXTURES / "small.xlsx").read_bytes()
    rows = read_xlsx(data, sheet_name=None, header=True, include_empty=False, cell_range="")
    assert rows[0] == {"id": 1, "name": "Ann", "amount": 1234.56, "name_1": "dup", "ok": True}
    with pytest.raises(SpreadsheetError, match="Nope"):
        read_xlsx(data, sheet_name="Nope", header=True, include_empty=False, cell_range="")
