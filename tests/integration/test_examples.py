"""Every flow in examples/ runs on the sandbox through `kflow run`, and an n8n export of one of
them gives the same output as its YAML twin."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.validate import validate_flow
from kflow.sandbox import SandboxServer
from kflow.sandbox.store.db import STORAGE_FORMAT
from tests.integration.test_cli import ROOT, kflow
from tests.support import CANARY_KEY, FIXED_NOW

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "examples").glob("n8n/*.json")
)
OWN_TESTS = {
    "spend-sync.yaml": "test_spend_sync.py (three sandboxes, serve, n8n)",
    "report-xlsx.yaml": "test_report_xlsx.py (reads the XLSX back)",
    "spend-from-facebook.yaml": "test_cookbook.py (a dry run first, then exact amounts)",
}
"""Examples run by a test of their own: they need more than `--sandbox` (the ad network's
day follows the real date; a files folder)."""
RUN_HERE = [path for path in EXAMPLES if path.name not in OWN_TESTS]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of examples/, so flows that write files write them here."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns("out"))
    return tmp_path


def test_there_is_an_example_per_resource() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in EXAMPLES)
    for resource in ("click", "campaign", "conversion", "postback", "statistics", "stream"):
        assert f"resource: {resource}" in text


@pytest.mark.parametrize("path", [p for p in EXAMPLES if p.name in OWN_TESTS], ids=lambda p: p.name)
async def test_examples_with_tests_of_their_own_validate(path: Path) -> None:
    assert (await kflow("validate", str(path.relative_to(ROOT)))).code == 0
    assert (ROOT / "tests/integration" / OWN_TESTS[path.name].split()[0]).exists()


@pytest.mark.parametrize("path", RUN_HERE, ids=lambda p: p.name)
async def test_example_validates_and_runs_on_the_sandbox(path: Path, workdir: Path) -> None:
    relative = path.relative_to(ROOT)
    assert (await kflow("validate", str(relative))).code == 0
    result = await kflow("run", str(workdir / relative), "--sandbox")
    assert result.code == 0, result.err
    outputs = result.json()
    assert outputs, "an example should produce items"
    if path.name == "replay-postbacks.yaml":
        # Two end nodes: each one's items, by name.
        assert list(outputs) == ["Sent", "Failed postbacks"]
        assert outputs["Sent"] and all(o["success"] is True for o in outputs["Sent"])
        failed = outputs["Failed postbacks"]
        assert [o["tid"] for o in failed] == ["ord-503", "ord-504"]
        assert all(o["success"] is False and o["error"]["parameter"] for o in failed)
        written = (workdir / "examples/out/failed-postbacks.jsonl").read_text().splitlines()
        assert [json.loads(line)["tid"] for line in written] == ["ord-503", "ord-504"]
    elif path.name == "report-to-csv.yaml":
        header = (workdir / "examples/out/yesterday-by-campaign.csv").read_text().splitlines()[0]
        assert header == "date,campaign,clicks,sales,revenue,cost,profit,roi"
        assert {o["campaign"] for o in outputs} >= {"FB Nutra ES"}
    elif path.name.startswith("disable-losing-campaigns"):
        assert all(o["state"] == "disabled" and o["roi"] < -20 for o in outputs)
    elif path.name == "spend-from-csv.yaml":
        assert [o["pushed"] for o in outputs] == [True] * 4
    else:
        assert all(o["success"] is True for o in outputs)


async def _run(path: Path, tmp_path: Path) -> list[dict[str, Any]]:
    flow, problems = validate_flow(load_flow_data(path))
    assert not problems and flow is not None
    async with SandboxServer(api_key=CANARY_KEY, clock=lambda: FIXED_NOW) as sandbox:
        creds = Credentials()
        creds.add(KEITARO_API, sandbox.credentials(), name="Keitaro tracker")
        result = await run_flow(flow, credentials=creds, base_dir=tmp_path)
    disabled = result.outputs["Disable"][0]
    return [
        {
            "path": item["json"]["request"]["url"].split("/admin_api")[1],
            "campaign": {k: item["json"]["data"][k] for k in ("id", "name", "state")},
            "why": item_why,
        }
        for item, item_why in zip(disabled, [i["json"] for i in result.items], strict=True)
    ]


async def test_n8n_export_gives_the_same_output_as_the_yaml_flow(tmp_path: Path) -> None:
    yaml_out = await _run(ROOT / "examples/disable-losing-campaigns.yaml", tmp_path)
    n8n_out = await _run(ROOT / "examples/n8n/disable-losing-campaigns.json", tmp_path)
    assert yaml_out == n8n_out
    assert yaml_out and all(o["campaign"]["state"] == "disabled" for o in yaml_out)
    # The last node says, for each campaign switched off, the ROI and cost that did it.
    assert all(o["why"]["roi"] < -20 and o["why"]["cost"] > 5 for o in yaml_out)
    assert all(o["why"]["campaign_id"] == o["campaign"]["id"] for o in yaml_out)


async def test_push_spend_lands_on_the_clicks_of_its_days(tmp_path: Path) -> None:
    """push-spend.yaml's days follow `$today`: on the test's clock (the flow's and the
    sandbox's) they hold clicks, and each day's total is spread over them."""
    flow, problems = validate_flow(load_flow_data(ROOT / "examples/push-spend.yaml"))
    assert not problems and flow is not None
    async with SandboxServer(api_key=CANARY_KEY, clock=lambda: FIXED_NOW) as sandbox:
        creds = Credentials()
        creds.add(KEITARO_API, sandbox.credentials(), name="Keitaro tracker")
        result = await run_flow(flow, credentials=creds, base_dir=tmp_path, now=FIXED_NOW)
        assert [item["json"]["success"] for item in result.items] == [True]

        def spent(days_ago: int, ads: tuple[str, ...] = ()) -> tuple[float, int]:
            madrid = ZoneInfo("Europe/Madrid")
            day = (FIXED_NOW - timedelta(days=days_ago)).date()
            start, end = (
                datetime.combine(day, at, madrid).astimezone(UTC).strftime(STORAGE_FORMAT)
                for at in (time(0, 0), time(23, 59, 59))
            )
            where = "campaign_id IN (1, 2) AND is_bot = 0 AND datetime BETWEEN ? AND ?"
            if ads:
                where += f" AND sub_id_1 IN ({', '.join('?' * len(ads))})"
            total, clicks = sandbox.store.conn.execute(
                f"SELECT SUM(cost), COUNT(*) FROM clicks WHERE {where}", (start, end, *ads)
            ).fetchone()
            return total, clicks

        total, clicks = spent(2)
        assert clicks > 0 and total == pytest.approx(84.10 * 1.08, abs=0.01)  # EUR at 1.08
        total, clicks = spent(1, ("ad-1", "ad-2"))
        assert clicks > 0 and total == pytest.approx(12.5 * 1.08, abs=0.01)
