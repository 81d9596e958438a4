"""`kflow validate`: every problem of a flow file, each with the line it is on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from kflow.host.engine.graph import GraphNode, output_index, unstarted_cycle
from kflow.host.errors import KflowError, NodeError
from kflow.host.expressions import Evaluator, ExpressionError, is_expression
from kflow.host.flow import Flow, parse_flow
from kflow.host.flow_loader import LoadedFlow
from kflow.host.node import traits_of
from kflow.host.parameters import parameter_problems
from kflow.host.registry import is_installed, load_node_version, node_type_hint, node_types
from kflow.host.wording import did_you_mean, schema_message, shown
from kflow.schemas import load_schema

__all__ = ["Problem", "validate_flow"]


@dataclass(frozen=True)
class Problem:
    """What is wrong, and on which line (None when the line is not known)."""

    line: int | None
    message: str

    def render(self, source: str) -> str:
        return f"{source}:{self.line}: {self.message}" if self.line else f"{source}: {self.message}"


def validate_flow(loaded: LoadedFlow) -> tuple[Flow | None, list[Problem]]:
    """The flow (when it can be read) and every problem found, in file order."""
    problems = _schema_problems(loaded)
    if problems:
        return None, problems
    try:
        flow = parse_flow(loaded.data, source=str(loaded.path))
    except KflowError as exc:
        return None, [Problem(loaded.line(), str(exc))]
    nodes = _node_problems(loaded, flow, problems)
    _connection_problems(loaded, flow, nodes, problems)
    problems.sort(key=lambda p: (p.line is None, p.line or 0))
    return flow, problems


def _schema_problems(loaded: LoadedFlow) -> list[Problem]:
    validator = Draft202012Validator(load_schema("flow"))
    problems = []
    for error in sorted(validator.iter_errors(loaded.data), key=lambda e: list(e.absolute_path)):
        where = list(error.absolute_path)
        message = schema_message(error)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            extra = sorted(k for k in error.instance if k not in allowed)
            if extra:
                where.append(extra[0])
                message = f"unknown field {shown(extra[0])}"
        place = ".".join(str(p) for p in where) or "the file"
        problems.append(Problem(loaded.line(*where), f"{place}: {message}"))
    return problems


def _node_problems(loaded: LoadedFlow, flow: Flow, problems: list[Problem]) -> dict[str, GraphNode]:
    """The flow's nodes that run (notes apart), with every problem of each node."""
    nodes: dict[str, GraphNode] = {}
    notes: set[str] = set()
    missing: dict[str, list[str]] = {}
    evaluator = Evaluator()
    for number, spec in enumerate(flow.nodes):
        if spec.name in nodes or spec.name in notes:
            problems.append(
                Problem(
                    loaded.line("nodes", number, "name"), f"two nodes are named {shown(spec.name)}"
                )
            )
            continue
        if not is_installed(spec.type):
            missing.setdefault(spec.type, []).append(spec.name)
            hint = node_type_hint(spec.type)
            problems.append(
                Problem(
                    loaded.line("nodes", number, "type"),
                    f"node {shown(spec.name)}: unknown node type {shown(spec.type)}"
                    + (f"; {hint}" if hint else ""),
                )
            )
            continue
        try:
            impl, version = load_node_version(spec.type, spec.typeVersion)
        except KflowError as exc:
            problems.append(
                Problem(loaded.line("nodes", number, "type"), f"node {shown(spec.name)}: {exc}")
            )
            continue
        if traits_of(impl).annotation:
            notes.add(spec.name)
        else:
            nodes[spec.name] = GraphNode(spec, impl, impl.description, version)
        try:
            spec.node_settings()
        except ValueError as exc:
            problems.append(
                Problem(
                    loaded.line("nodes", number), f"node {shown(spec.name)}: bad settings: {exc}"
                )
            )
        for found in parameter_problems(
            impl.description, spec.parameters, node_name=spec.name, version=version
        ):
            line = loaded.line("nodes", number, "parameters", *found.path)
            problems.append(Problem(line, _node_message(spec.name, found.error)))
        _expression_problems(loaded, number, spec.name, spec.parameters, evaluator, problems, [])
    if missing:
        problems.append(Problem(None, _missing_types(missing)))
    for source, outputs in flow.connections.items():
        linked = [source, *(t.node for targets in outputs.values() for t in targets)]
        for name in sorted(set(linked) & notes):
            problems.append(
                Problem(
                    loaded.line("connections", source),
                    f"{shown(name)} is a note; notes have no connections",
                )
            )
    return nodes


