"""`kflow export n8n` and `kflow export workflow`: files, exit codes, and the round trip."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.test_cli import ROOT, kflow


async def test_export_n8n_writes_the_package(tmp_path: Path) -> None:
    result = await kflow("export", "n8n", "--out", str(tmp_path / "pkg"))
    assert result.code == 0, result.err
    assert "keitaro: 7 files" in result.out
    data = json.loads((tmp_path / "pkg" / "package.json").read_text())
    assert data["name"] == "n8n-nodes-keitaro"
    unknown = await kflow("export", "n8n", "--out", str(tmp_path / "x"), "--package", "nope")
    assert unknown.code == 2 and "no n8n package 'nope'" in unknown.err


async def test_exported_workflow_runs_in_kflow_with_the_same_output(tmp_path: Path) -> None:
    flow = ROOT / "examples" / "rotate-offer.yaml"
    exported = tmp_path / "rotate-offer.json"
    result = await kflow("export", "workflow", str(flow), "--format", "n8n", "--out", str(exported))
    assert result.code == 0, result.err
    workflow = json.loads(exported.read_text())
    types = [n["type"] for n in workflow["nodes"]]
    assert types == [
        "n8n-nodes-base.manualTrigger",
        "n8n-nodes-keitaro.keitaro",
        "n8n-nodes-base.filter",
        "n8n-nodes-keitaro.keitaro",
    ]
    assert workflow["connections"]["Start"] == {
        "main": [[{"node": "Streams of campaign 1", "type": "main", "index": 0}]]
    }
    again = await kflow("export", "workflow", str(flow))
    assert json.loads(again.out) == workflow, "exporting twice gives the same JSON"
    yaml_run = await kflow("run", str(flow), "--sandbox")
    json_run = await kflow("run", str(exported), "--sandbox")
    assert yaml_run.code == json_run.code == 0, json_run.err
    strip = lambda items: [{**i, "request": None} for i in items]  # noqa: E731 (ports differ)
    assert strip(json_run.json()) == strip(yaml_run.json())


async def test_export_workflow_refuses_a_bad_flow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nnodes:\n  - {name: A, type: nosuchnode}\n")
    result = await kflow("export", "workflow", str(bad))
    assert result.code == 2 and "nosuchnode" in result.err
