"""Commands import only what they use: `kflow --help` and a command's own help load neither
aiohttp nor pydantic nor any other command's module."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kflow.host.cli.catalog import BUILT_IN
from kflow.host.cli.main import build_parser, load_command

HEAVY = ("aiohttp", "pydantic", "kflow.host.engine", "kflow.host.serve", "kflow.sandbox")


def _modules_after(argv: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from kflow.host.cli.main import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('\\n'.join(sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_help_imports_no_command() -> None:
    loaded = _modules_after(["--help"])
    assert not {m for m in loaded if m.startswith(HEAVY)}
    assert not {entry.module for entry in BUILT_IN.values()} & loaded


def test_a_commands_help_imports_only_its_module() -> None:
    loaded = _modules_after(["validate", "--help"])
    assert "kflow.host.cli.info_commands" in loaded
    assert "kflow.host.cli.serve_commands" not in loaded
    assert "kflow.host.serve" not in loaded


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_every_catalogued_command_loads_under_its_name(name: str) -> None:
    command = load_command(name)
    assert command is not None and command.name == name
    assert command.help == BUILT_IN[name].help


def test_the_full_parser_knows_every_command() -> None:
    parser = build_parser("*")
    args = parser.parse_args(["run", "flow.yaml", "--format", "table", "--node", "Report"])
    assert (args.command, args.format, args.node) == ("run", "table", "Report")


def test_node_and_run_load_no_flow_checker_until_a_flow_is_read() -> None:
    """`kflow node` reads no flow file: the flow checker (and the JSON Schema library it
    brings) is imported by the commands that read one, when they do."""
    loaded = _modules_after(["node", "--help"])
    assert "kflow.host.cli.run_commands" in loaded
    assert not {"kflow.host.validate", "kflow.host.flow_loader", "kflow.host.subflows"} & loaded
