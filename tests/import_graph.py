"""The module-level import graph of kflow's source folders, read from their syntax trees.

Only imports that run when a module is imported count: those at module level, in class
bodies and under `if`/`try` at module level. Imports inside functions are lazy, and those
under `if TYPE_CHECKING:` never run. An edge to a package also counts its `__init__`, except
where the importer lives inside that package (Python has already started it then).

`python -m tests.import_graph` prints every cycle in kflow.host.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository: its top-level folders are kflow's subpackages (setup.py's package_dir)."""


@dataclass(frozen=True)
class Import:
    """One module-level import: the module that runs it, the module it loads, its line."""

    importer: str
    target: str
    line: int


def module_name(path: Path) -> str:
    """`host/engine/executor.py` → `kflow.host.engine.executor` (packages by their folder)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["kflow", *parts])


def modules(folder: str) -> dict[str, Path]:
    """Every module under a top-level folder (`host`, `nodes`), by its dotted name."""
    return {module_name(p): p for p in sorted((ROOT / folder).rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _eager_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements that run at import time, functions' bodies and TYPE_CHECKING left out."""
    for statement in body:
        yield statement
        if isinstance(statement, ast.If):
            if not _is_type_checking(statement.test):
                yield from _eager_statements(statement.body)
            yield from _eager_statements(statement.orelse)
        elif isinstance(statement, ast.Try | ast.TryStar):
            for block in (statement.body, statement.orelse, statement.finalbody):
                yield from _eager_statements(block)
            for handler in statement.handlers:
                yield from _eager_statements(handler.body)
        elif isinstance(statement, ast.With | ast.ClassDef):
            yield from _eager_statements(statement.body)


def absolute_module(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The module a `from … import` reads, relative forms resolved against `importer`."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def lazy_exports(package: Path) -> dict[str, str]:
    """A package's `_EXPORTS` map (name → module), which its `__getattr__` imports on use."""
    tree = ast.parse(package.read_text("utf-8"))
    for statement in tree.body:
        target = statement.target if isinstance(statement, ast.AnnAssign) else None
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
        if isinstance(target, ast.Name) and target.id == "_EXPORTS":
            value = ast.literal_eval(statement.value)  # type: ignore[union-attr, arg-type]
            return dict(value)
    return {}


def imports_of(name: str, path: Path, known: dict[str, Path]) -> list[Import]:
    """What module `name` (at `path`) imports at load time, among the `known` modules.

    `from package import name` loads the submodule when there is one, or, for a package
    with a lazy `_EXPORTS` map, the module that map names.
    """
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def add(target: str, line: int) -> None:
        parts = target.split(".")
        for depth in range(2, len(parts) + 1):
            module = ".".join(parts[:depth])
            inside = name == module or name.startswith(module + ".")
            if module in known and (depth == len(parts) or not inside):
                found.append(Import(name, module, line))

    for statement in _eager_statements(tree.body):
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                add(alias.name, statement.lineno)
        elif isinstance(statement, ast.ImportFrom):
            source = absolute_module(name, is_package, statement)
            exports = {}
            if source in known and known[source].name == "__init__.py":
                exports = lazy_exports(known[source])
            for alias in statement.names:
                submodule = f"{source}.{alias.name}"
                if submodule in known:
                    add(submodule, statement.lineno)
                elif alias.name in exports:
                    add(source, statement.lineno)
                    add(exports[alias.name], statement.lineno)
                else:
                    add(source, statement.lineno)
    return [edge for edge in found if edge.target != name]


def import_graph(folder: str = "host") -> dict[str, list[Import]]:
    """Each module of a top-level folder → its module-level imports within that folder."""
    known = modules(folder)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, list[Import]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules, each as one cycle through it.

    A group is reported by one of its cycles (the shortest from its first module), enough
    to name the loop; a group with several loops shows again once one is broken.
    """
    targets = {name: sorted({e.target for e in edges}) for name, edges in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:
        # Tarjan's algorithm, iteratively: (node, next child position)
        work = [(start, 0)]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, position = work[-1]
            children = targets.get(node, [])
            if position < len(children):
                work[-1] = (node, position + 1)
                child = children[position]
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

    for name in sorted(targets):
        if name not in index:
            visit(name)
    return [_one_cycle(group, targets) for group in sorted(groups)]


def _one_cycle(group: list[str], targets: dict[str, list[str]]) -> list[str]:
    members = set(group)
    start = group[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in targets[node]:
                if child == start:
                    return [*paths[node], start]
                if child in members and child not in paths:
                    paths[child] = [*paths[node], child]
                    following.append(child)
        frontier = following
    return group


def describe(cycle: list[str], graph: dict[str, list[Import]]) -> str:
    """`a (line 3) → b (line 9) → a`: each step with the line of the import that makes it."""
    steps = []
    for here, there in pairwise(cycle):
        line = min(e.line for e in graph[here] if e.target == there)
        steps.append(f"{here.removeprefix('kflow.')}:{line}")
    return " → ".join([*steps, cycle[-1].removeprefix("kflow.")])


if __name__ == "__main__":
    host = import_graph("host")
    found = cycles(host)
    for cycle in found:
        print(describe(cycle, host))
    print(f"{len(found)} cycle(s) among {len(host)} modules")
