"""Which node runs next: n8n's execution orders, v1 and v0 (legacy).

Both keep a stack of nodes ready to run, and the inputs that nodes with several inputs are
still waiting for. They differ where n8n's do:

- v1 runs depth first: a node's children go to the front of the stack, the topmost (then
  leftmost) on the canvas first. A node with several inputs runs with whatever inputs
  have items; one still waiting when nothing else can run, runs with what arrived, unless
  the node requires more inputs (`NodeTraits.required_inputs`).
- v0 runs breadth first: children go to the back, in the order their connections are
  written. An output without items still reaches a child's second or later input. When a
  node waits on an input whose branch has not run, that branch's first node is started
  (with one empty item when nothing feeds it). A node runs only when its first input has
  items.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from kflow.host.engine.graph import Graph
from kflow.host.items import Item
from kflow.host.node import traits_of

__all__ = ["ExecutionOrder", "Scheduler", "execution_order", "required_inputs_of"]

ExecutionOrder = Literal["v0", "v1"]

Inputs = list[list[Item] | None]
"""Items per input; None where nothing arrived (n8n's waiting inputs)."""


def execution_order(settings: Mapping[str, Any]) -> ExecutionOrder:
    """The workflow's execution order: `settings.executionOrder`; v1 when it is left out
    (flow_loader fills in v0 for n8n workflow JSON without it, as n8n runs those)."""
    return "v0" if settings.get("executionOrder") == "v0" else "v1"


@dataclass
class Scheduler:
    """The stack of nodes to run and the nodes waiting for more inputs.

    Attributes:
        graph: The flow's graph.
        order: The execution order.
        runs: Every run's outputs by node (the engine appends to it as nodes run).
        required_inputs: A node's required inputs from its parameters (n8n's
            requiredInputs: a count, or the input indexes that must have arrived).
    """

    graph: Graph
    order: ExecutionOrder
    runs: Mapping[str, list[list[list[Item]]]]
    required_inputs: Callable[[str], int | Sequence[int] | None]
    stack: deque[tuple[str, Inputs]] = field(default_factory=deque)
    waiting: dict[str, list[Inputs]] = field(default_factory=dict)

    @property
    def legacy(self) -> bool:
        return self.order == "v0"

    def start(self, name: str, items: list[Item]) -> None:
        """Puts a start node on the stack, in the order start nodes are given."""
        self.stack.append((name, [items]))

    def next(self) -> tuple[str, list[list[Item]] | None] | None:
        """The next node to run and its inputs (None: it gets no items and does not run,
        as n8n skips a v0 node whose first input is empty); None when all is done."""
        if not self.stack:
            self._release_waiting()
        if not self.stack:
            return None
        name, inputs = self.stack.popleft()
        return name, self._connection_input(name, inputs)

    def _connection_input(self, name: str, inputs: Inputs) -> list[list[Item]] | None:
        node = self.graph.nodes[name]
        filled = [list(items or []) for items in inputs]
        filled += [[] for _ in range(node.input_count - len(filled))]
        if not self.legacy:
            return filled if any(filled) else None
        return filled if filled and filled[0] else None

    def ran(self, name: str, outputs: list[list[Item]] | None) -> None:
        """Schedules the children of a node that just ran with `outputs` (None: skipped)."""
        if outputs is None:
            return
        node = self.graph.nodes[name]
        run_index = len(self.runs.get(name, [])) - 1
        links = [
            (output, target, index)
            for output in sorted(node.children)
            for target, index in node.children[output]
            if output < len(outputs) and (outputs[output] or (self.legacy and index > 0))
        ]
        if not self.legacy:
            # n8n sorts by canvas position; a flow without positions (kflow's YAML) runs
            # its children in the order they are written.
            if all(self._position(target) is not None for _, target, _ in links):
                links.sort(key=lambda link: self._position(link[1]) or (0.0, 0.0), reverse=True)
            else:
                links.reverse()
        for output, target, index in links:
            self._add(target, index, name, output, outputs, run_index)

    def _position(self, name: str) -> tuple[float, float] | None:
        position = self.graph.nodes[name].spec.position
        return (position[1], position[0]) if position and len(position) == 2 else None

    def _enqueue(self, name: str, inputs: Inputs) -> None:
        if self.legacy:
            self.stack.append((name, inputs))
        else:
            self.stack.appendleft((name, inputs))

    def _slots(self, name: str) -> int:
        sources = self.graph.nodes[name].sources
        return max(sources) + 1 if sources else 0

    def _add(
        self,
        target: str,
        index: int,
        parent: str,
        output: int,
        outputs: list[list[Item]],
        run_index: int,
    ) -> None:
        items = outputs[output]
        slots = self._slots(target)
        if slots <= 1:
            self._enqueue(target, [items if i == index else None for i in range(max(slots, 1))])
            return
        entries = self.waiting.get(target)
        was_waiting = entries is not None
        entries = self.waiting.setdefault(target, [])
        entry = next((e for e in entries if e[index] is None), None)
        if entry is None:
            entry = [None] * slots
            entries.append(entry)
        entry[index] = items
        if all(slot is not None for slot in entry):
            entries.remove(entry)
            if not entries:
                del self.waiting[target]
            self._enqueue(target, entry)
            return
        if self.legacy and not was_waiting:
            self._start_missing_branches(target, parent, output, outputs, run_index)

    def _start_missing_branches(
        self, target: str, parent: str, output: int, outputs: list[list[Item]], run_index: int
    ) -> None:
        """v0: the branches that feed `target`'s other inputs and have not run are started
        from their first node that has not run."""
        siblings = {t for links in self.graph.nodes[parent].children.values() for t, _ in links}
        for _, sources in sorted(self.graph.nodes[target].sources.items()):
            for source, _ in sources:
                if source == parent:
                    continue
                on_stack = {name for name, _ in self.stack}
                if source in siblings and not self._incoming_empty(source, run_index):
                    continue
                if source in on_stack or self.runs.get(source):
                    continue
                chain = [source, *reversed(self._ancestors(source))]
                chosen: str | None = source
                for node in chain:
                    if node != source and node in siblings:
                        chosen = None
                        break
                    if node in on_stack:
                        chosen = None
                        break
                    if self.runs.get(node):
                        break
                    chosen = node
                if chosen is None:
                    continue
                if parent in self._ancestors(chosen) and not outputs[output]:
                    continue
                if not self.graph.nodes[chosen].sources or self._incoming_empty(chosen, run_index):
                    self.stack.append((chosen, [[{"json": {}}]]))

    def _incoming_empty(self, name: str, run_index: int) -> bool:
        """Whether nothing reached `name`'s first input in run `run_index` of its sources."""
        for source, output in self.graph.nodes[name].sources.get(0, []):
            runs = self.runs.get(source, [])
            if run_index < len(runs) and output < len(runs[run_index]) and runs[run_index][output]:
                return False
        return True

    def _ancestors(self, name: str) -> list[str]:
        """Every node upstream of `name`, the farthest first (as n8n lists parent nodes)."""

        def visit(current: str, path: set[str]) -> list[str]:
            result: list[str] = []
            path.add(current)
            for _, sources in sorted(self.graph.nodes[current].sources.items()):
                for source, _ in sources:
                    if source in path:
                        continue
                    if source in result:
                        result.remove(source)
                    result.insert(0, source)
                    for upstream in reversed(visit(source, path)):
                        if upstream in result:
                            result.remove(upstream)
                        result.insert(0, upstream)
            path.discard(current)
            return result

        return visit(name, set())

    def _release_waiting(self) -> None:
        """Nothing else can run: a waiting node runs with the inputs that arrived, as n8n
        releases them (first waiting node whose parents are not waiting themselves)."""
        names = list(self.waiting)
        position = 0
        while position < len(names):
            name = names[position]
            position += 1
            node = self.graph.nodes[name]
            required = None if self.legacy else self.required_inputs(name)
            count = node.input_count
            if isinstance(required, int) and required >= count:
                continue
            if not isinstance(required, int) and required is not None and len(required) >= count:
                continue
            if any(parent in self.waiting for parent in self._ancestors(name)):
                continue
            entry = self.waiting[name][0]
            arrived = [i for i, slot in enumerate(entry) if slot is not None]
            if isinstance(required, int) and len(arrived) < required:
                continue
            listed = () if required is None or isinstance(required, int) else required
            if any(i not in arrived for i in listed):
                continue
            inputs = [list(slot or []) for slot in entry]
            inputs += [[] for _ in range(count - len(inputs))]
            self.waiting[name].pop(0)
            if not self.waiting[name]:
                del self.waiting[name]
            if any(inputs):
                self.stack.append((name, list(inputs)))
                return
            names = list(self.waiting)
            position = 0


def required_inputs_of(
    graph: Graph, parameters: Callable[[str], Mapping[str, Any]]
) -> Callable[[str], int | Sequence[int] | None]:
    """A node's required inputs, from its traits and its parameters."""

    def read(name: str) -> int | Sequence[int] | None:
        node = graph.nodes[name]
        declared = traits_of(node.impl).required_inputs
        if callable(declared):
            return declared(parameters(name))
        return declared

    return read
