"""`kflow describe` as text: the node, a resource, an operation (route, example, parameter
table with collection fields), generic nodes, fitting the width, and did-you-mean errors."""

from __future__ import annotations

import shlex
import subprocess
from typing import Any

import pytest

from kflow.host.cli.describe_text import (
    NodeFacts,
    operations,
    parameters,
    render,
    resources,
    selectors,
)
from kflow.host.descriptors import NodeDescription
from kflow.host.errors import ConfigError
from kflow.host.parameters import resolve_parameters
from kflow.host.registry import load_node, load_node_type, n8n_type_name
from kflow.host.versions import default_version, versions_of


def shop_node(routes: tuple[dict[str, Any], ...] = ()) -> NodeFacts:
    """A small node with two resources, a collection and a fixedCollection."""
    description = NodeDescription.model_validate(
        {
            "displayName": "Shop",
            "name": "shop",
            "version": [1, 2],
            "description": "Orders and products of a shop",
            "credentials": [{"name": "shopApi", "required": True}],
            "properties": [
                {
                    "displayName": "Ресурс",
                    "name": "resource",
                    "type": "options",
                    "default": "order",
                    "options": [
                        {"name": "Заказ", "value": "order", "description": "An order"},
                        {"name": "Товар", "value": "product"},
                    ],
                },
                {
                    "displayName": "Операция",
                    "name": "operation",
                    "type": "options",
                    "default": "update",
                    "displayOptions": {"show": {"resource": ["order"]}},
                    "options": [
                        {"name": "Обновить", "value": "update", "description": "Change one"},
                        {"name": "Получить все", "value": "getMany"},
                    ],
                },
                {
                    "displayName": "Операция",
                    "name": "operation",
                    "type": "options",
                    "default": "get",
                    "displayOptions": {"show": {"resource": ["product"]}},
                    "options": [{"name": "Получить", "value": "get"}],
                },
                {
                    "displayName": "ID Заказа",
                    "name": "orderId",
                    "type": "number",
                    "required": True,
                    "default": 0,
                    "description": "The order's ID",
                    "displayOptions": {"show": {"resource": ["order"], "operation": ["update"]}},
                },
                {
                    "displayName": "Поля",
                    "name": "updateFields",
                    "type": "collection",
                    "default": {},
                    "displayOptions": {"show": {"resource": ["order"], "operation": ["update"]}},
                    "options": [
                        {"displayName": "Сумма", "name": "amount", "type": "number", "default": 0},
                        {
                            "displayName": "Статус",
                            "name": "status",
                            "type": "options",
                            "default": "a",
                            "options": [{"name": n.upper(), "value": n} for n in "abcdefghijkl"],
                        },
                    ],
                },
                {
                    "displayName": "Вернуть все",
                    "name": "returnAll",
                    "type": "boolean",
                    "default": False,
                    "displayOptions": {"show": {"resource": ["order"], "operation": ["getMany"]}},
                },
                {
                    "displayName": "Лимит",
                    "name": "limit",
                    "type": "number",
                    "default": 50,
                    "displayOptions": {
                        "show": {
                            "resource": ["order"],
                            "operation": ["getMany"],
                            "returnAll": [False],
                        }
                    },
                },
                {
                    "displayName": "Сортировка",
                    "name": "sort",
                    "type": "fixedCollection",
                    "default": {},
                    "typeOptions": {"multipleValues": True},
                    "displayOptions": {"show": {"resource": ["order"], "operation": ["getMany"]}},
                    "options": [
                        {
                            "name": "rule",
                            "displayName": "Правило",
                            "values": [
                                {
                                    "displayName": "Поле",
                                    "name": "field",
                                    "type": "string",
                                    "default": "",
                                }
                            ],
                        }
                    ],
                },
                {
                    "displayName": "Новое",
                    "name": "onlyNew",
                    "type": "boolean",
                    "default": True,
                    "displayOptions": {"show": {"@version": [{"_cnd": {"gte": 2}}]}},
                },
            ],
        }
    )
    return NodeFacts(
        type_name="shop",
        n8n_type="n8n-nodes-shop.shop",
        description=description,
        version=2.0,
        versions=(1.0, 2.0),
        default_version=2.0,
        routes=routes,
    )


ORDER_UPDATE_ROUTE = {
    "resource": "order",
    "operation": "update",
    "method": "PUT",
    "path": "/orders/{id}",
    "example": {"orderId": 7, "updateFields": {"amount": "12.50"}},
}


