"""Each operation's wire description as the package's runtime reads it (SPEC).

Every operation's handler has a Wire (declared operations derive theirs from their
Operation; the modules under resources/ declare it), so kflow's route and the package's
SPEC come from one declaration.
"""

from __future__ import annotations

from typing import Any

from kflow.nodes.keitaro.handlers.normalize import ID_FIELDS, JSON_FIELDS, NUMBER_FIELDS
from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.operations.wire import ALLOWS_EMPTY
from kflow.nodes.keitaro.resource_table import RESOURCES

__all__ = ["NORMALIZE", "field_spec", "operation_specs", "wire_spec"]

NORMALIZE = {
    "ids": sorted(ID_FIELDS),
    "numbers": sorted(NUMBER_FIELDS),
    "jsons": sorted(JSON_FIELDS),
}
"""The field sets kflow's normalize() uses, for the runtime's copy of it."""


def field_spec(spec: Field) -> dict[str, Any]:
    """One field as the runtime reads it (what only some fields have, only when set)."""
    written: dict[str, Any] = {
        "key": spec.key,
        "name": spec.name,
        "label": spec.label,
        "kind": spec.kind,
        "options": list(spec.options),
        "secret": spec.secret,
    }
    if spec.fallback is not None:
        written["fallback"] = spec.fallback
    if spec.spread:
        written["spread"] = True
    if spec.pairs is not None:
        written["pairs"] = spec.pairs
    if spec.uses:
        written["uses"] = [field_spec(used) for used in spec.uses]
    if spec.kind in ALLOWS_EMPTY:
        written["allowEmpty"] = True
    if spec.renamed is not None:
        written["renamed"] = list(spec.renamed)
    if spec.omit_when:
        written["omitWhen"] = list(spec.omit_when)
    return written


def wire_spec(wire: Wire) -> dict[str, Any]:
    """One operation's SPEC entry: its Wire, in the runtime's field names."""
    spec: dict[str, Any] = {
        "method": wire.method,
        "path": wire.path,
        "api": wire.api,
        "ids": {name: field_spec(f) for name, f in wire.ids.items()},
        "query": [field_spec(f) for f in wire.query],
        "queryOptional": [field_spec(f) for f in wire.query_optional],
        "required": [field_spec(f) for f in wire.required],
        "optional": [field_spec(f) for f in wire.optional],
        "collection": wire.collection,
        "rawBody": field_spec(wire.body) if wire.body is not None else None,
        "answer": wire.answer,
        "unwrap": wire.unwrap,
    }
    if wire.fixed_query:
        spec["fixedQuery"] = dict(wire.fixed_query)
    if wire.read_first:
        spec["readFirst"] = list(wire.read_first)
    if wire.ordered:
        spec["ordered"] = [
            {"first": r.first, "then": r.then, "label": r.label, "cause": r.cause}
            for r in wire.ordered
        ]
    return {**spec, **wire.options}


def operation_specs() -> dict[str, dict[str, dict[str, Any]]]:
    """resource -> operation -> spec, for every operation the package offers."""
    specs: dict[str, dict[str, dict[str, Any]]] = {}
    for resource, entry in RESOURCES.items():
        for value, handler in entry.operations.items():
            specs.setdefault(resource, {})[value] = wire_spec(handler.WIRE)
    return specs
