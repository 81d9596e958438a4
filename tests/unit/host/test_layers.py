"""The layer rules of docs/ARCHITECTURE.md ("Layers: what each part may import"), kept.

The table of layers is read from the document itself, so the rules a reader sees are the
rules this test applies. Every failure names the module, the import and the rule it breaks.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.import_graph import (
    ROOT,
    Import,
    absolute_module,
    cycles,
    describe,
    import_graph,
    lazy_exports,
)

ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"
RULE = "a module may import only its own layer and those below (docs/ARCHITECTURE.md, Layers)"
HOST = "kflow.host"


@dataclass(frozen=True)
class Layer:
    number: int
    name: str
    patterns: tuple[str, ...]

    def __str__(self) -> str:
        return f"layer {self.number}, {self.name}"

    def holds(self, module: str) -> bool:
        local = module.removeprefix(HOST + ".")
        for pattern in self.patterns:
            if pattern.endswith(".*"):
                package = pattern[:-2]
                if local == package or local.startswith(package + "."):
                    return True
            elif local == pattern:
                return True
        return False


def layers_from(text: str) -> list[Layer]:
    """The numbered rows of the Layers table: `| 3 nodes | `node` `versions` | … |`."""
    found = []
    for line in text.splitlines():
        match = re.match(r"\|\s*(\d+)\s+([^|]+?)\s*\|([^|]*)\|", line)
        if match:
            patterns = tuple(re.findall(r"`([^`]+)`", match.group(3)))
            found.append(Layer(int(match.group(1)), match.group(2), patterns))
    return found


def layer_of(module: str, layers: list[Layer]) -> Layer | None:
    matches = [layer for layer in layers if layer.holds(module)]
    return matches[0] if len(matches) == 1 else None


def layer_violations(graph: dict[str, list[Import]], layers: list[Layer]) -> list[str]:
    """Each load-time import of a higher layer, as `importer:line (its layer) imports …`."""
    problems = []
    for importer, edges in sorted(graph.items()):
        here = layer_of(importer, layers)
        if here is None:
            continue
        for edge in edges:
            there = layer_of(edge.target, layers)
            if there is not None and there.number > here.number:
                problems.append(
                    f"{importer}:{edge.line} ({here}) imports {edge.target} ({there}): {RULE}"
                )
    return problems


LAYERS = layers_from(ARCHITECTURE.read_text("utf-8"))
GRAPH = import_graph("host")


def test_the_table_is_read_from_the_architecture_page() -> None:
    assert [layer.number for layer in LAYERS] == list(range(1, len(LAYERS) + 1))
    assert len(LAYERS) >= 6, "docs/ARCHITECTURE.md lost its Layers table"


def test_every_host_module_is_in_exactly_one_layer() -> None:
    problems = []
    for module in sorted(GRAPH):
        if module == HOST:
            continue
        homes = [str(layer) for layer in LAYERS if layer.holds(module)]
        if len(homes) != 1:
            where = ", ".join(homes) or "no layer"
            problems.append(
                f"{module} is in {where}: put it in exactly one row of the Layers table "
                "of docs/ARCHITECTURE.md"
            )
    assert not problems, "\n".join(problems)


def test_every_entry_of_the_table_names_a_module() -> None:
    stale = [
        f"{pattern!r} ({layer}) matches no module of kflow.host: remove or rename it"
        for layer in LAYERS
        for pattern in layer.patterns
        if not any(Layer(0, "", (pattern,)).holds(m) for m in GRAPH)
    ]
    assert not stale, "\n".join(stale)


def test_no_host_module_imports_a_layer_above_its_own() -> None:
    problems = layer_violations(GRAPH, LAYERS)
    assert not problems, "\n".join(problems)


def test_no_import_cycle_in_the_host() -> None:
    found = [describe(cycle, GRAPH) for cycle in cycles(GRAPH)]
    assert not found, "import cycles at load time (move the shared piece down):\n" + "\n".join(
        found
    )


def test_the_door_imports_nothing_at_load_time() -> None:
    loaded = [f"{HOST}:{e.line} imports {e.target}" for e in GRAPH[HOST]]
    assert not loaded, (
        "\n".join(loaded) + ": the public door resolves names on first use (_EXPORTS), "
        "so that a command imports only what it needs"
    )


def _loaded_by(module: str) -> dict[str, list[str]]:
    """Every host module `module` loads at import time, with the chain that loads it."""
    chains = {module: [module]}
    waiting = [module]
    while waiting:
        current = waiting.pop()
        for edge in GRAPH.get(current, []):
            if edge.target not in chains:
                chains[edge.target] = [*chains[current], edge.target]
                waiting.append(edge.target)
    return chains


@pytest.mark.parametrize("name", sorted(lazy_exports(ROOT / "host" / "__init__.py")))
def test_no_exported_name_loads_serve_or_the_cli(name: str) -> None:
    source = lazy_exports(ROOT / "host" / "__init__.py")[name]
    for module, chain in _loaded_by(source).items():
        assert not module.startswith((f"{HOST}.serve", f"{HOST}.cli")), (
            f"kflow.host.{name} loads {module} ({' → '.join(chain)}): nodes (nodes/core "
            "included) would load serve or the CLI through the door; move what they need "
            "below serve and export it from kflow.host"
        )


# nodes/: what each node package may import of kflow (imports inside functions included).

NODES = ROOT / "nodes"
NODE_SOURCES = sorted(NODES.rglob("*.py"))


def _kflow_imports(path: Path, text: str) -> list[tuple[int, str]]:
    name = ".".join(["kflow", *path.relative_to(ROOT).with_suffix("").parts])
    is_package = path.name == "__init__.py"
    name = name.removesuffix(".__init__")
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, absolute_module(name, is_package, node)))
    return [(line, module) for line, module in found if module.split(".")[0] == "kflow"]


def node_rule(path: Path) -> tuple[tuple[str, ...], str]:
    """The kflow modules a node module may import (exact, or as prefixes ending in `.`)."""
    family = path.relative_to(NODES).parts[0]
    if family == "core":
        return (HOST, "kflow.nodes.core"), "nodes/core imports only kflow.host and nodes/core"
    allowed = (HOST, "kflow.nodes.core", f"kflow.nodes.{family}", "kflow.credentials")
    return (*allowed, "kflow.schemas"), (
        f"nodes/{family} imports only kflow.host, nodes/core, nodes/{family}, "
        "kflow.credentials and kflow.schemas"
    )


def node_violations(path: Path, text: str | None = None) -> list[str]:
    """Each import of `path` (its text, or `text`) that its node package may not make."""
    allowed, rule = node_rule(path)
    where = path.relative_to(ROOT)
    source = path.read_text("utf-8") if text is None else text
    return [
        f"{where}:{line} imports {module}: {rule} (docs/ARCHITECTURE.md, Layers)"
        for line, module in _kflow_imports(path, source)
        if not any(module == a or module.startswith(a + ".") for a in allowed)
        or (module.startswith(HOST + ".") and module != HOST)
    ]


@pytest.mark.parametrize("path", NODE_SOURCES, ids=lambda p: str(p.relative_to(NODES)))
def test_a_node_module_imports_only_what_its_package_may(path: Path) -> None:
    problems = node_violations(path)
    assert not problems, "\n".join(problems)


# The checks themselves fail as they should.


def test_an_upward_import_is_named_with_both_layers_and_the_rule() -> None:
    layers = [Layer(1, "foundations", ("errors",)), Layer(2, "engine", ("engine.*",))]
    graph = {
        "kflow.host.errors": [Import("kflow.host.errors", "kflow.host.engine.executor", 7)],
        "kflow.host.engine.executor": [
            Import("kflow.host.engine.executor", "kflow.host.errors", 3)
        ],
    }
    assert layer_violations(graph, layers) == [
        "kflow.host.errors:7 (layer 1, foundations) imports kflow.host.engine.executor "
        f"(layer 2, engine): {RULE}"
    ]
    assert describe(cycles(graph)[0], graph) == "host.engine.executor:3 → host.errors:7 → " + (
        "host.engine.executor"
    )


def test_a_core_node_importing_serve_is_named_with_the_rule() -> None:
    source = "def run():\n    from kflow.host.serve.webhooks import accept\n"
    assert node_violations(NODES / "core" / "example.py", source) == [
        "nodes/core/example.py:2 imports kflow.host.serve.webhooks: nodes/core imports only "
        "kflow.host and nodes/core (docs/ARCHITECTURE.md, Layers)"
    ]


def test_a_node_package_may_not_import_another() -> None:
    source = "from kflow.nodes.telegram.markup import keyboard\nfrom . import router\n"
    problems = node_violations(NODES / "keitaro" / "example.py", source)
    assert len(problems) == 1
    assert problems[0].startswith("nodes/keitaro/example.py:1 imports kflow.nodes.telegram.markup")


def test_the_graph_skips_lazy_and_type_checking_imports(tmp_path: Path) -> None:
    from tests import import_graph

    source = (
        "from typing import TYPE_CHECKING\n"
        "from kflow.host import errors\n"
        "if TYPE_CHECKING:\n"
        "    from kflow.host import node\n"
        "def later():\n"
        "    from kflow.host import engine\n"
        "class Model:\n"
        "    from kflow.host import items\n"
    )
    module = tmp_path / "example.py"
    module.write_text(source)
    known = {f"kflow.host.{n}": tmp_path / f"{n}.py" for n in ("errors", "node", "engine", "items")}
    edges = import_graph.imports_of("kflow.host.example", module, known)
    assert sorted(e.target for e in edges) == ["kflow.host.errors", "kflow.host.items"]
