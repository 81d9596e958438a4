"""`kflow new node NAME [--dir DIR]`: a node package that installs, lists and passes its tests.

Offered to kflow through the `kflow.commands` entry point.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import resources
from pathlib import Path

__all__ = ["COMMAND", "NewCommand", "scaffold_node"]

_NAME = re.compile(r"[a-z][a-zA-Z0-9]*")
_FILES = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "node.py.tmpl": "{package}/node.py",
    "credentials.py.tmpl": "{package}/credentials.py",
    "test_node.py.tmpl": "tests/test_{name}.py",
}


def scaffold_node(name: str, parent: Path) -> Path:
    """Writes the package `kflow-node-NAME` under `parent`; returns its folder.

    Raises:
        ValueError: NAME is not a node type name (camelCase letters and digits), or the
            folder exists already.
    """
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a node type name: use letters and digits, like acme")
    fields = {
        "name": name,
        "title": name[0].upper() + name[1:],
        "cls": name[0].upper() + name[1:],
        "const": re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper(),
        "env": re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper(),
        "package": "kflow_node_" + re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower(),
    }
    root = parent / f"kflow-node-{name}"
    if root.exists():
        raise ValueError(f"{root} exists already")
    templates = resources.files("kflow.testing").joinpath("templates")
    for template, target in _FILES.items():
        path = root / target.format(**fields)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(templates.joinpath(template).read_text("utf-8").format(**fields), "utf-8")
    (root / fields["package"] / "__init__.py").write_text(
        f'"""The {fields["title"]} node for kflow."""\n', "utf-8"
    )
    return root


class NewCommand:
    """`kflow new node NAME [--dir DIR]`."""

    name = "new"
    help = "start a new node package"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("kind", choices=["node"], help="what to start")
        parser.add_argument("node_name", metavar="NAME", help="the node type's name, e.g. acme")
        parser.add_argument("--dir", type=Path, default=Path.cwd(), help="where to write it")

    async def run(self, args: argparse.Namespace, redactor: object = None) -> int:
        """Writes the package; 2 when the name or the folder is not usable."""
        try:
            root = scaffold_node(args.node_name, args.dir)
        except ValueError as exc:
            print(f"kflow: error: {exc}", file=sys.stderr)
            return 2
        print(f"wrote {root}")
        print(f"next: cd {root} && pip install -e '.[test]' && pytest")
        return 0


COMMAND = NewCommand()
