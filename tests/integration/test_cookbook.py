"""docs/COOKBOOK.md's recipes, run as a new user would: every command in it that runs on
the sandbox (or needs nothing) runs as written, and the jobs do what the recipes say."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import shlex
import shutil
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from kflow.sandbox import SandboxServer
from tests.integration.test_cli import KFLOW, ROOT, Result
from tests.support import CANARY_KEY, FIXED_NOW, child_env

COOKBOOK = ROOT / "docs" / "COOKBOOK.md"
FACEBOOK = "examples/spend-from-facebook.yaml"
LOSERS = "examples/disable-losing-campaigns.yaml"


def _commands() -> list[str]:
    """The `kflow …` commands of the cookbook's sh blocks that run on a bare machine:
    with --sandbox, or describe."""
    text = COOKBOOK.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            command = line.split("  #")[0].strip()
            if not command.startswith("kflow "):
                continue
            if ("--sandbox" in command and " serve " not in command) or command.startswith(
                "kflow describe"
            ):
                found.append(command)
    return found


def _help_examples() -> list[str]:
    """The commands of every --help's examples that run on the sandbox as written."""
    from kflow.host.cli.examples import EXAMPLES

    lines = [line.strip() for text in EXAMPLES.values() for line in text.splitlines()]
    return sorted(
        {
            line
            for line in lines
            if line.startswith("kflow ")
            and "--sandbox" in line
            and not line.startswith(("kflow serve", "kflow worker", "kflow sandbox"))
        }
    )


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder holding a copy of examples/, where the recipes run and write."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns("out"))
    return tmp_path


async def run(args: list[str], cwd: Path) -> Result:
    proc = await asyncio.create_subprocess_exec(
        str(KFLOW),
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=child_env(),
        cwd=cwd,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    result = Result(proc.returncode or 0, out.decode(), err.decode())
    assert CANARY_KEY not in result.out + result.err
    return result


def test_the_cookbook_has_its_recipes() -> None:
    commands = _commands()
    assert len(commands) >= 12
    for needed in ("--format table", "--output yesterday.csv", "--chart", "--dry-run-writes"):
        assert any(needed in command for command in commands), needed


@pytest.mark.parametrize("command", _commands())
async def test_every_recipe_runs_as_written(command: str, workdir: Path) -> None:
    result = await run(shlex.split(command)[1:], workdir)
    assert result.code == 0, f"{command}\n{result.err}"
    assert "Traceback" not in result.err


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    """A fresh sandbox that records every request it receives."""
    async with SandboxServer(api_key=CANARY_KEY, clock=lambda: FIXED_NOW, record=True) as server:
        yield server


@pytest.mark.parametrize("command", _help_examples())
async def test_every_help_example_on_the_sandbox_runs_as_written(
    command: str, workdir: Path
) -> None:
    result = await run(shlex.split(command)[1:], workdir)
    assert result.code == 0, f"{command}\n{result.err}"


@pytest.fixture
def creds(tmp_path: Path, sandbox: SandboxServer) -> Path:
    path = tmp_path / "creds.yaml"
    path.write_text(f"keitaroApi:\n  domain: {sandbox.url}\n  apiKey: {CANARY_KEY}\n")
    return path


async def test_spend_from_facebook_checks_first_then_pushes_exact_amounts(
    sandbox: SandboxServer, creds: Path, workdir: Path
) -> None:
    preview = await run(
        ["run", FACEBOOK, "--credentials", str(creds), "--dry-run-writes", "--format", "csv"],
        workdir,
    )
    assert preview.code == 0, preview.err
    assert {(r.method, r.path) for r in sandbox.requests} == {("GET", "/admin_api/v1/campaigns")}
    rows = list(csv.DictReader(io.StringIO(preview.out)))
    assert [(r["date"], r["campaign"], r["status"]) for r in rows] == [
        ("2026-11-18", "FB Nutra ES", "not sent (dry run)"),
        ("2026-11-18", "FB Casino DE", "not sent (dry run)"),
        ("2026-11-19", "FB Nutra ES", "not sent (dry run)"),
        ("2026-11-19", "FB Casino DE", "not sent (dry run)"),
    ]
    assert preview.err.count("dry run: would send POST") == 4

    sandbox.requests.clear()
    done = await run(["run", FACEBOOK, "--credentials", str(creds), "--format", "csv"], workdir)
    assert done.code == 0, done.err
    pushed = [r for r in sandbox.requests if r.path.endswith("/clicks/update_costs")]
    sent = [Decimal(str(json.loads(r.body)["costs"][0]["cost"])) for r in pushed]
    assert sent == [Decimal("1234.56"), Decimal("98.40"), Decimal("1102.09"), Decimal("87.15")]
    rows = list(csv.DictReader(io.StringIO(done.out)))
    assert [r["spend"] for r in rows] == ["1234.56", "98.40", "1102.09", "87.15"]
    assert {r["status"] for r in rows} == {"pushed"}


async def test_disabling_losers_previews_then_disables_with_the_reason(
    sandbox: SandboxServer, creds: Path, workdir: Path
) -> None:
    states = "SELECT id, state FROM campaigns ORDER BY id"
    before = sandbox.store.conn.execute(states).fetchall()
    preview = await run(["run", LOSERS, "--credentials", str(creds), "--dry-run-writes"], workdir)
    assert preview.code == 0, preview.err
    assert sandbox.store.conn.execute(states).fetchall() == before
    losers = preview.json()
    assert losers and all(row["state"] == "to disable (dry run)" for row in losers)
    done = await run(["run", LOSERS, "--credentials", str(creds)], workdir)
    assert done.code == 0, done.err
    disabled = done.json()
    assert [row["campaign_id"] for row in disabled] == [row["campaign_id"] for row in losers]
    assert all(row["state"] == "disabled" and row["roi"] < -20 for row in disabled)


async def test_a_flow_with_two_ends_prints_both(workdir: Path) -> None:
    flow = "examples/replay-postbacks.yaml"
    table = await run(["run", flow, "--sandbox", "--format", "table"], workdir)
    assert table.code == 0, table.err
    assert re.search(r"^Sent \(\d+ items?\)$", table.out, re.M)
    assert "Failed postbacks (2 items)" in table.out
    failed = await run(
        ["run", flow, "--sandbox", "--node", "Failed postbacks", "--format", "csv"], workdir
    )
    assert [row["tid"] for row in csv.DictReader(io.StringIO(failed.out))] == [
        "ord-503",
        "ord-504",
    ]


async def test_describe_shows_an_operations_fields(workdir: Path) -> None:
    result = await run(["describe", "keitaro", "stream", "update"], workdir)
    assert result.code == 0, result.err
    assert "Route: PUT /streams/{id}" in result.out
    assert re.search(r"^\s+offers\s+Офферы\s+json", result.out, re.M)
