"""A node's description as text for people: `kflow describe TYPE [RESOURCE [OPERATION]]`.

Pure functions of a NodeDescription (and the routes a node may declare): the node with its
resources and operations, one resource's operations, or one operation's parameters. Which
parameters belong to an operation follows the description's displayOptions (host/display);
conditions on other parameters (`sendBody=true`) are shown beside the parameter.
"""

from __future__ import annotations

import difflib
import io
import json
import shlex
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kflow.host.descriptors import (
    DisplayOptions,
    FixedCollectionGroup,
    NodeDescription,
    NodeProperty,
    PropertyOption,
)
from kflow.host.display import is_displayed
from kflow.host.errors import ConfigError

__all__ = [
    "Choice",
    "NodeFacts",
    "ParameterRow",
    "operations",
    "parameters",
    "render",
    "resources",
    "selectors",
]

RESOURCE, OPERATION = "resource", "operation"
_SELECTORS = (RESOURCE, OPERATION)
_SKIPPED_TYPES = ("notice", "hidden")
_MAX_OPTIONS = 8
_MAX_OPTIONS_NARROW = 4
_MAX_DEFAULT = 16
_LONGEST_UNBROKEN = 24


@dataclass(frozen=True)
class NodeFacts:
    """What the views show of one node type.

    Attributes:
        type_name: The kflow type name (`keitaro`).
        n8n_type: The n8n type name it is exported as (`n8n-nodes-keitaro.keitaro`).
        description: The description of the version described.
        version: That version.
        versions: Every version the type runs, oldest first.
        default_version: The version a flow node without `typeVersion` gets.
        routes: What the node's optional `routes()` gives: `{resource, operation, method,
            path, example, api?}` per operation (empty when it declares none).
    """

    type_name: str
    n8n_type: str
    description: NodeDescription
    version: float
    versions: tuple[float, ...]
    default_version: float
    routes: tuple[Mapping[str, Any], ...] = field(default=())


@dataclass(frozen=True)
class Choice:
    """A resource or an operation: its value (English), label (displayName) and help."""

    value: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class ParameterRow:
    """One line of a parameter table. `path` names it from the top parameter down
    (`filters.filter.name`): the fields of a collection follow their parent."""

    path: tuple[str, ...]
    label: str
    type: str
    required: bool
    default: str
    options: tuple[str, ...]
    notes: str

    @property
    def name(self) -> str:
        """The parameter's own name."""
        return self.path[-1]

    @property
    def depth(self) -> int:
        """0 for a parameter, 1 for a field of its collection, and so on."""
        return len(self.path) - 1


# --- structure -----------------------------------------------------------------------


def _visible_selector(prop: NodeProperty, chosen: Mapping[str, Any], version: float) -> bool:
    """Whether `prop` is shown for the chosen resource/operation and version, whatever the
    other parameters hold (those conditions become the parameter's notes)."""
    display = prop.displayOptions
    if display is None:
        return True
    only = DisplayOptions(
        show={k: v for k, v in (display.show or {}).items() if _is_selector(k)} or None,
        hide={k: v for k, v in (display.hide or {}).items() if _is_selector(k)} or None,
    )
    return is_displayed(only, chosen, version=version)


def _is_selector(key: str) -> bool:
    return key.startswith("@") or key.lstrip("/") in _SELECTORS


def _selector_property(
    facts: NodeFacts, name: str, chosen: Mapping[str, Any]
) -> NodeProperty | None:
    for prop in facts.description.properties:
        if (
            prop.name == name
            and prop.type == "options"
            and _visible_selector(prop, chosen, facts.version)
        ):
            return prop
    return None


def _hidden_selectors(facts: NodeFacts) -> dict[str, Any]:
    """Selectors fixed by a hidden property (Item Lists' one resource)."""
    return {
        p.name: p.default
        for p in facts.description.properties
        if p.name in _SELECTORS and p.type == "hidden"
    }


def _choices(prop: NodeProperty | None) -> list[Choice]:
    if prop is None:
        return []
    return [
        Choice(str(o.value), o.name, o.description or "")
        for o in prop.options or []
        if isinstance(o, PropertyOption)
    ]


def resources(facts: NodeFacts) -> list[Choice]:
    """The node's resources, in menu order (none when it has no resource selector)."""
    return _choices(_selector_property(facts, RESOURCE, _hidden_selectors(facts)))


def operations(facts: NodeFacts, resource: str | None) -> list[Choice]:
    """The operations offered for `resource` (None: a node without resources)."""
    chosen = _hidden_selectors(facts)
    if resource is not None:
        chosen[RESOURCE] = resource
    return _choices(_selector_property(facts, OPERATION, chosen))


