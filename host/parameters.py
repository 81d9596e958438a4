"""Turns a node's stored parameters into the values it runs with.

Like n8n's `getNodeParameters(returnDefaults=true)`: visible parameters get their defaults,
hidden ones are dropped, and values given as text (from the command line) are read as the
property's type. Unknown names and values outside a property's options are errors.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from kflow.host.descriptors import (
    FixedCollectionGroup,
    NodeDescription,
    NodeProperty,
    PropertyOption,
)
from kflow.host.display import is_displayed
from kflow.host.errors import NodeOperationError
from kflow.host.expressions.undefined import empty_expression_error, is_empty
from kflow.host.wording import closest, did_you_mean, shown

__all__ = [
    "ParameterProblem",
    "apply_values",
    "parameter_problems",
    "resolve_parameters",
    "unknown_parameters",
    "version_of",
    "visible_properties",
]

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}
_READ_TEXT = frozenset(
    {
        "number",
        "boolean",
        "options",
        "multiOptions",
        "collection",
        "fixedCollection",
        "assignmentCollection",
        "filter",
    }
)
"""The property types whose text values `_Reader.read` reads or checks; any other keeps
its text as it is."""


@dataclass(frozen=True)
class ParameterProblem:
    """One problem of a node's parameters: where it is (`("additionalFields", "name")`,
    under `parameters`) and the error that says what is wrong."""

    path: tuple[str | int, ...]
    error: NodeOperationError


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
        NodeOperationError: An unknown parameter, or a value of the wrong type (the first
            found; `parameter_problems` lists them all).
    """
    version = version_of(description, version)
    unknown = unknown_parameters(description, values, node_name=node_name, version=version)
    if unknown:
        raise unknown[0].error
    return _Reader(node_name, version, values, None).level(description.properties, values, ())


def parameter_problems(
    description: NodeDescription,
    values: Mapping[str, Any],
    *,
    node_name: str,
    version: float | None = None,
) -> list[ParameterProblem]:
    """Every problem of a node's stored parameters (unknown names, values of the wrong
    type or outside their options), each with where it is; empty when there is none."""
    version = version_of(description, version)
    problems = unknown_parameters(description, values, node_name=node_name, version=version)
    known = {k: v for k, v in values.items() if k not in {p.path[0] for p in problems}}
    found: dict[tuple[str | int, ...], ParameterProblem] = {}
    _Reader(node_name, version, known, found).level(description.properties, known, ())
    return problems + list(found.values())


def unknown_parameters(
    description: NodeDescription,
    values: Mapping[str, Any],
    *,
    node_name: str,
    version: float | None = None,
) -> list[ParameterProblem]:
    """A problem for each name in `values` the node does not take. Each lists the
    parameters shown for the node's other values (its resource and operation, say), the
    nearest name first."""
    every = [p.name for p in description.properties if p.type != "notice"]
    names = set(every)
    unknown = [k for k in values if k not in names]
    if not unknown:
        return []
    version = version_of(description, version)
    known = {k: v for k, v in values.items() if k not in unknown}
    resolved = _Reader(node_name, version, known, {}).level(description.properties, known, ())
    shown_names = list(dict.fromkeys(n for n in resolved if n in every))
    labels = {p.displayName: p.name for p in description.properties if p.name in shown_names}
    context = _selectors(description, resolved, version)
    takes = f"{context} this node takes" if context else "this node takes"
    # A selector whose value is not one of its options (reported on its own) was read as
    # its default: the parameters of that default would mislead.
    options = {p.name for p in description.properties if p.type == "options"}
    invalid = [
        k
        for k, v in known.items()
        if k in options and isinstance(v, str) and not v.startswith("=") and resolved.get(k) != v
    ]
    problems = []
    for name in unknown:
        hint = did_you_mean(name, shown_names) or did_you_mean(name, every)
        label = closest(name, labels)
        if not hint and label is not None:
            hint = f'did you mean "{labels[label]}"?'
        cause = f"unknown parameter {shown(name)}" + (f"; {hint}" if hint else ".")
        if invalid:
            cause += f" Fix {', '.join(invalid)} first: what this node takes depends on it"
        else:
            cause += f" {takes[0].upper()}{takes[1:]}: {', '.join(shown_names) or 'none'}"
        problems.append(ParameterProblem((name,), NodeOperationError(node_name, cause)))
    return problems