def installed(type_name: str, version: float | None = None) -> NodeFacts:
    node = load_node(type_name, version)
    node_type = load_node_type(type_name)
    routes = getattr(node, "routes", None)
    return NodeFacts(
        type_name=type_name,
        n8n_type=n8n_type_name(type_name),
        description=node.description,
        version=version or default_version(node_type),
        versions=tuple(versions_of(node_type)),
        default_version=default_version(node_type),
        routes=tuple(routes()) if routes else (),
    )


# --- structure -------------------------------------------------------------------------------


def test_resources_and_operations_take_values_and_labels_from_the_menus() -> None:
    facts = shop_node()
    assert [(c.value, c.label) for c in resources(facts)] == [
        ("order", "Заказ"),
        ("product", "Товар"),
    ]
    assert [c.value for c in operations(facts, "order")] == ["update", "getMany"]
    assert [c.value for c in operations(facts, "product")] == ["get"]


def test_parameters_are_those_shown_for_the_operation_with_collection_fields_under_them() -> None:
    rows = parameters(shop_node(), {"resource": "order", "operation": "update"})
    assert [(r.path, r.depth) for r in rows] == [
        (("orderId",), 0),
        (("updateFields",), 0),
        (("updateFields", "amount"), 1),
        (("updateFields", "status"), 1),
        (("onlyNew",), 0),
    ]
    order_id = rows[0]
    assert (order_id.label, order_id.type, order_id.required, order_id.default) == (
        "ID Заказа",
        "number",
        True,
        "0",
    )
    assert rows[3].options == tuple("abcdefghijkl")


def test_conditions_on_other_parameters_become_notes_and_groups_list_their_fields() -> None:
    rows = {
        r.path: r for r in parameters(shop_node(), {"resource": "order", "operation": "getMany"})
    }
    assert rows[("limit",)].notes == "when returnAll=false"
    assert rows[("sort", "rule")].type == "list"
    assert ("sort", "rule", "field") in rows


def test_version_rules_are_applied() -> None:
    older = NodeFacts(**{**shop_node().__dict__, "version": 1.0})
    names = [r.name for r in parameters(older, {"resource": "order", "operation": "update"})]
    assert "onlyNew" not in names


# --- the views -------------------------------------------------------------------------------


def test_the_node_view_lists_resources_with_their_operations_and_routes() -> None:
    text = render(shop_node((ORDER_UPDATE_ROUTE,)), [], width=100)
    assert text.startswith("Shop — shop (n8n: n8n-nodes-shop.shop)\n")
    assert "Versions: 1, 2 (default 2)" in text
    assert "Credentials: shopApi (required)" in text
    lines = text.splitlines()
    order = next(i for i, line in enumerate(lines) if line.startswith("order "))
    assert "Заказ" in lines[order]
    assert lines[order + 1].split() == ["update", "Обновить", "PUT", "/orders/{id}"]
    assert lines[order + 2].split() == ["getMany", "Получить", "все"]


def test_the_resource_view_lists_its_operations_with_descriptions() -> None:
    text = render(shop_node((ORDER_UPDATE_ROUTE,)), ["order"], width=100)
    assert text.splitlines()[0] == "Shop › order (Заказ)"
    assert "Change one" in text and "PUT /orders/{id}" in text
    assert "get " not in text  # product's operation


def test_the_operation_view_has_route_example_and_parameter_table() -> None:
    text = render(shop_node((ORDER_UPDATE_ROUTE,)), ["order", "update"], width=160)
    lines = text.splitlines()
    assert lines[0] == "Shop › order › update (Заказ › Обновить)"
    assert "Route: PUT /orders/{id}" in lines
    example = next(line for line in lines if line.startswith("  kflow node"))
    assert shlex.split(example) == [
        "kflow",
        "node",
        "shop",
        "-p",
        "resource=order",
        "-p",
        "operation=update",
        "-p",
        "orderId=7",
        "-p",
        'updateFields={"amount": "12.50"}',
    ]
    header = next(line for line in lines if line.startswith("name "))
    assert header.split() == ["name", "label", "type", "required", "default", "options", "notes"]
    assert any(line.startswith("  amount ") for line in lines)
    status = next(line for line in lines if line.startswith("  status "))
    assert "a, b, c, d, e, f, g, … (+5 more)" in status


