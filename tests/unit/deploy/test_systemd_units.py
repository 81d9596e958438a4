"""The systemd units in examples/deploy start commands kflow accepts, with the settings
docs/DEPLOY.md promises (reload on HUP, stop after the grace period)."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import pytest

from kflow.host.cli.main import build_parser

DEPLOY = Path(__file__).resolve().parents[3] / "examples" / "deploy"


def _environment() -> dict[str, str]:
    pairs = (
        line.split("=", 1)
        for line in (DEPLOY / "kflow.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    return dict(pairs)


def _unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / name)
    return unit


@pytest.mark.parametrize(
    ("name", "command"), [("kflow-serve.service", "serve"), ("kflow-worker@.service", "worker")]
)
def test_the_unit_starts_a_command_kflow_accepts(name: str, command: str) -> None:
    service = _unit(name)["Service"]
    env = _environment()
    line = re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], service["ExecStart"])
    binary, *argv = shlex.split(line)
    assert binary.endswith("/kflow")
    args = build_parser("*").parse_args(argv)
    assert args.command == command
    assert args.broker == env["KFLOW_BROKER"]
    assert float(service["TimeoutStopSec"]) > args.grace, "systemd would kill it mid-drain"
    assert service["KillSignal"] == "SIGTERM"
    assert service["EnvironmentFile"] == "/etc/kflow/kflow.env"


def test_serve_reloads_on_hup() -> None:
    assert _unit("kflow-serve.service")["Service"]["ExecReload"] == "/bin/kill -HUP $MAINPID"
