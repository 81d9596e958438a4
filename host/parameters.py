"""Turns a node's stored parameters into the values it runs with.

Like n8n's `getNodeParameters(returnDefaults=true)`: visible parameters get their defaults,
hidden ones are dropped, and values given as text (from the command line) are read as the
property's type. Unknown names and values outside a property's options are errors.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from kflow.host.descriptors import FixedCollectionGroup, NodeDescription, NodeProperty
from kflow.host.display import is_displayed
from kflow.host.errors import NodeOperationError

__all__ = ["apply_values", "resolve_parameters", "version_of", "visible_properties"]

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def resolve_parameters(
    description: NodeDescription,
    values: Mapping[str, Any],
    *,
    node_name: str,
    version: float | None = None,
) -> dict[str, Any]:
    """The parameters a node runs with: visible ones only, defaults filled in.

    Args:
        description: The node's description.
        values: Parameters as stored in the flow or given on the command line.
        node_name: The node's name, for error messages.
        version: The node's type version, for `@version` display rules (None: the
            description's default, or its newest version).

    Raises:
        NodeOperationError: An unknown parameter, or a value of the wrong type.
    """
    version = version_of(description, version)
    known = {p.name for p in description.properties}
    unknown = sorted(set(values) - known)
    if unknown:
        raise NodeOperationError(
            node_name,
            f"unknown parameter {unknown[0]!r}; this node takes: {', '.join(sorted(known))}",
        )
    return _resolve_level(description.properties, values, values, version, node_name)


def apply_values(
    description: NodeDescription,
    resolved: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    node_name: str,
    props: Mapping[str, NodeProperty] | None = None,
    version: float | None = None,
) -> dict[str, Any]:
    """`resolved` with some top-level values replaced, each read and checked as its property.

    The fast path for per-item expressions: which parameters are visible does not change
    (the selectors cannot hold expressions), so only the new values are read. `props`
    (from `visible_properties`) saves looking the properties up again for every item.

    Raises:
        NodeOperationError: A value of the wrong type or outside its options.
    """
    version = version_of(description, version)
    if props is None:
        props = visible_properties(description, resolved, list(values), version=version)
    result = dict(resolved)
    for name, value in values.items():
        prop = props.get(name)
        result[name] = value if prop is None else _read(prop, value, resolved, version, node_name)
    return result


def visible_properties(
    description: NodeDescription,
    resolved: Mapping[str, Any],
    names: list[str],
    *,
    version: float | None = None,
) -> dict[str, NodeProperty]:
    """The visible property behind each of `names`, for resolved parameters."""
    version = version_of(description, version)
    found: dict[str, NodeProperty] = {}
    for prop in description.properties:
        wanted = prop.name in names and prop.name not in found
        if wanted and is_displayed(prop.displayOptions, resolved, version=version):
            found[prop.name] = prop
    return found


def version_of(description: NodeDescription, version: float | None = None) -> float:
    """The version `@version` display rules read: `version`, else the description's
    default, else its newest."""
    if version is not None:
        return float(version)
    if description.defaultVersion is not None:
        return float(description.defaultVersion)
    listed = description.version
    return float(max(listed) if isinstance(listed, list) else listed)


def _resolve_level(
    properties: list[NodeProperty],
    values: Mapping[str, Any],
    root: Mapping[str, Any],
    version: float,
    node_name: str,
) -> dict[str, Any]:
    resolved: dict[str, Any] = {}
    # Visibility may depend on defaults of other parameters, so settle it in passes.
    for _ in range(len(properties) + 1):
        view = {**_defaults(properties), **resolved, **values}
        nxt: dict[str, Any] = {}
        for prop in properties:
            if prop.name in nxt or prop.type == "notice":
                continue
            if not is_displayed(prop.displayOptions, view, root=root, version=version):
                continue
            if prop.name in values:
                nxt[prop.name] = _read(prop, values[prop.name], root, version, node_name)
            else:
                nxt[prop.name] = prop.default
        if nxt == resolved:
            break
        resolved = nxt
    return resolved


def _defaults(properties: list[NodeProperty]) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for prop in properties:
        defaults.setdefault(prop.name, prop.default)
    return defaults


def _read(
    prop: NodeProperty, value: Any, root: Mapping[str, Any], version: float, node: str
) -> Any:
    if isinstance(value, str) and (value.startswith("=") or "{{" in value):
        return value
    value = _from_text(prop, value, node)
    if prop.type in ("options", "multiOptions") and prop.options:
        allowed = prop.option_values()
        chosen = value if prop.type == "multiOptions" else [value]
        if not isinstance(chosen, list):
            raise _type_error(node, prop, "expects a list of values")
        for item in chosen:
            if item not in allowed:
                choices = ", ".join(str(a) for a in allowed)
                raise _type_error(node, prop, f"{item!r} is not one of: {choices}")
    if prop.type == "collection" and prop.options:
        subs = [p for p in prop.options if isinstance(p, NodeProperty)]
        if not isinstance(value, Mapping):
            raise _type_error(node, prop, "expects an object")
        extra = sorted(set(value) - {p.name for p in subs})
        if extra:
            raise _type_error(node, prop, f"has no field {extra[0]!r}")
        return {
            p.name: _read(p, value[p.name], root, version, node) for p in subs if p.name in value
        }
    if prop.type == "fixedCollection" and prop.options:
        return _read_fixed(prop, value, root, version, node)
    return value


def _read_fixed(
    prop: NodeProperty, value: Any, root: Mapping[str, Any], version: float, node: str
) -> dict[str, Any]:
    groups = {g.name: g for g in prop.options or [] if isinstance(g, FixedCollectionGroup)}
    if not isinstance(value, Mapping):
        raise _type_error(node, prop, "expects an object")
    result: dict[str, Any] = {}
    for name, entries in value.items():
        group = groups.get(name)
        if group is None:
            raise _type_error(node, prop, f"has no group {name!r}")
        rows = entries if isinstance(entries, list) else [entries]
        read = [_resolve_level(group.values, row, root, version, node) for row in rows]
        multiple = bool(prop.typeOptions and prop.typeOptions.get("multipleValues"))
        result[name] = read if multiple else read[0]
    return result


def _from_text(prop: NodeProperty, value: Any, node: str) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    match prop.type:
        case "number":
            try:
                number = float(text)
            except ValueError:
                raise _type_error(node, prop, f"{value!r} is not a number") from None
            if number.is_integer() and "." not in text:
                return int(number)
            return _exact(text, number)
        case "boolean":
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise _type_error(node, prop, f"{value!r} is not true or false")
        case "multiOptions":
            if text.startswith("["):
                return _json(prop, text, node)
            return [part.strip() for part in text.split(",") if part.strip()]
        case "collection" | "fixedCollection" | "assignmentCollection" | "filter":
            return _json(prop, text, node)
        case _:
            return value


def _exact(text: str, number: float) -> float | Decimal:
    """The float, unless it cannot hold every digit of `text`: then the exact Decimal.

    Money typed as text (`1234567890123456.78`) must not lose cents on its way in.
    """
    try:
        given = Decimal(text)
    except InvalidOperation:
        return number
    if not given.is_finite() or Decimal(repr(number)) == given:
        return number
    return given


def _json(prop: NodeProperty, text: str, node: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _type_error(node, prop, f"is not valid JSON: {exc}") from None


def _type_error(node: str, prop: NodeProperty, cause: str) -> NodeOperationError:
    return NodeOperationError(node, cause, parameter=f"{prop.displayName}")
