"""Dry runs against the real sandbox: what is held never reaches the tracker (its request
record shows it), and a dry run of writes still reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.credentials.keitaro_api import KEITARO_API
from kflow.host import run_node
from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.items import make_item
from kflow.host.redaction import Redactor
from kflow.host.settings import RunSettings
from kflow.host.validate import validate_flow
from kflow.sandbox import SandboxServer
from tests.support import CANARY_KEY, FIRST_CLICK, FIXED_NOW

ROOT = Path(__file__).resolve().parents[2]
LOSERS = ROOT / "examples/disable-losing-campaigns.yaml"


def _cost(sandbox: SandboxServer, sub_id: str) -> float:
    (cost,) = sandbox.store.conn.execute(
        "SELECT cost FROM clicks WHERE sub_id = ?", (sub_id,)
    ).fetchone()
    return cost


def _states(sandbox: SandboxServer) -> dict[int, str]:
    return dict(sandbox.store.conn.execute("SELECT id, state FROM campaigns").fetchall())


async def test_a_click_update_in_a_dry_run_sends_nothing(
    capfd: pytest.CaptureFixture[str],
) -> None:
    async with SandboxServer(api_key=CANARY_KEY, clock=lambda: FIXED_NOW, record=True) as sandbox:
        before = _cost(sandbox, FIRST_CLICK)
        (out,) = await run_node(
            "keitaro",
            [make_item({"subid": FIRST_CLICK})],
            {
                "resource": "click",
                "operation": "update",
                "clickId": FIRST_CLICK,
                "clickData": '{"cost": 12.34}',
            },
            credentials={"keitaroApi": sandbox.credentials()},
            redactor=Redactor([CANARY_KEY]),
            settings=RunSettings(dry_run="all"),
        )
        assert sandbox.requests == []
        assert _cost(sandbox, FIRST_CLICK) == before
    assert out["json"]["dryRun"] is True and out["json"]["success"] is None
    assert out["json"]["request"]["method"] == "PUT"
    assert out["json"]["request"]["body"] == {"cost": 12.34}
    assert out["json"]["input"] == {"subid": FIRST_CLICK}
    err = capfd.readouterr().err
    assert f"kflow: dry run: would send PUT {sandbox.url}/admin_api/v1/clicks/{FIRST_CLICK}" in err
    assert CANARY_KEY not in err


async def _losers(sandbox: SandboxServer, settings: RunSettings) -> list[dict[str, Any]]:
    flow, problems = validate_flow(load_flow_data(LOSERS))
    assert not problems and flow is not None
    creds = Credentials(Redactor([CANARY_KEY]))
    creds.add(KEITARO_API, sandbox.credentials(), name="Keitaro tracker")
    result = await run_flow(flow, credentials=creds, settings=settings, base_dir=ROOT)
    return [item["json"] for item in result.outputs["Disable"][0]]


async def test_disabling_losers_with_a_dry_run_of_writes_reads_and_holds_the_disables(
    capfd: pytest.CaptureFixture[str],
) -> None:
    async with SandboxServer(api_key=CANARY_KEY, clock=lambda: FIXED_NOW, record=True) as sandbox:
        before = _states(sandbox)
        held = await _losers(sandbox, RunSettings(dry_run="writes"))
        sent = [(r.method, r.path) for r in sandbox.requests]
        assert sent and set(sent) == {("POST", "/admin_api/v1/report/build")}
        assert _states(sandbox) == before

        done = await _losers(sandbox, RunSettings())
    assert held and all(out["dryRun"] is True and out["success"] is None for out in held)
    assert [out["request"]["url"] for out in held] == [out["request"]["url"] for out in done]
    assert all(out["request"]["method"] == "POST" for out in held)
    assert all(out["request"]["url"].endswith("/disable") for out in held)
    assert [out["input"]["data"]["campaign_id"] for out in held] == [
        out["data"]["id"] for out in done
    ]
    err = capfd.readouterr().err
    assert err.count("kflow: dry run: would send POST") == len(held)
    assert CANARY_KEY not in err


async def test_a_full_dry_run_holds_reads_too() -> None:
    async with SandboxServer(api_key=CANARY_KEY, clock=lambda: FIXED_NOW, record=True) as sandbox:
        (out,) = await run_node(
            "keitaro",
            [make_item({})],
            {"resource": "campaign", "operation": "getMany"},
            credentials={"keitaroApi": sandbox.credentials()},
            redactor=Redactor([CANARY_KEY]),
            settings=RunSettings(dry_run="all"),
        )
        assert sandbox.requests == []
    assert out["json"]["dryRun"] is True
    assert out["json"]["request"]["url"].startswith(f"{sandbox.url}/admin_api/v1/campaigns")
