"""Errors that teach: each names the parameter as the user writes it, offers the nearest
name for a typo, writes values as JSON does, and says how to fix the cause."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from kflow.host.credential_slots import missing_credentials_message
from kflow.host.errors import ConfigError, NodeOperationError
from kflow.host.flow_loader import load_flow_data
from kflow.host.inputs import read_items
from kflow.host.parameters import apply_values, parameter_problems, resolve_parameters
from kflow.host.records import read_records
from kflow.host.registry import load_node, load_node_type
from kflow.host.validate import validate_flow
from kflow.host.wording import did_you_mean, listed, shown
from kflow.testing import MemoryTransport, run_flow

KEITARO = load_node("keitaro").description
CREDENTIALS = {"keitaroApi": {"domain": "https://tracker.example.test", "apiKey": "k"}}


def refusal(values: dict[str, Any]) -> str:
    with pytest.raises(NodeOperationError) as caught:
        resolve_parameters(KEITARO, values, node_name="Keitaro")
    return str(caught.value)


# 1. Russian label with the English name beside it, and "did you mean".


def test_an_option_typo_names_the_parameter_both_ways_and_offers_the_nearest() -> None:
    message = refusal({"resource": "campaign", "operation": "disabel"})
    assert message.startswith(
        'Keitaro: parameter "Операция" (operation): "disabel" is not one of the options; '
        'did you mean "disable"? Options: getMany, get,'
    )


@pytest.mark.parametrize(
    ("typed", "meant"), [("campain", "campaign"), ("Get Many", "getMany"), ("CLICK", "click")]
)
def test_resources_and_operations_get_the_nearest_value(typed: str, meant: str) -> None:
    values = (
        {"resource": typed} if meant != "getMany" else {"resource": "campaign", "operation": typed}
    )
    assert f'did you mean "{meant}"?' in refusal(values)


def test_a_node_type_typo_offers_the_installed_one() -> None:
    with pytest.raises(ConfigError) as caught:
        load_node_type("keitaroo")
    assert str(caught.value).startswith('unknown node type "keitaroo"; did you mean "keitaro"?')


def test_an_n8n_type_typo_is_compared_within_its_package() -> None:
    with pytest.raises(ConfigError, match=r'did you mean "n8n-nodes-base\.httpRequest"'):
        load_node_type("n8n-nodes-base.htttpRequest")
    with pytest.raises(ConfigError) as caught:
        load_node_type("n8n-nodes-base.html")
    assert "did you mean" not in str(caught.value)


def test_a_keitaro_message_names_the_parameter_both_ways() -> None:
    error = NodeOperationError(
        "Keitaro", "is required", parameter="ID Кампаний", parameter_name="campaignIds"
    )
    assert str(error) == 'Keitaro: parameter "ID Кампаний" (campaignIds): is required'


# 2. An unknown parameter lists only what the current resource and operation take.


def test_an_unknown_parameter_lists_the_parameters_of_its_operation_only() -> None:
    message = refusal({"resource": "campaign", "operation": "getMany", "limt": 5})
    assert message == (
        'Keitaro: unknown parameter "limt"; did you mean "limit"? With resource "campaign", '
        'operation "getMany", this node takes: resource, operation, returnAll, limit, options'
    )


def test_an_unknown_parameter_beside_a_bad_operation_lists_no_other_operations(
    tmp_path: Path,
) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(
        "name: x\nnodes:\n  - name: A\n    type: keitaro\n    parameters:\n"
        "      {resource: campaign, operation: disabel, campaignid: 1}\n",
        encoding="utf-8",
    )
    _, problems = validate_flow(load_flow_data(path))
    texts = [problem.message for problem in problems]
    assert any('"disabel" is not one of the options; did you mean "disable"?' in t for t in texts)
    assert any(t.endswith("Fix operation first: what this node takes depends on it") for t in texts)
    assert not any("getMany" in t and "campaignid" in t for t in texts)


def test_a_parameter_typed_by_its_russian_label_is_pointed_to_its_name() -> None:
    message = refusal({"resource": "campaign", "operation": "get", "ID Кампании": 5})
    assert 'did you mean "campaignId"?' in message


# 3. No Python spellings.


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "null"), (True, "true"), ("x", '"x"'), ([1, "a"], '[1, "a"]')],
)
def test_values_are_shown_as_json_writes_them(value: object, text: str) -> None:
    assert shown(value) == text


def test_a_missing_option_value_says_so_instead_of_none() -> None:
    message = refusal({"resource": "campaign", "operation": None})
    assert "has no value; choose one of: getMany" in message
    assert "None" not in message


def test_no_python_reprs_in_parameter_messages() -> None:
    problems = parameter_problems(
        KEITARO,
        {"resource": "campaign", "operation": "getMany", "returnAll": "maybe", "limit": "x"},
        node_name="K",
    )
    assert [str(p.error) for p in problems] == [
        'K: parameter "Вернуть все" (returnAll): "maybe" is not true or false',
        'K: parameter "Лимит" (limit): "x" is not a number',
    ]


def test_helpers_read_naturally() -> None:
    assert did_you_mean("sub_idd", ["sub_id", "cost"]) == 'did you mean "sub_id"?'
    assert did_you_mean("zzz", ["sub_id"]) == ""
    assert listed(range(25), limit=3) == "0, 1, 2 … and 22 more"


# 4. An expression that gave nothing says which fields the item has.

CLICK_UPDATE = {"resource": "click", "operation": "update", "clickId": "={{ $json.subid }}"}


def click_plan_error(item: dict[str, Any] | None) -> str:
    resolved = resolve_parameters(KEITARO, CLICK_UPDATE, node_name="Keitaro")
    with pytest.raises(NodeOperationError) as caught:
        apply_values(KEITARO, resolved, {"clickId": None}, node_name="Keitaro", item=item)
    return str(caught.value)


def test_an_undefined_expression_names_the_fields_the_item_has() -> None:
    message = click_plan_error({"sub_id": "a", "cost": "1", "date": "2026-11-01"})
    assert message == (
        'Keitaro: parameter "ID Клика" (clickId): the expression {{ $json.subid }} gave '
        "undefined; the item has fields: sub_id, cost, date. Did you mean $json.sub_id?"
    )


def test_a_null_field_is_called_null_and_the_field_list_is_capped() -> None:
    item: dict[str, Any] = {"subid": None, **{f"f{n}": n for n in range(30)}}
    message = click_plan_error(item)
    assert "gave null; the item has fields: subid, f0," in message
    assert "… and 11 more" in message


def test_an_item_with_no_fields_says_so() -> None:
    assert "the item has no fields" in click_plan_error({})


# 5. CSV: delimiter, encoding, decimal commas.

SEMICOLON_CSV = "sub_id;cost;date\nabc;1 234,56;2026-11-01\n"


def test_a_semicolon_csv_is_read_by_its_header_and_amounts_stay_text() -> None:
    assert read_records(SEMICOLON_CSV, "csv", "x.csv") == [
        {"sub_id": "abc", "cost": "1 234,56", "date": "2026-11-01"}
    ]


def test_tab_and_quoted_delimiters_and_excel_sep_line() -> None:
    assert read_records("a\tb\n1\t2\n", "csv", "x") == [{"a": "1", "b": "2"}]
    assert read_records('a;b\n1;"2;3"\n', "csv", "x") == [{"a": "1", "b": "2;3"}]
    assert read_records("sep=;\na;b\n1,5;2\n", "csv", "x") == [{"a": "1,5", "b": "2"}]


def test_utf8_with_bom_and_cp1251_are_read(caplog: pytest.LogCaptureFixture) -> None:
    text = "Кампания;Расход\nТест;1 234,56\n"
    expected = [{"Кампания": "Тест", "Расход": "1 234,56"}]
    with caplog.at_level(logging.WARNING, logger="kflow"):
        assert read_records(text.encode("utf-8-sig"), "csv", "x.csv") == expected
        assert not caplog.records
        assert read_records(text.encode("cp1251"), "csv", "x.csv") == expected
    assert "x.csv is not UTF-8: read it as Windows-1251" in caplog.text
    assert read_records(text.encode("cp1251"), "csv", "x", encoding="cp1251") == expected


def test_a_file_that_is_neither_utf8_nor_cyrillic_names_the_option() -> None:
    with pytest.raises(ValueError, match="set the encoding option"):
        read_records("café crème\n".encode("latin-1"), "csv", "x.csv")


def test_an_ambiguous_delimiter_names_the_option() -> None:
    with pytest.raises(ValueError, match="commas or semicolons; set the delimiter option"):
        read_records("a,b;c\n1,2;3\n", "csv", "x.csv")
    assert read_records("a,b;c\n1,2;3\n", "csv", "x", delimiter="semicolon") == [
        {"a,b": "1,2", "c": "3"}
    ]


def test_a_row_longer_than_the_header_is_refused() -> None:
    with pytest.raises(ValueError, match="row 2 has 3 values but the header row names 2"):
        read_records("a;b\n1;2;3\n", "csv", "x.csv")


def test_items_files_are_read_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "costs.csv"
    path.write_bytes(SEMICOLON_CSV.encode("cp1251"))
    assert read_items(str(path))[0]["json"] == {
        "sub_id": "abc",
        "cost": "1 234,56",
        "date": "2026-11-01",
    }


def flow_file(tmp_path: Path, csv_text: str, click_id: str) -> Path:
    (tmp_path / "clicks.csv").write_text(csv_text, encoding="utf-8")
    path = tmp_path / "flow.yaml"
    path.write_text(
        "name: f\n"
        "nodes:\n"
        "  - name: Read\n"
        "    type: input\n"
        f"    parameters: {{source: file, path: {tmp_path / 'clicks.csv'}}}\n"
        "  - name: Update\n"
        "    type: keitaro\n"
        "    parameters:\n"
        "      resource: click\n"
        "      operation: update\n"
        f'      clickId: "={click_id}"\n'
        "connections:\n"
        "  Read: [Update]\n",
        encoding="utf-8",
    )
    return path


async def test_a_csv_without_the_column_the_flow_reads_names_the_expression(
    tmp_path: Path,
) -> None:
    path = flow_file(tmp_path, SEMICOLON_CSV, "{{ $json.subid }}")
    with pytest.raises(NodeOperationError) as caught:
        await run_flow(path, credentials=CREDENTIALS, transport=MemoryTransport())
    assert str(caught.value).startswith(
        'Update: item 0: parameter "ID Клика" (clickId): the expression {{ $json.subid }} gave'
    )


async def test_a_csv_without_the_column_lists_the_columns_it_has(tmp_path: Path) -> None:
    path = flow_file(tmp_path, SEMICOLON_CSV, "{{ $json.subid }}")
    with pytest.raises(NodeOperationError) as caught:
        await run_flow(path, credentials=CREDENTIALS, transport=MemoryTransport())
    assert str(caught.value).endswith(
        "gave undefined; the item has fields: sub_id, cost, date. Did you mean $json.sub_id?"
    )


# 6. YAML errors in plain words, with the line.


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name: x\nnodes:\n\t- name: a\n",
            "line 3: a tab character is not allowed for indentation",
        ),
        (
            "name: x\nnodes:\n  - name: a\n    type: input\n   parameters: {}\n",
            "line 5: this line is indented differently from the lines above it",
        ),
        (
            "nodes:\n  - name: a\n     type: input\n",
            "line 3: this line is indented more than the line above it",
        ),
        ('name: "x\nnodes: []\n', 'line 1: the double quote (") opened on line 1 is never closed'),
        (
            "name: x\nnodes: []\nname: y\n",
            'line 3: the key "name" appears twice in the same mapping (first on line 1)',
        ),
        ("name: x: y\n", 'line 1: a value that holds ": " must be in quotes'),
        (
            "nodes:\n  - name: a\n    parameters:\n      p: {{ $json.x }}\n",
            "line 4: an expression in {{ }} must be in quotes",
        ),
    ],
)
def test_yaml_errors_in_plain_words(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_flow_data(path)
    assert str(caught.value) == f"{path}, {message}" or str(caught.value).startswith(
        f"{path}, {message}"
    )
    assert "<block" not in str(caught.value) and "^" not in str(caught.value)


def test_json_errors_give_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "flow.json"
    path.write_text('{\n  "a": 1,\n}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"flow.json, line 3, column 1: not valid JSON"):
        load_flow_data(path)


# 7. `kflow validate` reports every problem of every node.


def test_validate_reports_every_problem_of_a_node_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(
        "name: f\n"
        "nodes:\n"
        "  - name: Get\n"
        "    type: keitaro\n"
        "    parameters:\n"
        "      resource: campaign\n"
        "      operation: getMany\n"
        "      returnAll: maybe\n"
        "      limt: 5\n"
        "      options: {nope: 1}\n"
        "  - name: Other\n"
        "    type: keitaro\n"
        "    parameters: {resource: campain}\n",
        encoding="utf-8",
    )
    _, problems = validate_flow(load_flow_data(path))
    found = [(p.line, p.message) for p in problems]
    assert [line for line, _ in found] == [8, 9, 10, 13]
    assert (
        found[0][1]
        == 'node "Get": parameter "Вернуть все" (returnAll): "maybe" is not true or false'
    )
    assert found[1][1].startswith('node "Get": unknown parameter "limt"; did you mean "limit"?')
    assert 'has no field "nope"' in found[2][1]
    assert 'did you mean "campaign"?' in found[3][1]


# 8. A missing credential names the environment variables that fill it.


def test_a_missing_credential_names_its_environment_variables() -> None:
    message = missing_credentials_message("Keitaro", "keitaroApi")
    assert message.startswith(
        'Keitaro: needs credentials "keitaroApi" (Keitaro API), and none are loaded. '
        "Set KEITARO_URL and KEITARO_API_KEY in the environment (KEITARO_POSTBACK_KEY optional)"
    )
    assert "--credentials FILE" in message and "--sandbox" in message


async def test_a_flow_without_credentials_says_which_variables_to_set(tmp_path: Path) -> None:
    path = flow_file(tmp_path, "subid\nabc\n", "{{ $json.subid }}")
    with pytest.raises(ConfigError, match="Set KEITARO_URL and KEITARO_API_KEY"):
        await run_flow(path, transport=MemoryTransport())
