"""The host knows no node, credential or sandbox by name, and imports none of them."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

from kflow.host.descriptors import PropertyType
from kflow.host.registry import credential_definitions, n8n_type_map, node_types

HOST = Path(__file__).resolve().parents[3] / "host"
PLUGINS = ("kflow.nodes", "kflow.credentials", "kflow.sandbox")


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text("utf-8"))) for path in HOST.rglob("*.py")]


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_host_imports_no_plugin() -> None:
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(PLUGINS), f"{path}: imports {node.module}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith(PLUGINS), f"{path}: imports {alias.name}"


def test_host_code_names_no_installed_type() -> None:
    core = {"filter", "if", "set", "input", "merge", "aggregate", "noOp", "code", "limit"}
    core |= set(get_args(PropertyType))  # n8n's property types, such as "dateTime"
    core |= {"webhook"}  # also n8n's name of an execution's mode (executions list, REST)
    names = set(node_types()) | set(credential_definitions()) | set(n8n_type_map())
    names = (names - core) | {"KEITARO_URL", "KEITARO_API_KEY", "KEITARO_POSTBACK_KEY"}
    for path, tree in _modules():
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in docstrings:
                    continue
                assert node.value not in names, f"{path}:{node.lineno}: names {node.value!r}"


def test_host_compares_no_node_type_with_a_name() -> None:
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            reads_type = any(_is_node_type(x) for x in sides)
            literal = [x for x in sides if isinstance(x, ast.Constant | ast.Set | ast.Tuple)]
            assert not (reads_type and literal), f"{path}:{node.lineno}: compares a node type"


def _is_node_type(expr: ast.expr) -> bool:
    """`spec.type` or `x.spec.type`: a flow node's type."""
    if not (isinstance(expr, ast.Attribute) and expr.attr == "type"):
        return False
    owner = expr.value
    return (isinstance(owner, ast.Name) and owner.id == "spec") or (
        isinstance(owner, ast.Attribute) and owner.attr == "spec"
    )
