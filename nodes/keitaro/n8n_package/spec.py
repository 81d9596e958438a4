"""Each operation's wire description as the package's runtime reads it (SPEC).

Declarative operations give theirs from their Operation; coded modules may give an `N8N`
dict of the same shape. Operations with neither are left out of the package.
"""

from __future__ import annotations

from typing import Any

from kflow.nodes.keitaro.handlers.normalize import ID_FIELDS, JSON_FIELDS, NUMBER_FIELDS
from kflow.nodes.keitaro.operations.declarative import Declared
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.resource_table import RESOURCES

__all__ = ["NORMALIZE", "operation_specs"]

NORMALIZE = {
    "ids": sorted(ID_FIELDS),
    "numbers": sorted(NUMBER_FIELDS),
    "jsons": sorted(JSON_FIELDS),
}
"""The field sets kflow's normalize() uses, for the runtime's copy of it."""


def field_spec(spec: Field) -> dict[str, Any]:
    return {
        "key": spec.key,
        "name": spec.name,
        "label": spec.label,
        "kind": spec.kind,
        "options": list(spec.options),
        "secret": spec.secret,
    }


def _declared(handler: Declared) -> dict[str, Any]:
    op = handler.op
    return {
        "method": op.method,
        "path": op.path,
        "api": "admin",
        "ids": {name: field_spec(f) for name, f in op.ids.items()},
        "query": [field_spec(f) for f in op.query],
        "queryOptional": [field_spec(f) for f in op.query_optional],
        "required": [field_spec(f) for f in op.required],
        "optional": [field_spec(f) for f in op.optional],
        "collection": op.collection,
        "rawBody": None,
        "answer": op.answer,
        "unwrap": op.unwrap,
    }


def _coded(handler: Any) -> dict[str, Any] | None:
    given = getattr(handler, "N8N", None)
    if given is None:
        return None
    empty: dict[str, Any] = {
        "api": "admin",
        "ids": {},
        "query": [],
        "queryOptional": [],
        "required": [],
        "optional": [],
        "collection": "additionalFields",
        "rawBody": None,
        "answer": "object",
        "unwrap": None,
    }
    spec = {**empty, **given}
    spec["ids"] = {name: field_spec(f) for name, f in spec["ids"].items()}
    for part in ("query", "queryOptional", "required", "optional"):
        spec[part] = [field_spec(f) for f in spec[part]]
    return spec


def operation_specs() -> dict[str, dict[str, dict[str, Any]]]:
    """resource -> operation -> spec, for every operation the package offers."""
    specs: dict[str, dict[str, dict[str, Any]]] = {}
    for resource, entry in RESOURCES.items():
        for value, handler in entry.operations.items():
            spec = _declared(handler) if isinstance(handler, Declared) else _coded(handler)
            if spec is not None:
                specs.setdefault(resource, {})[value] = spec
    return specs