def apply_values(
    description: NodeDescription,
    resolved: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    node_name: str,
    props: Mapping[str, NodeProperty] | None = None,
    version: float | None = None,
    item: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """`resolved` with some top-level values replaced, each read and checked as its property.

    The fast path for per-item expressions: which parameters are visible does not change
    (the selectors cannot hold expressions), so only the new values are read. `props`
    (from `visible_properties`) saves looking the properties up again for every item.
    `item` (the item's json) lets the error for an expression that gave nothing name the
    item's fields.

    Raises:
        NodeOperationError: A value of the wrong type or outside its options; a required
            value whose expression gave nothing.
    """
    version = version_of(description, version)
    if props is None:
        props = visible_properties(description, resolved, list(values), version=version)
    result = dict(resolved)
    reader: _Reader | None = None
    for name, value in values.items():
        prop = props.get(name)
        if prop is None:
            result[name] = value
            continue
        written = resolved.get(name)
        if prop.required and is_empty(value) and isinstance(written, str):
            raise empty_expression_error(node_name, prop, written, value, item)
        if type(value) is str and prop.type not in _READ_TEXT:
            result[name] = value  # text is read as itself (see _Reader.read)
            continue
        if reader is None:
            reader = _Reader(node_name, version, resolved, None)
        try:
            result[name] = reader.read(prop, value, (name,))
        except NodeOperationError:
            if is_empty(value) and isinstance(written, str):
                raise empty_expression_error(node_name, prop, written, value, item) from None
            raise
    return result


def _selectors(description: NodeDescription, resolved: Mapping[str, Any], version: float) -> str:
    """`With resource "campaign", operation "getMany",`: the option parameters that the
    shown parameters' display rules read, with their current values."""
    keys: list[str] = []
    for prop in description.properties:
        show = prop.displayOptions.show if prop.displayOptions else None
        if show and is_displayed(prop.displayOptions, resolved, version=version):
            keys += [k for k in show if k in resolved and k not in keys]
    options = {p.name for p in description.properties if p.type == "options"}
    chosen = [f"{k} {shown(resolved[k])}" for k in keys if k in options]
    return f"with {', '.join(chosen)}," if chosen else ""


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


_Where = tuple[str | int, ...]


class _Reader:
    """Reads stored values as their properties say. With `found`, it collects every
    problem (by where it is) and goes on with the default; without, it raises the first."""

    def __init__(
        self,
        node: str,
        version: float,
        root: Mapping[str, Any],
        found: dict[_Where, ParameterProblem] | None,
    ) -> None:
        self.node = node
        self.version = version
        self.root = root
        self.found = found

    def level(
        self, properties: list[NodeProperty], values: Mapping[str, Any], where: _Where
    ) -> dict[str, Any]:
        resolved: dict[str, Any] = {}
        # Visibility may depend on defaults of other parameters, so settle it in passes.
        for _ in range(len(properties) + 1):
            given = values
            if self.found:
                given = {k: v for k, v in values.items() if (*where, k) not in self.found}
            view = {**_defaults(properties), **resolved, **given}
            nxt: dict[str, Any] = {}
            for prop in properties:
                if prop.name in nxt or prop.type == "notice":
                    continue
                if not is_displayed(
                    prop.displayOptions, view, root=self.root, version=self.version
                ):
                    continue
                if prop.name in values:
                    nxt[prop.name] = self.guarded(prop, values[prop.name], (*where, prop.name))
                else:
                    nxt[prop.name] = prop.default
            if nxt == resolved:
                break
            resolved = nxt
        return resolved

    def guarded(self, prop: NodeProperty, value: Any, where: _Where) -> Any:
        """`read`, or, when collecting, the property's default after noting the problem."""
        if self.found is None:
            return self.read(prop, value, where)
        try:
            return self.read(prop, value, where)
        except NodeOperationError as exc:
            self.found.setdefault(where, ParameterProblem(where, exc))
            return prop.default

    def read(self, prop: NodeProperty, value: Any, where: _Where) -> Any:
        if isinstance(value, str) and (value.startswith("=") or "{{" in value):
            return value
        value = _from_text(prop, value, self.node)
        if prop.type in ("options", "multiOptions") and prop.options:
            _check_options(prop, value, self.node)
        if prop.type == "collection" and prop.options:
            subs = [p for p in prop.options if isinstance(p, NodeProperty)]
            if not isinstance(value, Mapping):
                raise _type_error(self.node, prop, f"expects an object, not {_kind(value)}")
            names = [p.name for p in subs]
            for extra in [k for k in value if k not in names]:
                hint = did_you_mean(extra, names)
                error = _type_error(
                    self.node,
                    prop,
                    f"has no field {shown(extra)}"
                    + (f"; {hint}" if hint else "")
                    + f" Its fields: {', '.join(names)}",
                )
                if self.found is None:
                    raise error
                self.found.setdefault((*where, extra), ParameterProblem((*where, extra), error))
            return {
                p.name: self.guarded(p, value[p.name], (*where, p.name))
                for p in subs
                if p.name in value
            }
        if prop.type == "fixedCollection" and prop.options:
            return self.fixed(prop, value, where)
        return value

    def fixed(self, prop: NodeProperty, value: Any, where: _Where) -> dict[str, Any]:
        groups = {g.name: g for g in prop.options or [] if isinstance(g, FixedCollectionGroup)}
        if not isinstance(value, Mapping):
            raise _type_error(self.node, prop, f"expects an object, not {_kind(value)}")
        result: dict[str, Any] = {}
        for name, entries in value.items():
            group = groups.get(name)
            if group is None:
                hint = did_you_mean(name, groups)
                raise _type_error(
                    self.node,
                    prop,
                    f"has no group {shown(name)}"
                    + (f"; {hint}" if hint else "")
                    + f" Its groups: {', '.join(groups)}",
                )
            multiple = bool(prop.typeOptions and prop.typeOptions.get("multipleValues"))
            rows = entries if isinstance(entries, list) else [entries]
            read = []
            for number, row in enumerate(rows):
                at = (*where, name, number) if isinstance(entries, list) else (*where, name)
                if not isinstance(row, Mapping):
                    raise _type_error(self.node, prop, f"{name}: expects an object per entry")
                read.append(self.level(group.values, row, at))
            result[name] = read if multiple else read[0]
        return result


def _defaults(properties: list[NodeProperty]) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for prop in properties:
        defaults.setdefault(prop.name, prop.default)
    return defaults


def _check_options(prop: NodeProperty, value: Any, node: str) -> None:
    allowed = prop.option_values()
    if prop.type == "multiOptions" and not isinstance(value, list):
        raise _type_error(node, prop, f"expects a list of values, not {_kind(value)}")
    for item in value if prop.type == "multiOptions" else [value]:
        if item not in allowed:
            raise _type_error(node, prop, _not_an_option(prop, item))


def _not_an_option(prop: NodeProperty, value: Any) -> str:
    choices = ", ".join(str(a) for a in prop.option_values())
    if value is None or value == "":
        return f"has no value; choose one of: {choices}"
    labels = {o.name: o.value for o in prop.options or [] if isinstance(o, PropertyOption)}
    near = closest(value, [str(a) for a in prop.option_values()])
    if near is None and closest(value, labels) is not None:
        near = str(labels[closest(value, labels) or ""])
    if near is None:
        return f"{shown(value)} is not one of: {choices}"
    return f'{shown(value)} is not one of the options; did you mean "{near}"? Options: {choices}'


def _kind(value: Any) -> str:
    """What a value is, in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, Mapping) else type(value).__name__


def _from_text(prop: NodeProperty, value: Any, node: str) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    match prop.type:
        case "number":
            try:
                number = float(text)
            except ValueError:
                raise _type_error(node, prop, _not_a_number(value)) from None
            if number.is_integer() and "." not in text:
                return int(number)
            return _exact(text, number)
        case "boolean":
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise _type_error(node, prop, f"{shown(value)} is not true or false")
        case "multiOptions":
            if text.startswith("["):
                return _json(prop, text, node)
            return [part.strip() for part in text.split(",") if part.strip()]
        case "collection" | "fixedCollection" | "assignmentCollection" | "filter":
            return _json(prop, text, node)
        case _:
            return value


def _not_a_number(value: str) -> str:
    compact = "".join(value.split())
    if "," in compact and compact.replace(",", ".", 1).replace(".", "", 1).isdigit():
        fixed = compact.replace(",", ".")
        return f"{shown(value)} is not a number: write it with a point and no spaces ({fixed})"
    return f"{shown(value)} is not a number"


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
    return NodeOperationError(node, cause, parameter=prop.displayName, parameter_name=prop.name)
