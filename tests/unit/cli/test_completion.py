"""Shell completion: the candidates for each kind of word (pure, with a parser and a node
catalogue made here), the installed nodes, and the bash script run for real."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from kflow.host.cli import completion
from kflow.host.cli.completion import FILES, InstalledNodes, candidates, script

ROOT = Path(__file__).resolve().parents[3]
KFLOW = Path(sys.executable).with_name("kflow")


class Nodes:
    """Two node types: `shop` (resources) and `clock` (operations only)."""

    def types(self) -> list[str]:
        return ["clock", "shop"]

    def resources(self, node_type: str) -> list[str]:
        return ["order", "product"] if node_type == "shop" else []

    def operations(self, node_type: str, resource: str | None) -> list[str]:
        if node_type == "clock":
            return ["now", "format"]
        return {"order": ["update", "getMany"], "product": ["get"]}.get(resource or "", [])

    def parameters(self, node_type: str, chosen: Mapping[str, str]) -> list[str]:
        if chosen.get("operation") == "update":
            return ["resource", "operation", "orderId", "status"]
        return ["resource", "operation"]

    def values(self, node_type: str, chosen: Mapping[str, str], name: str) -> list[str]:
        if name == "resource":
            return self.resources(node_type)
        if name == "operation":
            return self.operations(node_type, chosen.get("resource"))
        return ["paid", "sent"] if name == "status" else []


def kflow_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kflow")
    parser.add_argument("--debug", action="store_true")
    sub = parser.add_subparsers(dest="command")
    node = sub.add_parser("node")
    node.add_argument("type")
    node.add_argument("-p", "--param", action="append", metavar="NAME=VALUE")
    node.add_argument("--items", metavar="FILE")
    node.add_argument("--output", type=Path)
    node.add_argument("--format", choices=["json", "jsonl"])
    node.add_argument("--secret-option", help=argparse.SUPPRESS)
    run = sub.add_parser("run")
    run.add_argument("flow", type=Path)
    describe = sub.add_parser("describe")
    describe.add_argument("type")
    describe.add_argument("resource", nargs="?")
    describe.add_argument("operation", nargs="?")
    executions = sub.add_parser("executions")
    actions = executions.add_subparsers(dest="action")
    listing = actions.add_parser("list")
    listing.add_argument("--limit", type=int)
    actions.add_parser("show").add_argument("id", type=int)
    sub.add_parser("__complete")
    return parser


def complete(line: str) -> list[str]:
    """Candidates for the last word of `line` (split on spaces, as a shell would)."""
    words = line.split(" ")
    return candidates(words, len(words) - 1, kflow_parser(), Nodes())


def test_commands_and_global_options() -> None:
    assert complete("kflow ") == ["node", "run", "describe", "executions"]
    assert complete("kflow de") == ["describe"]
    assert complete("kflow --d") == ["--debug"]
    assert complete("kflow --debug no") == ["node"]


def test_options_of_the_command_not_the_hidden_ones() -> None:
    found = complete("kflow node shop --")
    assert found == ["--help", "--param", "--items", "--output", "--format"]
    assert complete("kflow node shop -") == found  # short forms only where no long one


def test_subcommands_of_a_command() -> None:
    assert complete("kflow executions ") == ["list", "show"]
    assert complete("kflow executions list --l") == ["--limit"]


def test_node_types_after_node_and_describe() -> None:
    assert complete("kflow node ") == ["clock", "shop"]
    assert complete("kflow describe s") == ["shop"]


def test_resources_then_operations_after_describe() -> None:
    assert complete("kflow describe shop ") == ["order", "product"]
    assert complete("kflow describe shop order ") == ["update", "getMany"]
    assert complete("kflow describe shop product g") == ["get"]
    assert complete("kflow describe shop order update ") == []
    assert complete("kflow describe clock ") == ["now", "format"]
    assert complete("kflow describe clock now ") == []


def test_parameters_and_their_values_after_p() -> None:
    assert complete("kflow node shop -p ") == ["resource=", "operation="]
    assert complete("kflow node shop -p resource=") == ["resource=order", "resource=product"]
    assert complete("kflow node shop -p resource=order -p operation=u") == ["operation=update"]
    assert complete("kflow node shop -p resource=order --param operation=update -p ") == [
        "orderId=",
        "status=",
    ]
    line = "kflow node shop -p resource=order -p operation=update -p status=p"
    assert complete(line) == ["status=paid"]


def test_bash_splits_at_equals_and_gets_only_the_part_after_it() -> None:
    words = ["kflow", "node", "shop", "-p", "resource", "=", "pr"]
    assert candidates(words, 6, kflow_parser(), Nodes()) == ["product"]
    words = ["kflow", "node", "shop", "-p", "resource", "="]
    assert candidates(words, 5, kflow_parser(), Nodes()) == ["order", "product"]
    words = ["kflow", "node", "shop", "--format", "=", "j"]
    assert candidates(words, 5, kflow_parser(), Nodes()) == ["json", "jsonl"]
    words = ["kflow", "node", "shop", "-p", "resource", "=", "order", "-p", ""]
    assert candidates(words, 8, kflow_parser(), Nodes()) == ["operation="]


def test_choices_inline_and_apart() -> None:
    assert complete("kflow node shop --format ") == ["json", "jsonl"]
    assert complete("kflow node shop --format=jsonl") == ["--format=jsonl"]


def test_files_are_left_to_the_shell() -> None:
    assert complete("kflow run ") == [FILES]
    assert complete("kflow node shop --items ") == [FILES]
    assert complete("kflow node shop --output x") == [FILES]
    assert complete("kflow run flow.yaml ") == []


def test_a_cursor_past_the_last_word() -> None:
    assert candidates(["kflow"], 1, kflow_parser(), Nodes()) == [
        "node",
        "run",
        "describe",
        "executions",
    ]


def test_installed_nodes_give_keitaro_s_menus() -> None:
    nodes = InstalledNodes()
    assert "keitaro" in nodes.types() and "httpRequest" in nodes.types()
    assert {"click", "stream", "statistics"} <= set(nodes.resources("keitaro"))
    assert "update" in nodes.operations("keitaro", "stream")
    chosen = {"resource": "stream", "operation": "update"}
    assert nodes.parameters("keitaro", chosen) == [
        "resource",
        "operation",
        "streamId",
        "updateFields",
    ]
    assert "today" in nodes.values(
        "keitaro", {"resource": "click", "operation": "getLog"}, "interval"
    )
    assert nodes.values("httpRequest", {}, "sendBody") == ["true", "false"]
    assert nodes.resources("noSuchNode") == []


def test_the_scripts_name_the_callback() -> None:
    for shell in ("bash", "zsh", "fish"):
        assert "kflow __complete" in script(shell)
    assert {c.name for c in completion.COMMANDS} == {"completion", "__complete"}


# --- bash, for real --------------------------------------------------------------------------


def bash_complete(words: list[str], cword: int, tmp_path: Path) -> list[str]:
    """Sources the script in bash, sets COMP_WORDS/COMP_CWORD as bash would for the line,
    calls the completion function and returns COMPREPLY."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "kflow").symlink_to(KFLOW) if not (bin_dir / "kflow").exists() else None
    program = "\n".join(
        [
            script("bash"),
            f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})",
            f"COMP_CWORD={cword}",
            "_kflow_complete",
            "printf '%s\\n' \"${COMPREPLY[@]}\"",
        ]
    )
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completes_through_the_console_script(tmp_path: Path) -> None:
    assert "describe" in bash_complete(["kflow", "des"], 1, tmp_path)
    assert bash_complete(["kflow", "describe", "keitaro", "stre"], 3, tmp_path) == ["stream"]
    line = ["kflow", "node", "keitaro", "-p", "resource", "=", "stat"]
    assert bash_complete(line, 6, tmp_path) == ["statistics"]
    assert bash_complete(["kflow", "run", "examples/report-by"], 2, tmp_path) == [
        "examples/report-by-campaign.yaml"
    ]
