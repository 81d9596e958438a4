"""The Keitaro node's description: identity, credential slot, resource and operation selectors;
and each parameter's name by its display name."""

from __future__ import annotations

from typing import Any

from kflow.host import NodeDescription, NodeProperty
from kflow.nodes.keitaro.resource_table import RESOURCES

__all__ = ["DESCRIPTION", "parameter_name"]


def _resource_selector() -> dict[str, Any]:
    return {
        "displayName": "Ресурс",
        "name": "resource",
        "type": "options",
        "noDataExpression": True,
        "default": next(iter(RESOURCES)),
        "options": [resource.label for resource in RESOURCES.values()],
    }


def _operation_selector(resource: str) -> dict[str, Any]:
    operations = RESOURCES[resource].operations
    return {
        "displayName": "Операция",
        "name": "operation",
        "type": "options",
        "noDataExpression": True,
        "displayOptions": {"show": {"resource": [resource]}},
        "default": next(iter(operations)),
        "options": [module.OPERATION for module in operations.values()],
    }


def _properties() -> list[NodeProperty]:
    props = [NodeProperty.model_validate(_resource_selector())]
    props += [NodeProperty.model_validate(_operation_selector(r)) for r in RESOURCES]
    for resource in RESOURCES.values():
        props += resource.properties
    return props


DESCRIPTION = NodeDescription(
    displayName="Keitaro",
    name="keitaro",
    icon="fa:chart-line",
    group=["transform"],
    version=1,
    subtitle='={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description="Работа с API Keitaro: campaigns, streams, offers, landings, sources, "
    "domains, clicks, conversions, postbacks, reports and more through a tracker's Admin API",
    defaults={"name": "Keitaro"},
    inputs=["main"],
    outputs=["main"],
    credentials=[{"name": "keitaroApi", "required": True, "testedBy": "keitaroApiTest"}],
    properties=_properties(),
)


def _names_by_label() -> dict[str, frozenset[str]]:
    names: dict[str, set[str]] = {}
    for prop in DESCRIPTION.properties:
        names.setdefault(prop.displayName, set()).add(prop.name)
    return {label: frozenset(found) for label, found in names.items()}


_NAMES = _names_by_label()


def parameter_name(label: str, params: dict[str, Any]) -> str | None:
    """The name of the parameter shown as `label`: the one these parameters hold, or the
    only one with that label; None when the label names no single parameter (the node
    adds it to an operation's Refusal)."""
    names = _NAMES.get(label, frozenset())
    held = names & set(params)
    if len(held) == 1:
        return next(iter(held))
    return next(iter(names)) if len(names) == 1 else None
