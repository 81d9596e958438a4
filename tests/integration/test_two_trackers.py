"""Two trackers in one credentials file, as n8n exports name them: each node picks its
entry by name, from a flow and from `kflow node`, and none is guessed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from kflow.sandbox import SandboxServer
from tests.integration.test_cli import kflow
from tests.support import CANARY_KEY, FIRST_CLICK, FIXED_NOW

SECOND_KEY = "second0tracker0key0do0not0leak0x"


@pytest.fixture
async def trackers() -> AsyncIterator[tuple[SandboxServer, SandboxServer]]:
    main = SandboxServer(api_key=CANARY_KEY, clock=lambda: FIXED_NOW, record=True)
    second = SandboxServer(api_key=SECOND_KEY, clock=lambda: FIXED_NOW, record=True)
    async with main, second:
        yield main, second


@pytest.fixture
def creds_file(tmp_path: Path, trackers: tuple[SandboxServer, SandboxServer]) -> Path:
    main, second = trackers
    path = tmp_path / "creds.yaml"
    path.write_text(
        f"Main tracker:\n  type: keitaroApi\n  domain: {main.url}\n  apiKey: {CANARY_KEY}\n"
        f"Second tracker:\n  type: keitaroApi\n  domain: {second.url}\n  apiKey: {SECOND_KEY}\n"
        "  allowUnauthorizedCerts: false\n"
    )
    return path


FLOW = """
name: Both trackers
nodes:
  - name: Main campaigns
    type: keitaro
    parameters: {resource: campaign, operation: getMany, limit: 1}
    credentials: {keitaroApi: {id: "1", name: Main tracker}}
  - name: Second click
    type: keitaro
    parameters:
      resource: click
      operation: update
      clickId: FIRST
      clickData: '{"cost": 0.7}'
    credentials: {keitaroApi: {id: "2", name: Second tracker}}
connections:
  Main campaigns: [Second click]
""".replace("FIRST", FIRST_CLICK)


def _paths(server: SandboxServer) -> list[str]:
    return [f"{r.method} {r.path}" for r in server.requests]


async def test_a_flow_sends_each_node_to_its_own_tracker(
    trackers: tuple[SandboxServer, SandboxServer], creds_file: Path, tmp_path: Path
) -> None:
    main, second = trackers
    flow = tmp_path / "both.yaml"
    flow.write_text(FLOW)
    result = await kflow("run", str(flow), "--credentials", str(creds_file))
    assert result.code == 0, result.err
    assert _paths(main) == ["GET /admin_api/v1/campaigns"]
    assert _paths(second) == [f"PUT /admin_api/v1/clicks/{FIRST_CLICK}"]
    assert SECOND_KEY not in result.out and SECOND_KEY not in result.err


async def test_kflow_node_picks_an_entry_by_name(
    trackers: tuple[SandboxServer, SandboxServer], creds_file: Path
) -> None:
    main, second = trackers
    args = ["node", "keitaro", "-p", "resource=campaign", "-p", "operation=getMany"]
    result = await kflow(*args, "--credentials", str(creds_file), "--credential", "Second tracker")
    assert result.code == 0, result.err
    assert (_paths(main), _paths(second)) == ([], ["GET /admin_api/v1/campaigns"])

    guessed = await kflow(*args, "--credentials", str(creds_file))
    assert guessed.code == 2
    assert "several 'keitaroApi' credentials" in guessed.err and "--credential NAME" in guessed.err
    typo = await kflow(*args, "--credentials", str(creds_file), "--credential", "Secnd tracker")
    assert typo.code == 2 and "named 'Secnd tracker'" in typo.err
    assert len(second.requests) == 1, "nothing more was sent"


async def test_credentials_test_checks_every_entry(creds_file: Path) -> None:
    result = await kflow("credentials", "test", "--credentials", str(creds_file))
    assert result.code == 0, result.err
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert [(line["name"], line["status"]) for line in lines] == [
        ("Main tracker", "valid"),
        ("Second tracker", "valid"),
    ]
    one = await kflow(
        "credentials", "test", "--credentials", str(creds_file), "--credential", "Main tracker"
    )
    assert [json.loads(line)["name"] for line in one.out.splitlines()] == ["Main tracker"]