def test_without_a_route_the_view_shows_the_required_parameters() -> None:
    text = render(shop_node(), ["order", "update"], width=100)
    assert "kflow node shop -p resource=order -p operation=update -p orderId=<number>" in text


def test_narrow_terminals_get_options_and_notes_after_the_table() -> None:
    text = render(shop_node(), ["order", "update"], width=60)
    assert all(len(line) <= 60 for line in text.splitlines() if not line.startswith("  kflow"))
    header = next(line for line in text.splitlines() if line.startswith("name "))
    assert "options" not in header
    assert "  updateFields.status: one of a, b, c, … (+9 more)" in text
    assert "  orderId: The order's ID" in text


def test_unknown_names_are_refused_with_the_closest_ones() -> None:
    facts = shop_node()
    with pytest.raises(ConfigError, match=r"no resource 'ordr'; did you mean 'order'\?"):
        selectors(facts, ["ordr"])
    with pytest.raises(ConfigError, match=r"shop order has no operation 'updat'.*'update'"):
        selectors(facts, ["order", "updat"])
    with pytest.raises(ConfigError, match="It has: order, product"):
        selectors(facts, ["xyz"])
    assert selectors(facts, ["Order", "UPDATE"]) == {"resource": "order", "operation": "update"}
    with pytest.raises(ConfigError, match="unexpected 'more'"):
        selectors(facts, ["order", "update", "more"])


# --- installed nodes -------------------------------------------------------------------------


def test_keitaro_stream_update() -> None:
    text = render(installed("keitaro"), ["stream", "update"], width=120)
    assert "Keitaro › stream › update (Поток › Обновить)" in text
    assert "Route: PUT /streams/{id}" in text
    assert "-p resource=stream -p operation=update -p streamId=1" in text
    for name in ("streamId", "updateFields", "  weight", "  action_type", "  offers"):
        assert any(line.startswith(name + " ") for line in text.splitlines()), name


def test_keitaro_node_view_names_every_operation_with_its_route() -> None:
    facts = installed("keitaro")
    text = render(facts, [], width=120)
    assert "PUT /clicks/{subid}" in text
    assert "Клик" in text
    assert text.count("\n  ") >= len(facts.routes)


def test_every_keitaro_example_is_a_command_the_node_accepts() -> None:
    """The example lines, read back as a shell would, are parameters that resolve."""
    facts = installed("keitaro")
    commands = []
    for route in facts.routes:
        text = render(facts, [route["resource"], route["operation"]], width=200)
        example = text.split("Example:\n", 1)[1].splitlines()[0].strip()
        commands.append(example)
    words = _shell_words(commands)
    for command, argv in zip(commands, words, strict=True):
        assert argv[:3] == ["kflow", "node", "keitaro"], command
        params = dict(argv[i + 1].split("=", 1) for i in range(3, len(argv), 2))
        resolve_parameters(facts.description, params, node_name="Keitaro")


def _shell_words(commands: list[str]) -> list[list[str]]:
    """Each command's words as bash reads them (the examples may use $'…')."""
    script = "".join(f"printf '%s\\0' {c}; printf '\\1'\n" for c in commands)
    out = subprocess.run(["bash", "-c", script], capture_output=True, check=True).stdout
    records = out.decode().split("\1")[:-1]
    return [record.split("\0")[:-1] for record in records]


@pytest.mark.parametrize("type_name", ["httpRequest", "if", "set", "code", "telegram", "dateTime"])
def test_core_nodes_render_at_any_width(type_name: str) -> None:
    facts = installed(type_name)
    for width in (60, 80, 200):
        text = render(facts, [], width=width)
        assert facts.description.displayName in text.splitlines()[0]


def test_http_request_shows_conditions_of_its_parameters() -> None:
    text = render(installed("httpRequest"), [], width=200)
    assert "when sendBody=true" in text
    assert "@tool" not in text  # shown only to AI agents, never here


def test_a_node_without_resources_takes_an_operation() -> None:
    text = render(installed("dateTime"), ["formatDate"], width=120)
    assert text.startswith("Date & Time › formatDate (Format a Date)")
    assert "customFormat" in text and "when format=custom" in text
    with pytest.raises(ConfigError, match="did you mean 'formatDate'"):
        render(installed("dateTime"), ["formatDat"], width=120)


def test_a_node_without_operations_refuses_more_words() -> None:
    with pytest.raises(ConfigError, match="no resources or operations"):
        render(installed("if"), ["anything"], width=100)
