"""`kflow new node`: the package it writes installs into a fresh virtualenv, `kflow nodes`
lists it, its tests (the standard suite included) pass, and the suite catches a broken
description. Slow (a virtualenv and pip), so it is marked `scaffold`; .ci/run runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kflow.testing.scaffold import scaffold_node

pytestmark = pytest.mark.scaffold

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_a_scaffolded_node_installs_passes_and_catches_a_broken_description(
    tmp_path: Path,
) -> None:
    made = _run(
        [
            str(Path(sys.executable).with_name("kflow")),
            "new",
            "node",
            "acme",
            "--dir",
            str(tmp_path),
        ],
        tmp_path,
    )
    assert made.returncode == 0, made.stderr
    package = tmp_path / "kflow-node-acme"
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    pip = [str(venv / "bin" / "pip"), "install", "-q"]
    installed = _run([*pip, str(ROOT), "pytest>=8", "pytest-asyncio>=0.23"], tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]
    installed = _run([*pip, "-e", f"{package}[test]"], tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]

    listed = _run([str(venv / "bin" / "kflow"), "nodes"], tmp_path)
    assert "acme" in listed.stdout, listed.stdout + listed.stderr
    passed = _run([str(venv / "bin" / "pytest"), "-q"], package)
    assert passed.returncode == 0, passed.stdout[-3000:]

    node = package / "kflow_node_acme" / "node.py"
    text = node.read_text()
    broken = text.replace('"operation": ["get"]}}', '"operatoin": ["get"]}}', 1)
    assert broken != text
    node.write_text(broken)
    failed = _run([str(venv / "bin" / "pytest"), "-q"], package)
    assert failed.returncode != 0
    assert "property 'itemId': displayOptions.show names 'operatoin'" in failed.stdout


def test_scaffold_refuses_a_bad_name_or_an_existing_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a node type name"):
        scaffold_node("Bad-Name", tmp_path)
    scaffold_node("acme", tmp_path)
    with pytest.raises(ValueError, match="exists already"):
        scaffold_node("acme", tmp_path)