def selectors(facts: NodeFacts, words: Sequence[str]) -> dict[str, str]:
    """`[RESOURCE [OPERATION]]` (or `[OPERATION]` for a node without resources) checked
    against what the node offers.

    Raises:
        ConfigError: An unknown resource or operation (with the closest names), or more
            words than the node has selectors.
    """
    chosen: dict[str, str] = {}
    node = facts.type_name
    offered = resources(facts)
    if words and offered:
        chosen[RESOURCE] = _pick(words[0], offered, f"node {node!r} has no resource", node)
        words = words[1:]
    if words:
        ops = operations(facts, chosen.get(RESOURCE))
        if not ops:
            raise ConfigError(
                f"node {node!r} has no resources or operations to describe; "
                f"run `kflow describe {node}` for its parameters"
            )
        where = f" {chosen[RESOURCE]}" if RESOURCE in chosen else ""
        chosen[OPERATION] = _pick(
            words[0], ops, f"{node}{where} has no operation", f"{node}{where}"
        )
        if len(words) > 1:
            raise ConfigError(f"unexpected {words[1]!r} after the operation {words[0]!r}")
    return chosen


def _pick(word: str, offered: list[Choice], problem: str, command: str) -> str:
    values = [c.value for c in offered]
    if word in values:
        return word
    folded = {v.lower(): v for v in values}
    if word.lower() in folded:
        return folded[word.lower()]
    close = difflib.get_close_matches(word.lower(), list(folded), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(folded[c]) for c in close)}?" if close else ""
    raise ConfigError(
        f"{problem} {word!r}{hint} It has: {', '.join(values)} "
        f"(`kflow describe {command}` lists them)"
    )


def parameters(facts: NodeFacts, chosen: Mapping[str, Any]) -> list[ParameterRow]:
    """The parameters shown for the chosen resource/operation, fields of collections right
    after their parent; the selectors themselves, notices and hidden values left out."""
    values = {**_hidden_selectors(facts), **chosen}
    rows: list[ParameterRow] = []
    for prop in facts.description.properties:
        if prop.name in _SELECTORS and prop.type == "options":
            continue  # the resource and operation menus: the views show them as choices
        _add_rows(rows, prop, values, facts.version, ())
    return rows


def _add_rows(
    rows: list[ParameterRow],
    prop: NodeProperty,
    values: Mapping[str, Any],
    version: float,
    parents: tuple[str, ...],
) -> None:
    if prop.type in _SKIPPED_TYPES or not _visible_selector(prop, values, version):
        return
    path = (*parents, prop.name)
    rows.append(_row(prop, path))
    many = bool(prop.typeOptions and prop.typeOptions.get("multipleValues"))
    for child in prop.options or []:
        if isinstance(child, NodeProperty):
            _add_rows(rows, child, values, version, path)
        elif isinstance(child, FixedCollectionGroup):
            group = (*path, child.name)
            kind = "list" if many else "group"
            rows.append(ParameterRow(group, child.displayName, kind, False, "", (), ""))
            for field_prop in child.values:
                _add_rows(rows, field_prop, values, version, group)


def _row(prop: NodeProperty, path: tuple[str, ...]) -> ParameterRow:
    notes = [text for text in (_conditions(prop.displayOptions), prop.description) if text]
    return ParameterRow(
        path=path,
        label=prop.displayName,
        type=prop.type,
        required=prop.required,
        default=_short(_value_text(prop.default), _MAX_DEFAULT),
        options=tuple(
            _value_text(o.value) for o in prop.options or [] if isinstance(o, PropertyOption)
        ),
        notes="; ".join(notes),
    )


def _options_text(values: tuple[str, ...], most: int) -> str:
    if len(values) <= most:
        return ", ".join(values)
    shown = values[: most - 1]
    return f"{', '.join(shown)}, … (+{len(values) - len(shown)} more)"


def _conditions(display: DisplayOptions | None) -> str:
    """The non-selector displayOptions as words: `when sendBody=true`, `unless …`."""
    if display is None:
        return ""
    parts = []
    shown = [_condition(k, v) for k, v in (display.show or {}).items() if not _is_selector(k)]
    hidden = [_condition(k, v) for k, v in (display.hide or {}).items() if not _is_selector(k)]
    if shown:
        parts.append("when " + ", ".join(shown))
    if hidden:
        parts.append("unless " + " or ".join(hidden))
    return "; ".join(parts)


_OPERATORS = {"eq": "=", "not": "≠", "gte": "≥", "lte": "≤", "gt": ">", "lt": "<"}


