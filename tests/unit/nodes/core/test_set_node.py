"""Edit Fields (Set): versions, conversions, JSON mode and kept fields, beyond the n8n corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.host.versions import default_version, versions_of
from kflow.nodes.core.js_values import js_string, js_truthy
from kflow.nodes.core.js_values import number_text as js_number_text
from kflow.nodes.core.set_convert import ConversionError, check_field
from kflow.nodes.core.set_convert import field_number as js_number
from kflow.nodes.core.set_json import load_lenient, parse_js_object
from kflow.nodes.core.set_node import SET


async def set_run(
    version: float, params: dict[str, Any], records: list[dict[str, Any]], tmp_path: Path
) -> list[dict[str, Any]]:
    data = {
        "nodes": [
            {"name": "In", "type": "input", "parameters": {"items": records}},
            {"name": "S", "type": "set", "typeVersion": version, "parameters": params},
        ],
        "connections": {"In": ["S"]},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path
    )
    return [i["json"] for i in result.items]


def test_versions_are_n8ns() -> None:
    assert versions_of(SET) == [1, 2, 3, 3.1, 3.2, 3.3, 3.4, 3.5]
    assert default_version(SET) == 3.5


@pytest.mark.parametrize(
    ("text", "number"),
    [("", 0), (" 12 ", 12), ("1e3", 1000), ("0x1f", 31), ("-0.25", -0.25), ("1_0", None)],
)
def test_js_number(text: str, number: float | None) -> None:
    found = js_number(text)
    assert (found != found) if number is None else found == number


def test_js_texts() -> None:
    assert js_number_text(1e21) == "1e+21"
    assert js_number_text(1.5e-7) == "1.5e-7"
    assert js_number_text(0.00001) == "0.00001"
    assert js_number_text(2.0**64) == "18446744073709552000"
    assert js_string([1, None, "a"]) == "1,,a"
    assert js_string({"a": 1}) == "[object Object]"
    assert js_truthy("false") and not js_truthy("") and js_truthy([])


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("boolean", "TRUE", True),
        ("boolean", "0", False),
        ("boolean", 1, True),
        ("array", "['a', 'b']", ["a", "b"]),
        ("object", "{a: 1, b: 'x', c: word}", {"a": 1, "b": "x", "c": "word"}),
        ("object", "null", None),
        ("string", {"a": 1.0}, '{"a":1}'),
        ("number", "12345678901234567890", 12345678901234567000),
    ],
)
def test_check_field(kind: str, value: Any, expected: Any) -> None:
    assert check_field("f", kind, value, version=3.4, lenient=False, item_index=0) == expected


def test_check_field_nulls_by_version() -> None:
    assert check_field("s", "string", None, version=3, lenient=False, item_index=0) == "null"
    with pytest.raises(ConversionError, match="'s' expects a string but we got 'null'"):
        check_field("s", "string", None, version=3.1, lenient=False, item_index=0)
    assert check_field("s", "string", None, version=3.2, lenient=False, item_index=0) is None
    assert check_field("n", "number", "x", version=3.4, lenient=True, item_index=0) == "x"


def test_lenient_json() -> None:
    assert load_lenient('{"a": undefined, b: \'x\', "c": [1,],}') == {"a": None, "b": "x", "c": [1]}
    assert load_lenient('{"a": 1, "b": {"c": 2}') == {"a": 1, "b": {"c": 2}}
    assert load_lenient('{"t": "line\nbreak"}') == {"t": "line\nbreak"}
    with pytest.raises(ValueError):
        parse_js_object("[1]")


async def test_v1_rows_in_kind_order_and_truthiness(tmp_path: Path) -> None:
    params = {
        "keepOnlySet": True,
        "values": {
            "string": [{"name": "x", "value": "text"}],
            "boolean": [{"name": "x", "value": True}, {"name": "b", "value": "={{ $json.f }}"}],
            "number": [{"name": "n", "value": "={{ $json.n }}"}],
        },
    }
    assert await set_run(1, params, [{"f": "false", "n": "5"}], tmp_path) == [
        {"x": "text", "b": True, "n": "5"}
    ]
    assert (await set_run(2, params, [{"f": "", "n": "5"}], tmp_path))[0]["n"] == 5


async def test_old_rows_and_include_none(tmp_path: Path) -> None:
    params = {
        "mode": "manual",
        "include": "none",
        "fields": {
            "values": [{"name": "o", "type": "objectValue", "objectValue": '={"k": {{ $json.k }}}'}]
        },
    }
    assert await set_run(3.2, params, [{"k": [1]}], tmp_path) == [{"o": {"k": [1]}}]


async def test_old_number_error_and_ignore(tmp_path: Path) -> None:
    row = {"values": [{"name": "n", "type": "numberValue", "numberValue": "abc"}]}
    with pytest.raises(NodeOperationError, match="'n' expects a number but we got 'abc'"):
        await set_run(3, {"fields": row}, [{}], tmp_path)
    lenient = {"fields": row, "include": "none", "options": {"ignoreConversionErrors": True}}
    assert await set_run(3, lenient, [{}], tmp_path) == [{"n": "abc"}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "does not contain a valid JSON object"),
        ("", "contains invalid JSON"),
        ('"text"', "does not contain a valid JSON object"),
    ],
)
async def test_raw_mode_refuses_what_is_not_an_object(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(NodeOperationError, match=message):
        await set_run(3.4, {"mode": "raw", "jsonOutput": text}, [{}], tmp_path)


async def test_raw_mode_fills_in_expressions(tmp_path: Path) -> None:
    text = '={ "s": "{{ $json.s }}", "n": {{ $json.n }}, "o": {{ $json.o }}, "m": "{{ $json.x }}" }'
    out = await set_run(
        3.5, {"mode": "raw", "jsonOutput": text}, [{"s": "a", "n": 2, "o": {"k": None}}], tmp_path
    )
    assert out == [{"s": "a", "n": 2, "o": {"k": None}, "m": "undefined"}]


async def test_raw_mode_repairs_open_brackets(tmp_path: Path) -> None:
    out = await set_run(
        3.4, {"mode": "raw", "jsonOutput": '{"a": 1, "b": {"c": 2}'}, [{}], tmp_path
    )
    assert out == [{"a": 1, "b": {"c": 2}}]


async def test_binary_kept_as_the_version_says(tmp_path: Path) -> None:
    from kflow.nodes.core.set_compose import compose_item

    item = {"json": {"a": 1}, "binary": {"data": {"mimeType": "text/plain", "data": "eA=="}}}
    kept = compose_item(item, 0, {"b": 2}, include="all", keep_binary=True)
    assert kept["binary"] == item["binary"] and kept["json"] == {"a": 1, "b": 2}
    assert "binary" not in compose_item(item, 0, {}, include="none")


async def test_unknown_assignment_type_is_refused(tmp_path: Path) -> None:
    params = {"assignments": {"assignments": [{"name": "d", "value": "x", "type": "dateTime"}]}}
    with pytest.raises(NodeOperationError, match="has type 'dateTime'"):
        await set_run(3.4, params, [{}], tmp_path)
