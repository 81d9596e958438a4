"""Items as table rows: flattening, API envelopes, failed items, --fields, CSV text."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest

from kflow.host.errors import ConfigError
from kflow.host.tabular import (
    Table,
    cell_text,
    flatten,
    is_envelope,
    table_from_items,
    write_csv,
)


def envelope(data: Any) -> dict[str, Any]:
    return {
        "request": {
            "url": "https://tracker.example/admin_api/v1/campaigns/7",
            "method": "GET",
            "headers": {"Api-Key": "***"},
        },
        "resource": "campaign",
        "operation": "get",
        "success": True,
        "data": data,
    }


def failed(message: str, http_code: int = 404) -> dict[str, Any]:
    return {
        "request": {"url": "https://tracker.example/admin_api/v1/campaigns/9", "method": "GET"},
        "resource": "campaign",
        "operation": "get",
        "success": False,
        "error": {"message": message, "httpCode": http_code, "node": "Keitaro"},
    }


def test_nested_objects_become_dotted_columns() -> None:
    assert flatten({"a": 1, "data": {"campaign_id": 7, "stats": {"clicks": 3}}}) == {
        "a": 1,
        "data.campaign_id": 7,
        "data.stats.clicks": 3,
    }


def test_lists_of_scalars_are_one_cell_and_lists_of_objects_json() -> None:
    flat = flatten(
        {"tags": ["a", "b"], "mixed": [1, 2.5, True, None], "rows": [{"x": 1}], "empty": []}
    )
    assert flat == {"tags": "a, b", "mixed": "1, 2.5, true, ", "rows": '[{"x":1}]', "empty": None}


def test_none_and_empty_objects_keep_their_column() -> None:
    assert flatten({"a": None, "b": {}}) == {"a": None, "b": None}


def test_exact_decimals_inside_json_cells() -> None:
    assert flatten({"rows": [{"cost": Decimal("1234567890123456.78")}]}) == {
        "rows": '[{"cost":1234567890123456.78}]'
    }


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (12, "12"),
        (0.1, "0.1"),
        (1e-05, "0.00001"),
        (1e16, "10000000000000000"),
        (-2.5e-7, "-0.00000025"),
        (Decimal("12.50"), "12.50"),
        ("12.50", "12.50"),
    ],
)
def test_cell_text_is_exact_and_never_scientific(value: Any, text: str) -> None:
    assert cell_text(value) == text


def test_envelope_is_recognised_by_shape() -> None:
    assert is_envelope(envelope({"id": 1}))
    assert is_envelope(failed("not found"))
    assert not is_envelope({"request": 1, "data": 2})
    assert not is_envelope({"success": True, "data": 2})


def test_envelope_shows_its_data_without_prefix() -> None:
    table = table_from_items(
        [envelope({"id": 7, "name": "Nutra", "group": {"id": 2}}), envelope({"id": 8})]
    )
    assert table.columns == ["id", "name", "group.id"]
    assert table.rows[0] == {"id": 7, "name": "Nutra", "group.id": 2}
    assert "success" not in table.columns


def test_envelope_data_that_is_not_an_object_is_one_data_column() -> None:
    table = table_from_items([envelope(["a", "b"]), envelope(3)])
    assert table.columns == ["data"]
    assert [row["data"] for row in table.rows] == ["a, b", 3]


def test_failed_items_add_success_and_the_error_message_last() -> None:
    table = table_from_items([failed("Campaign 9 not found"), envelope({"id": 7, "name": "A"})])
    assert table.columns == ["id", "name", "success", "error.message"]
    assert table.rows[0] == {"success": False, "error.message": "Campaign 9 not found"}
    assert table.rows[1] == {"id": 7, "name": "A", "success": True}


def test_other_items_show_their_json_flattened() -> None:
    table = table_from_items([{"a": 1, "b": {"c": 2}}, {"d": 3, "a": 4}])
    assert table.columns == ["a", "b.c", "d"]
    assert table.rows[1] == {"d": 3, "a": 4}


def test_fields_pick_and_order_shown_columns_and_json_paths() -> None:
    items = [envelope({"id": 7, "name": "A", "roi": -3.5}), failed("gone")]
    table = table_from_items(items, ["name", "request.url", "data.roi", "resource", "id"])
    assert table.columns == ["name", "request.url", "data.roi", "resource", "id"]
    assert table.rows[0] == {
        "name": "A",
        "request.url": "https://tracker.example/admin_api/v1/campaigns/7",
        "data.roi": -3.5,
        "resource": "campaign",
        "id": 7,
    }
    assert table.rows[1]["request.url"].endswith("/9")
    assert table.rows[1]["name"] is None


def test_a_field_naming_an_object_picks_every_column_under_it() -> None:
    items = [envelope({"id": 1}), failed("gone", 404)]
    table = table_from_items(items, ["request", "error"])
    assert table.columns == [
        "request.url",
        "request.method",
        "request.headers.Api-Key",
        "error.message",
        "error.httpCode",
        "error.node",
    ]


def test_success_can_be_picked_when_nothing_failed() -> None:
    table = table_from_items([envelope({"id": 1})], ["id", "success"])
    assert table.rows == [{"id": 1, "success": True}]


def test_an_unknown_field_lists_the_columns_and_suggests_one() -> None:
    with pytest.raises(ConfigError) as caught:
        table_from_items([envelope({"campaign_id": 7, "clicks": 2})], ["campain_id"])
    message = str(caught.value)
    assert 'no column "campain_id"' in message
    assert 'did you mean "campaign_id"?' in message
    assert "columns: campaign_id, clicks" in message
    assert "request.url" in message


def test_an_unknown_field_far_from_any_column_suggests_nothing() -> None:
    with pytest.raises(ConfigError) as caught:
        table_from_items([{"a": 1}], ["zzzzzz"])
    assert "did you mean" not in str(caught.value)


def test_fields_with_no_items_are_the_columns() -> None:
    assert table_from_items([], ["a", "b"]) == Table(["a", "b"], [])


def test_csv_quotes_as_rfc_4180_and_keeps_values_exact() -> None:
    table = Table(
        ["name", "cost", "ok", "note"],
        [
            {"name": 'Say "hi", please', "cost": 1e-05, "ok": True, "note": "two\nlines"},
            {"name": "B", "cost": Decimal("1234567890123456.78"), "ok": False, "note": None},
        ],
    )
    out = io.StringIO()
    write_csv(table, out)
    assert out.getvalue() == (
        "name,cost,ok,note\n"
        '"Say ""hi"", please",0.00001,true,"two\nlines"\n'
        "B,1234567890123456.78,false,\n"
    )


def test_a_held_request_shows_what_it_would_send_beside_its_input() -> None:
    held = {
        "request": {"url": "https://t.example/admin_api/v1/campaigns/2/disable", "method": "POST"},
        "resource": "campaign",
        "operation": "disable",
        "success": None,
        "dryRun": True,
        "input": {
            "request": {"url": "https://t.example/admin_api/v1/report/build"},
            "success": True,
            "data": {"campaign_id": 2, "campaign": "Google Loans MX", "roi": -41.0},
        },
    }
    table = table_from_items([held])
    assert table.columns == ["would send", "campaign_id", "campaign", "roi"]
    assert table.rows[0]["would send"] == (
        "POST https://t.example/admin_api/v1/campaigns/2/disable"
    )
    assert table.rows[0]["roi"] == -41.0
    assert table_from_items([held], ["campaign", "request.method"]).rows == [
        {"campaign": "Google Loans MX", "request.method": "POST"}
    ]