def _condition(key: str, wanted: Iterable[Any]) -> str:
    name = key.lstrip("/")
    alternatives = []
    for value in wanted:
        if isinstance(value, Mapping) and "_cnd" in value:
            ((op, operand),) = list(value["_cnd"].items())[:1]
            symbol = _OPERATORS.get(op)
            alternatives.append(
                f"{name}{symbol}{_value_text(operand)}"
                if symbol
                else f"{name} {op} {_value_text(operand)}"
            )
        else:
            alternatives.append(f"{name}={_value_text(value)}")
    return " or ".join(alternatives)


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _route(facts: NodeFacts, chosen: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for route in facts.routes:
        if route.get(OPERATION) == chosen.get(OPERATION) and route.get(RESOURCE) == chosen.get(
            RESOURCE
        ):
            return route
    return None


def _route_text(route: Mapping[str, Any] | None) -> str:
    if route is None or "path" not in route:
        return ""
    text = f"{route.get('method', '')} {route['path']}".strip()
    return f"{text} ({route['api']} API)" if route.get("api") else text


# --- text ------------------------------------------------------------------------------


def render(facts: NodeFacts, words: Sequence[str], width: int) -> str:
    """The view `kflow describe TYPE *words` prints, fitted to `width` columns.

    Raises:
        ConfigError: An unknown resource or operation.
    """
    chosen = selectors(facts, words)
    if OPERATION in chosen:
        return _operation_view(facts, chosen, width)
    if RESOURCE in chosen:
        return _resource_view(facts, chosen[RESOURCE], width)
    return _node_view(facts, width)


def _node_view(facts: NodeFacts, width: int) -> str:
    d = facts.description
    lines = [
        f"{d.displayName} — {facts.type_name} (n8n: {facts.n8n_type})",
        *_wrapped(d.description, width),
        f"Versions: {_versions_text(facts)}",
        f"Credentials: {_credentials_text(d)}",
        "",
    ]
    offered = resources(facts)
    if offered:
        lines.append(
            f"Resources and operations (`kflow describe {facts.type_name} RESOURCE "
            "[OPERATION]` for details):"
        )
        rows: list[list[str]] = []
        for resource in offered:
            rows.append([resource.value, resource.label, ""])
            for op in operations(facts, resource.value):
                route = _route_text(_route(facts, {RESOURCE: resource.value, OPERATION: op.value}))
                rows.append(["  " + op.value, op.label, route])
        lines.append(_table(["", "", ""], rows, width, header=False))
        return _joined(lines)
    ops = operations(facts, None)
    if ops:
        lines.append(f"Operations (`kflow describe {facts.type_name} OPERATION` for parameters):")
        lines.append(_operations_table(facts, None, ops, width))
        return _joined(lines)
    lines.append("Parameters:")
    lines.append(_parameters_table(parameters(facts, {}), width))
    return _joined(lines)


def _resource_view(facts: NodeFacts, resource: str, width: int) -> str:
    label = next((c for c in resources(facts) if c.value == resource), Choice(resource, ""))
    lines = [f"{facts.description.displayName} › {resource} ({label.label})"]
    lines.extend(_wrapped(label.description, width))
    lines.append("")
    lines.append(
        f"Operations (`kflow describe {facts.type_name} {resource} OPERATION` for parameters):"
    )
    lines.append(_operations_table(facts, resource, operations(facts, resource), width))
    return _joined(lines)


def _operations_table(facts: NodeFacts, resource: str | None, ops: list[Choice], width: int) -> str:
    with_routes = bool(facts.routes)
    with_help = any(op.description for op in ops)
    rows = []
    for op in ops:
        chosen = {RESOURCE: resource, OPERATION: op.value}
        route = [_route_text(_route(facts, chosen))] * with_routes
        rows.append([op.value, op.label, *route, *[op.description] * with_help])
    headers = ["operation", "label", *["route"] * with_routes, *["description"] * with_help]
    return _table(headers, rows, width)


def _operation_view(facts: NodeFacts, chosen: Mapping[str, str], width: int) -> str:
    resource = chosen.get(RESOURCE)
    op = next(c for c in operations(facts, resource) if c.value == chosen[OPERATION])
    path = " › ".join(p for p in (resource, op.value) if p)
    resource_label = next((c.label for c in resources(facts) if c.value == resource), "")
    labels = " › ".join(p for p in (resource_label, op.label) if p)
    lines = [f"{facts.description.displayName} › {path} ({labels})"]
    route = _route(facts, chosen)
    if _route_text(route):
        lines.append(f"Route: {_route_text(route)}")
    lines.extend(_wrapped(op.description, width))
    rows = parameters(facts, chosen)
    example = route.get("example") if route else None
    lines.append("")
    if isinstance(example, Mapping):
        lines.append("Example:")
        lines.append("  " + _command(facts, chosen, example))
    else:
        required = {r.name: f"<{r.type}>" for r in rows if r.depth == 0 and r.required}
        lines.append("Usage:")
        lines.append("  " + _command(facts, chosen, required, quote=False))
    lines.append("")
    if rows:
        lines.append("Parameters (fields of a collection are listed under it):")
        lines.append(_parameters_table(rows, width))
    else:
        lines.append("Parameters: none")
    return _joined(lines)


def _command(
    facts: NodeFacts, chosen: Mapping[str, Any], values: Mapping[str, Any], *, quote: bool = True
) -> str:
    """A `kflow node` command line setting these parameters (`quote`: for the shell;
    placeholders such as `<number>` are shown as they are)."""
    words = ["kflow", "node", facts.type_name]
    for name, value in {**chosen, **values}.items():
        if value is None:
            continue
        pair = f"{name}={_value_text(value)}"
        words += ["-p", _quoted(pair) if quote else pair]
    return " ".join(words)


def _quoted(word: str) -> str:
    if any(ch in word for ch in "\n\r\t"):
        escaped = word.replace("\\", "\\\\").replace("'", "\\'")
        escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        return f"$'{escaped}'"
    return shlex.quote(word)


def _versions_text(facts: NodeFacts) -> str:
    listed = ", ".join(f"{v:g}" for v in facts.versions)
    text = f"{listed} (default {facts.default_version:g})"
    if facts.version != facts.default_version:
        text += f"; describing {facts.version:g}"
    return text


def _credentials_text(description: NodeDescription) -> str:
    slots = []
    for slot in description.credentials:
        notes = [
            n for n in ("required" if slot.required else "", _conditions(slot.displayOptions)) if n
        ]
        slots.append(f"{slot.name} ({'; '.join(notes)})" if notes else slot.name)
    return ", ".join(slots) or "none"


_WRAPPED_MIN = {"label": 12, "options": 24, "notes": 40}
"""The least room a wrapping column of the parameter table gets; options and notes that
do not fit follow the table instead, a line (or a few) per parameter."""


def _parameters_table(rows: list[ParameterRow], width: int) -> str:
    names = ["  " * row.depth + row.name for row in rows]
    fixed_width = sum(
        max(len(text) for text in column)
        for column in (
            ["name", *names],
            ["type", *(r.type for r in rows)],
            ["required"],
            ["default", *(r.default for r in rows)],
        )
    )
    room = width - fixed_width - 2 * 4 - _WRAPPED_MIN["label"]
    options_inline = room >= _WRAPPED_MIN["options"] + 2
    notes_inline = room >= _WRAPPED_MIN["options"] + _WRAPPED_MIN["notes"] + 4
    most = _MAX_OPTIONS if notes_inline else _MAX_OPTIONS_NARROW
    headers = ["name", "label", "type", "required", "default"]
    headers += ["options"] * options_inline + ["notes"] * notes_inline
    cells = []
    below = []
    for name, row in zip(names, rows, strict=True):
        options = _options_text(row.options, most)
        cell = [name, row.label, row.type, "yes" if row.required else "", row.default]
        cell += [options] * options_inline + [row.notes] * notes_inline
        cells.append(cell)
        later = [] if options_inline or not options else [f"one of {options}"]
        later += [] if notes_inline or not row.notes else [row.notes]
        if later:
            below.append(f"  {'.'.join(row.path)}: {'; '.join(later)}")
    # Names too long for the width (deep fields of HTTP Request's options) may fold.
    fixed = (0, 2, 3, 4) if room >= 0 else (2, 3)
    table = _table(headers, cells, width, fixed=fixed)
    if not below:
        return table
    wrapped = [
        line
        for note in below
        for line in textwrap.wrap(note, width=width, subsequent_indent="      ")
    ]
    return "\n".join([table, "", "Notes:", *wrapped])


def _wrapped(text: str | None, width: int) -> list[str]:
    return textwrap.wrap(text or "", width=max(width, 20))


def _joined(lines: list[str]) -> str:
    return "\n".join(lines).rstrip() + "\n"


def _table(
    headers: list[str],
    rows: list[list[str]],
    width: int,
    *,
    header: bool = True,
    fixed: tuple[int, ...] = (0,),
) -> str:
    """Plain-text columns fitted to `width`: `fixed` columns never wrap, the others wrap
    (the last one takes what is left); no colours, no borders."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=box.SIMPLE_HEAD if header else None,
        show_header=header,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for index, name in enumerate(headers):
        longest_word = max((len(w) for r in rows for w in r[index].split()), default=0)
        table.add_column(
            name,
            overflow="fold",
            no_wrap=index in fixed,
            min_width=None
            if index in fixed
            else min(longest_word, _LONGEST_UNBROKEN, width // (4 if index == 0 else 5)),
        )
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    out = io.StringIO()
    Console(
        file=out,
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    ).print(table)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())
