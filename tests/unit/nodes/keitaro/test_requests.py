"""Every operation's request: method, path, and a body valid against its JSON Schema.

Operations with a hand-written case below are checked against it; every operation is also
built from its declared example and checked against its route.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kflow.host.errors import NodeOperationError
from kflow.host.node import ItemContext
from kflow.host.parameters import resolve_parameters
from kflow.nodes.keitaro import KeitaroNode
from kflow.nodes.keitaro.resource_table import RESOURCES
from kflow.schemas import load_schema

CUSTOM_RANGE = {"interval": "custom", "dateFrom": "2026-11-01", "dateTo": "2026-11-02T10:30"}
FILTERS = {
    "filter": [
        {"name": "campaign_id", "operator": "IN_LIST", "value": "1, 2"},
        {"name": "cost", "operator": "BETWEEN", "value": "[0.1, 0.5]"},
        {"name": "keyword", "operator": "IS_SET"},
        {"name": "sub_id_1", "operator": "HAS_LABEL", "value": "blacklist"},
    ]
}

ONE_DAY = {"cost": [{"dateFrom": "2026-11-01", "dateTo": "2026-11-01", "cost": 1}]}

# (resource, operation) -> (parameters, method, path and query)
CASES: dict[tuple[str, str], tuple[dict[str, Any], str, str]] = {
    ("click", "update"): ({"clickId": "abc", "clickData": '{"cost": 1}'}, "PUT", "/clicks/abc"),
    ("click", "getLog"): (
        {**CUSTOM_RANGE, "filters": FILTERS, "sort": {"rule": [{"name": "cost"}]}},
        "POST",
        "/clicks/log",
    ),
    ("click", "updateCosts"): (
        {
            "campaignIds": "1, 2",
            "costs": {
                "cost": [
                    {"dateFrom": "2026-11-01", "dateTo": "2026-11-01", "cost": 12.5},
                    {
                        "dateFrom": "2026-11-02T08:00",
                        "dateTo": "2026-11-02T20:00",
                        "cost": 3,
                        "filters": '{"sub_id_1": ["ad-1", "ad-2"]}',
                    },
                ]
            },
            "timezone": "Europe/Moscow",
            "currency": "eur",
        },
        "POST",
        "/clicks/update_costs",
    ),
    ("click", "clean"): (
        {"dateFrom": "2026-11-01", "dateTo": "2026-11-01", "campaignId": 3},
        "POST",
        "/clicks/clean",
    ),
    ("campaign", "getMany"): ({}, "GET", "/campaigns"),
    ("campaign", "get"): ({"campaignId": 7}, "GET", "/campaigns/7"),
    ("campaign", "create"): (
        {
            "name": "Spring",
            "additionalFields": {"alias": "spring", "cost_value": 0.2, "parameters": "{}"},
        },
        "POST",
        "/campaigns",
    ),
    ("campaign", "update"): (
        {"campaignId": 7, "updateFields": {"name": "Renamed", "state": "disabled"}},
        "PUT",
        "/campaigns/7",
    ),
    ("campaign", "archive"): ({"campaignId": 7}, "DELETE", "/campaigns/7"),
    ("campaign", "restore"): ({"campaignId": 7}, "POST", "/campaigns/7/restore"),
    ("campaign", "enable"): ({"campaignId": 7}, "POST", "/campaigns/7/enable"),
    ("campaign", "disable"): ({"campaignId": 7}, "POST", "/campaigns/7/disable"),
    ("campaign", "clone"): ({"campaignId": 7}, "POST", "/campaigns/7/clone"),
    ("campaign", "getArchived"): ({}, "GET", "/campaigns/deleted"),
    ("campaign", "getStreams"): ({"campaignId": 7}, "GET", "/campaigns/7/streams"),
    ("campaign", "updateCosts"): (
        {"campaignId": 7, "dateFrom": "2026-11-01", "dateTo": "2026-11-03", "cost": 40},
        "POST",
        "/campaigns/7/update_costs",
    ),
    ("conversion", "getLog"): ({"interval": "yesterday"}, "POST", "/conversions/log"),
    ("postback", "send"): (
        {
            "subid": "abc",
            "status": "Approved",
            "additionalFields": {
                "payout": 10,
                "tid": "t-1",
                "sale_status": "Approved",
                "subIds": '{"sub_id_2": "x"}',
            },
        },
        "GET",
        "/pbkey42/postback?subid=abc&status=Approved&payout=10&tid=t-1&sale_status=Approved"
        "&sub_id_2=x",
    ),
    ("postback", "getReceivedLog"): ({"search": "abc"}, "GET", "/logs/postbacks?query=abc"),
    ("postback", "getSentLog"): ({}, "GET", "/logs/sent_postbacks"),
    ("statistics", "buildReport"): (
        {
            "filters": FILTERS,
            "sort": {"rule": [{"name": "roi", "order": "ASC"}]},
            "measures": ["clicks", "roi"],
        },
        "POST",
        "/report/build",
    ),
    ("statistics", "getLabels"): (
        {"campaignId": 7, "labelName": "blacklist"},
        "GET",
        "/report/labels?campaign_id=7&ref_name=sub_id_1&label_name=blacklist",
    ),
    ("statistics", "setLabels"): (
        {"campaignId": 7, "values": "ad-1,\nad-2"},
        "POST",
        "/report/labels",
    ),
}


@pytest.fixture
def prepare(ctx_factory: Callable[..., ItemContext]) -> Callable[..., Any]:
    def run(resource: str, operation: str, params: dict[str, Any]) -> Any:
        values = {"resource": resource, "operation": operation, **params}
        resolved = resolve_parameters(KeitaroNode.description, values, node_name="Keitaro")
        ctx = ctx_factory(resolved)
        ctx.credentials["keitaroApi"]["postbackKey"] = "pbkey42"
        return KeitaroNode().prepare(ctx)

    return run


OFFERED = sorted((r, o) for r, entry in RESOURCES.items() for o in entry.operations)


def test_every_case_is_an_offered_operation() -> None:
    assert set(CASES) <= set(OFFERED)


def _check_body(call: Any, resource: str, operation: str) -> None:
    request = call.request
    schema = getattr(call.module, "BODY_SCHEMA", None) or (
        load_schema(call.module.SCHEMA) if getattr(call.module, "SCHEMA", None) else None
    )
    if request.body is not None:
        assert schema, f"{resource}/{operation} sends a body without a schema"
        Draft202012Validator(schema).validate(request.body)
    else:
        assert schema is None, f"{resource}/{operation} has a schema but sends no body"


def _route_pattern(route: dict[str, str]) -> str:
    prefix = "" if route.get("api") == "tracker" else "/admin_api/v1"
    return prefix + re.sub(r"\\\{[a-zA-Z]+\\\}", "[^/?]+", re.escape(route["path"])) + r"([?&].*)?"


@pytest.mark.parametrize(("resource", "operation"), sorted(CASES))
def test_request_is_built_and_valid(
    prepare: Callable[..., Any], resource: str, operation: str
) -> None:
    params, method, path = CASES[(resource, operation)]
    call = prepare(resource, operation, params)
    request = call.request
    assert request.method == method
    parts = urllib.parse.urlsplit(request.url)
    prefix = "" if (resource, operation) == ("postback", "send") else "/admin_api/v1"
    assert parts.path + (f"?{parts.query}" if parts.query else "") == prefix + path
    _check_body(call, resource, operation)


@pytest.mark.parametrize(("resource", "operation"), OFFERED)
def test_example_builds_a_request_on_its_route(
    prepare: Callable[..., Any], resource: str, operation: str
) -> None:
    handler = RESOURCES[resource].operations[operation]
    call = prepare(resource, operation, dict(handler.EXAMPLE))
    request = call.request
    assert request.method == handler.ROUTE["method"]
    parts = urllib.parse.urlsplit(request.url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    assert re.fullmatch(_route_pattern(handler.ROUTE), target), (target, handler.ROUTE)
    _check_body(call, resource, operation)


def test_bodies_carry_what_was_asked(prepare: Callable[..., Any]) -> None:
    costs = prepare("click", "updateCosts", CASES[("click", "updateCosts")][0]).request.body
    assert costs == {
        "campaign_ids": [1, 2],
        "costs": [
            {
                "start_date": "2026-11-01 00:00",
                "end_date": "2026-11-01 23:59",
                "cost": "12.5",
                "timezone": "Europe/Moscow",
                "currency": "EUR",
            },
            {
                "start_date": "2026-11-02 08:00",
                "end_date": "2026-11-02 20:00",
                "cost": "3",
                "timezone": "Europe/Moscow",
                "currency": "EUR",
                "filters": {"sub_id_1": "ad-1,ad-2"},
            },
        ],
        "timezone": "Europe/Moscow",
        "only_campaign_uniques": 0,
        "currency": "EUR",
    }
    log = prepare("click", "getLog", CASES[("click", "getLog")][0]).request.body
    assert log["range"] == {"from": "2026-11-01", "to": "2026-11-02 10:30:00", "timezone": "UTC"}
    assert log["filters"][0] == {
        "name": "campaign_id",
        "operator": "IN_LIST",
        "expression": ["1", "2"],
    }
    assert log["filters"][1]["expression"] == [0.1, 0.5]
    assert "expression" not in log["filters"][2]


def test_report_wire_names(prepare: Callable[..., Any]) -> None:
    current = prepare("statistics", "buildReport", {}).request.body
    assert {"dimensions", "measures"} <= set(current) and "grouping" not in current
    legacy = prepare("statistics", "buildReport", {"options": {"wireNames": "legacy"}}).request.body
    assert {"grouping", "metrics"} <= set(legacy) and "dimensions" not in legacy
    Draft202012Validator(load_schema("report_build")).validate(legacy)


def test_postback_key_is_masked_in_the_request_shown(
    prepare: Callable[..., Any], ctx_factory: Any
) -> None:
    call = prepare("postback", "send", {"subid": "abc"})
    shown = call.request.describe(ctx_factory({}))
    assert "****" in shown["url"]


@pytest.mark.parametrize(
    ("resource", "operation", "params", "parameter", "message"),
    [
        ("click", "getLog", {"columns": []}, "Колонки", "at least one column"),
        (
            "click",
            "getLog",
            {"interval": "custom", "dateFrom": "yesterday"},
            "С",
            "not an ISO date",
        ),
        ("click", "getLog", {**CUSTOM_RANGE, "dateTo": "2026-10-01"}, "По", "before the start"),
        ("click", "getLog", {"timezone": "MSK"}, "Часовой пояс", "not an IANA time zone"),
        (
            "click",
            "getLog",
            {"filters": {"filter": [{"name": "cost", "operator": "BETWEEN", "value": "1"}]}},
            "Фильтры",
            "BETWEEN takes two values",
        ),
        (
            "click",
            "getLog",
            {"filters": {"filter": [{"name": "cost", "operator": "GREATER_THAN"}]}},
            "Фильтры",
            "needs a value",
        ),
        ("click", "updateCosts", {"campaignIds": ""}, "ID Кампаний", "is required"),
        ("click", "updateCosts", {"campaignIds": "1,x"}, "ID Кампаний", '"x" is not a campaign ID'),
        ("click", "updateCosts", {"campaignIds": "1"}, "Расходы", "at least one cost entry"),
        (
            "click",
            "updateCosts",
            {
                "campaignIds": "1",
                "costs": {
                    "cost": [
                        {
                            "dateFrom": "2026-11-01",
                            "dateTo": "2026-11-01",
                            "filters": '{"country": "DE"}',
                        }
                    ]
                },
            },
            "Расходы",
            'cannot filter costs by "country"',
        ),
        (
            "click",
            "updateCosts",
            {"campaignIds": "1", "currency": "euro", "costs": ONE_DAY},
            "Валюта",
            "not a currency",
        ),
        ("campaign", "get", {}, "ID Кампании", "is required"),
        ("campaign", "create", {"name": " "}, "Название", "is required"),
        (
            "campaign",
            "create",
            {"name": "x", "additionalFields": {"parameters": "[1]"}},
            "Дополнительные поля › Параметры",
            "must be a JSON object",
        ),
        ("campaign", "update", {"campaignId": 1}, "Поля для обновления", "at least one field"),
        ("postback", "send", {"subid": ""}, "Subid", "is required"),
        ("postback", "send", {"subid": "a", "status": "approved"}, "Статус", "no status mapping"),
        (
            "statistics",
            "buildReport",
            {"dimensions": [], "measures": []},
            "Метрики",
            "at least one",
        ),
        (
            "statistics",
            "buildReport",
            {"measures": ["clicks"], "sort": {"rule": [{"name": "roi"}]}},
            "Сортировка",
            '"roi" is not one of the report\'s',
        ),
        ("statistics", "setLabels", {"campaignId": 1, "values": " , "}, "Значения", "one or more"),
        (
            "stream",
            "create",
            {"campaignId": 1, "name": "x", "action_type": "teleport"},
            "Действие",
            "is not one of",
        ),
        ("stream", "get", {"streamId": "abc"}, "ID Потока", "is not a number"),
        ("stream", "get", {"streamId": 1.5}, "ID Потока", "is not a whole number"),
        ("stream", "get", {"streamId": 0}, "ID Потока", "is required"),
        ("offer", "update", {"offerId": 1}, "Поля для обновления", "at least one field"),
        (
            "offer",
            "update",
            {"offerId": 1, "updateFields": {"payout_value": "12,5"}},
            "Выплата",
            "is not a number",
        ),
        (
            "stream",
            "update",
            {"streamId": 1, "updateFields": {"offers": "{}"}},
            "Поля для обновления › Офферы",
            "must be a JSON array",
        ),
        ("group", "getMany", {"type": "pages"}, "Тип группы", "is not one of"),
        ("user", "create", {"login": "u", "type": "USER"}, "Пароль", "is required"),
        ("offer", "getFile", {"offerId": 1, "path": " "}, "Путь к файлу", "is required"),
    ],
)
def test_bad_parameters_name_the_parameter(
    prepare: Callable[..., Any],
    resource: str,
    operation: str,
    params: dict[str, Any],
    parameter: str,
    message: str,
) -> None:
    with pytest.raises(NodeOperationError) as caught:
        prepare(resource, operation, params)
    assert caught.value.parameter == parameter
    assert message in str(caught.value)


def test_postback_without_any_key(ctx_factory: Callable[..., ItemContext]) -> None:
    values = {"resource": "postback", "operation": "send", "subid": "abc"}
    resolved = resolve_parameters(KeitaroNode.description, values, node_name="Keitaro")
    with pytest.raises(NodeOperationError, match="is not set"):
        KeitaroNode().prepare(ctx_factory(resolved))


def test_money_fields_go_out_as_exact_decimals(prepare: Callable[..., Any]) -> None:
    body = prepare(
        "campaign",
        "create",
        {"name": "x", "additionalFields": {"cost_value": "1234567.891", "group_id": 0}},
    ).request.body
    assert body == {"name": "x", "cost_value": Decimal("1234567.891"), "group_id": "0"}
    offer = prepare("offer", "update", {"offerId": 1, "updateFields": {"payout_value": 12.3}})
    assert offer.request.body == {"payout_value": Decimal("12.3")}


def test_secret_query_values_are_masked_in_the_request_echo(
    prepare: Callable[..., Any], ctx_factory: Callable[..., ItemContext]
) -> None:
    key = "avscan-secret-0123456789"
    values = {"resource": "integration", "operation": "setAvscan", "avscan_key": key}
    ctx = ctx_factory(resolve_parameters(KeitaroNode.description, values, node_name="Keitaro"))
    call = KeitaroNode().prepare(ctx)
    assert key in call.request.url
    assert key not in str(call.request.describe(ctx))
    assert key not in ctx.redactor.text(f"failed: {call.request.path}")
