"""The Keitaro node's description: selectors, labels, and only working operations offered."""

from __future__ import annotations

from kflow.host.descriptors import NodeProperty
from kflow.host.display import is_displayed
from kflow.host.parameters import resolve_parameters
from kflow.nodes.keitaro import KeitaroNode
from kflow.nodes.keitaro.resource_table import RESOURCES

DESCRIPTION = KeitaroNode.description


def prop(name: str) -> NodeProperty:
    (found,) = [p for p in DESCRIPTION.properties if p.name == name]
    return found


def test_identity() -> None:
    assert DESCRIPTION.name == "keitaro"
    assert "Работа с API Keitaro" in DESCRIPTION.description
    assert [c.name for c in DESCRIPTION.credentials] == ["keitaroApi"]


def test_click_update_properties_have_the_specified_labels() -> None:
    click_id, click_data = prop("clickId"), prop("clickData")
    assert (click_id.displayName, click_id.type, click_id.required) == ("ID Клика", "string", True)
    assert (click_data.displayName, click_data.type, click_data.required) == (
        "Данные Клика",
        "json",
        True,
    )
    for p in (click_id, click_data):
        assert is_displayed(p.displayOptions, {"resource": "click", "operation": "update"})
        assert not is_displayed(p.displayOptions, {"resource": "click", "operation": "getLog"})


def test_selectors_offer_exactly_the_implemented_operations() -> None:
    resource = prop("resource")
    assert resource.option_values() == list(RESOURCES)
    operations = [p for p in DESCRIPTION.properties if p.name == "operation"]
    for selector in operations:
        assert selector.displayOptions and selector.displayOptions.show
        (resource_name,) = selector.displayOptions.show["resource"]
        assert selector.option_values() == list(RESOURCES[resource_name].operations)
        assert selector.default in selector.option_values()


def test_every_operation_module_has_what_the_router_needs() -> None:
    for package in RESOURCES.values():
        for value, module in package.operations.items():
            assert module.OPERATION["value"] == value
            assert callable(module.prepare)


def test_defaults_resolve_to_click_update() -> None:
    params = resolve_parameters(DESCRIPTION, {}, node_name="Keitaro")
    assert params == {"resource": "click", "operation": "update", "clickId": "", "clickData": ""}


def test_n8n_json_has_no_empty_fields() -> None:
    data = DESCRIPTION.to_n8n()
    assert "hint" not in data["properties"][0]
    assert data["credentials"] == [
        {"name": "keitaroApi", "required": True, "testedBy": "keitaroApiTest"}
    ]
