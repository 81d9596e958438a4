"""The Keitaro node's layout, kept: operations/ is machinery that knows no resource, and each
resource lives in one home under resources/.

Layers, bottom up (each may import its own and those below, imports inside functions
included):
- foundations: catalog, transport, execution, handlers/*;
- operations/*: the model, the interpreter, Declared, downloads, the Protocol, the verbs;
- resources/*: one home per resource (a module, or a package), and shared/;
- the node: resource_table, description, router, node, routes_table, n8n_package/*, ….
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import ModuleType

import pytest

from kflow.nodes.keitaro.operations.declarative import Declared
from kflow.nodes.keitaro.operations.download import Download
from kflow.nodes.keitaro.resource_table import HOMES, RESOURCES
from tests.import_graph import ROOT, absolute_module, modules

PACKAGE = "kflow.nodes.keitaro"
OPERATIONS = f"{PACKAGE}.operations"
RESOURCES_PACKAGE = f"{PACKAGE}.resources"
SHARED = f"{RESOURCES_PACKAGE}.shared"
FOUNDATIONS = (f"{PACKAGE}.catalog", f"{PACKAGE}.transport", f"{PACKAGE}.execution")
HANDLERS = f"{PACKAGE}.handlers"
KNOWN = modules("nodes")
SOURCES = {name: path for name, path in KNOWN.items() if name.startswith(PACKAGE + ".")}


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def imports(name: str, path: Path) -> list[tuple[int, str]]:
    """Every kflow.nodes.keitaro module `name` imports, wherever the import stands (inside
    functions too); `from package import module` counts as the module."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = absolute_module(name, path.name == "__init__.py", node)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.append((node.lineno, submodule if submodule in KNOWN else source))
    return [(line, target) for line, target in found if _within(target, PACKAGE)]


def _is_foundation(module: str) -> bool:
    return module in FOUNDATIONS or _within(module, HANDLERS)


def violations(layer: str, allowed: tuple[str, ...], rule: str) -> list[str]:
    """Each import by a module of `layer` of a module outside `allowed` (packages, or the
    foundations when `allowed` holds "foundations")."""
    found = []
    for name, path in SOURCES.items():
        if not _within(name, layer):
            continue
        for line, target in imports(name, path):
            if target == PACKAGE or any(_within(target, a) for a in allowed):
                continue
            if "foundations" in allowed and _is_foundation(target):
                continue
            found.append(f"{path.relative_to(ROOT)}:{line} imports {target}: {rule}")
    return found


def test_operations_import_neither_resources_nor_the_node() -> None:
    rule = "operations/ imports only itself and the foundations (not resources/, not the node)"
    assert violations(OPERATIONS, (OPERATIONS, "foundations"), rule) == []


def test_the_foundations_import_no_operation_resource_or_node() -> None:
    rule = "catalog, transport, execution and handlers import only each other"
    for layer in (*FOUNDATIONS, HANDLERS):
        assert violations(layer, ("foundations",), rule) == []


def test_resources_import_no_part_of_the_node() -> None:
    rule = "resources/ imports only itself, operations/ and the foundations"
    assert violations(RESOURCES_PACKAGE, (RESOURCES_PACKAGE, OPERATIONS, "foundations"), rule) == []


def _home_name(resource: str) -> str:
    """`affiliateNetwork` → `kflow.nodes.keitaro.resources.affiliate_network`."""
    snake = re.sub(r"(?<!^)([A-Z])", r"_\1", resource).lower()
    return f"{RESOURCES_PACKAGE}.{snake}"


def _home_of(module: str) -> str | None:
    """The resource home a module under resources/ belongs to (None: shared/, or the package)."""
    parts = module.split(".")
    if len(parts) <= 4 or _within(module, SHARED):
        return None
    return ".".join(parts[:5])


def test_each_resource_has_one_home_named_after_it() -> None:
    assert [home.LABEL["value"] for home in HOMES] == list(RESOURCES)
    for home in HOMES:
        resource = home.LABEL["value"]
        assert isinstance(home, ModuleType)
        assert home.__name__ == _home_name(resource)
        assert RESOURCES[resource].label is home.LABEL
        assert RESOURCES[resource].operations is home.OPERATIONS


def test_every_module_under_resources_is_a_home_or_in_one_or_shared() -> None:
    homes = {home.__name__ for home in HOMES}
    strays = [
        name
        for name in SOURCES
        if _within(name, RESOURCES_PACKAGE)
        and name != RESOURCES_PACKAGE
        and not _within(name, SHARED)
        and _home_of(name) not in homes
    ]
    assert strays == []


@pytest.mark.parametrize("resource", list(RESOURCES))
def test_a_resource_s_operations_are_all_in_its_home(resource: str) -> None:
    home = _home_name(resource)
    for value, handler in RESOURCES[resource].operations.items():
        assert handler.OPERATION["value"] == value
        if isinstance(handler, Declared):
            assert handler.op.resource == resource, f"{resource}/{value}"
        elif isinstance(handler, Download):
            assert handler.resource == resource, f"{resource}/{value}"
        else:
            assert isinstance(handler, ModuleType), f"{resource}/{value}: {handler!r}"
            assert _within(handler.__name__, home), f"{handler.__name__} is not in {home}"


def test_homes_import_no_other_home_and_shared_parts_import_none() -> None:
    found = []
    for name, path in SOURCES.items():
        if not _within(name, RESOURCES_PACKAGE) or name == RESOURCES_PACKAGE:
            continue
        own = _home_of(name)
        for line, target in imports(name, path):
            other = _home_of(target)
            if _within(target, RESOURCES_PACKAGE) and other is not None and other != own:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert found == []


def test_shared_parts_define_no_operation() -> None:
    for name, path in SOURCES.items():
        if _within(name, SHARED):
            tree = ast.parse(path.read_text("utf-8"))
            assigned = {
                target.id
                for node in tree.body
                if isinstance(node, ast.Assign | ast.AnnAssign)
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(target, ast.Name)
            }
            assert not assigned & {"LABEL", "OPERATIONS", "OPERATION", "DECLARED"}, name


def test_the_checks_catch_what_they_guard(tmp_path: Path) -> None:
    """The import reader sees an import inside a function, and names the module imported."""
    path = tmp_path / "probe.py"
    path.write_text(
        "def late():\n    from kflow.nodes.keitaro.resources import click\n", encoding="utf-8"
    )
    assert imports(f"{OPERATIONS}.probe", path) == [(2, f"{RESOURCES_PACKAGE}.click")]
