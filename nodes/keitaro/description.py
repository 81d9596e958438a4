"""The Keitaro node's description: identity, credential slot, resource and operation selectors."""

from __future__ import annotations

from typing import Any

from kflow.host import NodeDescription, NodeProperty
from kflow.nodes.keitaro.resource_table import RESOURCES

__all__ = ["DESCRIPTION"]


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
