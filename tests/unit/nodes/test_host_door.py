"""Nodes use only the host's public door: names that `kflow.host` exports, nothing deeper."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kflow.host

NODES = Path(__file__).resolve().parents[3] / "nodes"
SOURCES = sorted(NODES.rglob("*.py"))


def _host_imports(tree: ast.AST) -> list[tuple[int, str, list[str]]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kflow.host"):
            found.append((node.lineno, node.module or "", [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kflow.host"):
                    found.append((node.lineno, alias.name, []))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(NODES)))
def test_a_node_module_imports_only_what_kflow_host_exports(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for line, module, names in _host_imports(tree):
        assert module == "kflow.host", f"{path.name}:{line} imports {module}, a host internal"
        hidden = [name for name in names if name not in kflow.host.__all__]
        assert not hidden, f"{path.name}:{line} imports {hidden}, which kflow.host does not export"


def test_the_door_is_checked_on_every_node_module() -> None:
    assert len(SOURCES) > 40
