"""A flow as a graph: node types, named outputs resolved to indexes, children in n8n's order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kflow.host.descriptors import NodeDescription
from kflow.host.errors import ConfigError
from kflow.host.flow import Flow, FlowNode
from kflow.host.node import traits_of
from kflow.host.registry import load_node_version

__all__ = ["Graph", "GraphNode", "build_graph", "output_index"]


@dataclass
class GraphNode:
    """A flow node with its type instance and links."""

    spec: FlowNode
    impl: Any
    description: NodeDescription
    version: float = 1.0
    # output index -> [(target name, target input index)]
    children: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    parents: set[int] = field(default_factory=set)
    # input index -> [(source name, source output index)], in the connections' order
    sources: dict[int, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def input_count(self) -> int:
        counted = traits_of(self.impl).inputs
        if counted is not None:
            return max(counted(self.spec.parameters, self.version), 1)
        return max(len(self.description.inputs), 1)

    def output_names(self) -> list[str]:
        named = traits_of(self.impl).outputs
        if named is not None:
            names = list(named(self.spec.parameters, self.version)) or ["0"]
        else:
            names = list(self.description.outputNames or [])
            count = max(len(self.description.outputs), 1)
            names += [str(i) for i in range(len(names), count)]
        if self.spec.node_settings().on_error == "continueErrorOutput":
            names.append("error")
        return names


@dataclass
class Graph:
    """The flow's nodes that run, linked, in file order; notes (n8n's sticky notes) apart,
    kept for export."""

    nodes: dict[str, GraphNode]
    order: list[str]
    notes: dict[str, GraphNode] = field(default_factory=dict)

    def starts(self) -> list[str]:
        """Nodes without incoming connections, in file order."""
        return [n for n in self.order if not self.nodes[n].parents]


def output_index(node: GraphNode, key: str) -> int | None:
    """The index of an output named or numbered `key` ("0", "true", "error", "success")."""
    names = node.output_names()
    if key.isdigit():
        return int(key) if int(key) < len(names) else None
    if key == "success":
        return 0
    return names.index(key) if key in names else None


def build_graph(flow: Flow) -> Graph:
    """Links a flow's nodes.

    Raises:
        ConfigError: Unknown node types, duplicate names, or connections to missing nodes
            or outputs. (`kflow validate` reports the same with line numbers.) Connections
            may loop back, as in n8n: a loop ends when a node in it outputs nothing.
    """
    nodes: dict[str, GraphNode] = {}
    notes: dict[str, GraphNode] = {}
    for spec in flow.nodes:
        if spec.name in nodes or spec.name in notes:
            raise ConfigError(f"flow {flow.name!r}: two nodes are named {spec.name!r}")
        try:
            impl, version = load_node_version(spec.type, spec.typeVersion)
        except ConfigError as exc:
            raise ConfigError(f"flow {flow.name!r}: node {spec.name!r}: {exc}") from None
        kept = notes if traits_of(impl).annotation else nodes
        kept[spec.name] = GraphNode(spec, impl, impl.description, version)
    for source, outputs in flow.connections.items():
        linked = [source, *(t.node for targets in outputs.values() for t in targets)]
        note = next((name for name in linked if name in notes), None)
        if note is not None:
            raise ConfigError(f"flow {flow.name!r}: {note!r} is a note; notes have no connections")
        if source not in nodes:
            raise ConfigError(f"flow {flow.name!r}: connections name a missing node {source!r}")
        origin = nodes[source]
        for key, targets in outputs.items():
            index = output_index(origin, key)
            if index is None:
                raise ConfigError(
                    f"flow {flow.name!r}: node {source!r} has no output {key!r} "
                    f"(outputs: {', '.join(origin.output_names())})"
                )
            for target in targets:
                if target.node not in nodes:
                    raise ConfigError(
                        f"flow {flow.name!r}: {source!r} connects to a missing node {target.node!r}"
                    )
                if target.index >= nodes[target.node].input_count:
                    raise ConfigError(
                        f"flow {flow.name!r}: node {target.node!r} has no input {target.index}"
                    )
                origin.children.setdefault(index, []).append((target.node, target.index))
                nodes[target.node].parents.add(target.index)
                nodes[target.node].sources.setdefault(target.index, []).append((source, index))
    cycle = unstarted_cycle(nodes)
    if cycle:
        raise ConfigError(
            f"flow {flow.name!r}: the connections form a cycle that no start node leads to: "
            f"{' → '.join(cycle)}"
        )
    return Graph(nodes, [n.name for n in flow.nodes if n.name in nodes], notes)


def unstarted_cycle(nodes: dict[str, GraphNode]) -> list[str] | None:
    """A cycle that no node without inputs leads to (it could never run), or None. Cycles
    a start leads to are loops, which n8n runs until a node in them outputs nothing."""
    reached: set[str] = set()
    todo = [name for name, node in nodes.items() if not node.parents]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        todo += [target for targets in nodes[name].children.values() for target, _ in targets]
    return find_cycle({name: node for name, node in nodes.items() if name not in reached})


def find_cycle(nodes: dict[str, GraphNode]) -> list[str] | None:
    """A cycle of node names, or None."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        trail.append(name)
        for targets in nodes[name].children.values():
            for target, _ in targets:
                if target not in nodes:
                    continue
                if state.get(target) == 1:
                    return [*trail[trail.index(target) :], target]
                if target not in state:
                    found = visit(target)
                    if found:
                        return found
        trail.pop()
        state[name] = 2
        return None

    for name in nodes:
        if name not in state:
            found = visit(name)
            if found:
                return found
    return None