def _missing_node(flow: Flow, source: str, name: str) -> str:
    hint = did_you_mean(name, [node.name for node in flow.nodes])
    return f"{shown(source)} connects to a missing node {shown(name)}" + (
        f"; {hint}" if hint else ""
    )


def _node_message(node: str, error: NodeError) -> str:
    """`node "S": parameter "Limit" (limit): …`: the error, its node named as validate does."""
    return f"node {shown(node)}: {error.render().removeprefix(f'{node}: ')}"


def _missing_types(missing: dict[str, list[str]]) -> str:
    """One line naming every node type the flow needs and kflow lacks, with its nodes."""
    named = "; ".join(
        f"{kind} ({', '.join(shown(n) for n in names)})" for kind, names in missing.items()
    )
    installed = ", ".join(sorted(node_types()))
    return (
        f"{len(missing)} node type{'s' if len(missing) > 1 else ''} this flow uses "
        f"{'are' if len(missing) > 1 else 'is'} not installed: {named}. "
        f"Installed: {installed} (`kflow nodes` lists them with their n8n types)"
    )


def _expression_problems(
    loaded: LoadedFlow,
    number: int,
    node: str,
    value: Any,
    evaluator: Evaluator,
    problems: list[Problem],
    path: list[str | int],
) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            _expression_problems(loaded, number, node, sub, evaluator, problems, [*path, key])
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            _expression_problems(loaded, number, node, sub, evaluator, problems, [*path, index])
    elif is_expression(value):
        try:
            evaluator.check_syntax(value)
        except ExpressionError as exc:
            problems.append(
                Problem(
                    loaded.line("nodes", number, "parameters", *path),
                    f"node {shown(node)}: expression {{{{ {exc.expression} }}}} "
                    f"is not valid: {exc.cause}",
                )
            )


def _connection_problems(
    loaded: LoadedFlow, flow: Flow, nodes: dict[str, GraphNode], problems: list[Problem]
) -> None:
    for source, outputs in flow.connections.items():
        line = loaded.line("connections", source)
        origin = nodes.get(source)
        if origin is None:
            if flow.node(source) is None:
                problems.append(
                    Problem(line, f"connections start at a missing node {shown(source)}")
                )
            missing = [t.node for ts in outputs.values() for t in ts if flow.node(t.node) is None]
            problems.extend(Problem(line, _missing_node(flow, source, name)) for name in missing)
            continue
        for key, targets in outputs.items():
            index = output_index(origin, key)
            if index is None:
                problems.append(
                    Problem(
                        line,
                        f"node {shown(source)} has no output {shown(key)} "
                        f"(outputs: {', '.join(origin.output_names())})",
                    )
                )
                continue
            for target in targets:
                child = nodes.get(target.node)
                if child is None:
                    if flow.node(target.node) is None:
                        problems.append(Problem(line, _missing_node(flow, source, target.node)))
                    continue
                if target.index >= child.input_count:
                    problems.append(
                        Problem(line, f"node {shown(target.node)} has no input {target.index}")
                    )
                    continue
                origin.children.setdefault(index, []).append((target.node, target.index))
                child.parents.add(target.index)
    cycle = unstarted_cycle(nodes)
    if cycle:
        problems.append(
            Problem(
                loaded.line("connections"),
                f"the connections form a cycle that no start node leads to: {' → '.join(cycle)}",
            )
        )
