"""Third-party nodes through entry points, and the flow commands: validate, nodes, run options."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.integration.test_cli import kflow

PLUGIN = '''
from kflow.host.descriptors import NodeDescription


class Shout:
    """Upper-cases a field."""

    description = NodeDescription.model_validate({
        "displayName": "Shout", "name": "shout", "description": "Upper-case a field",
        "defaults": {"name": "Shout"},
        "properties": [
            {"displayName": "Field", "name": "field", "type": "string", "default": "text"}
        ],
    })

    async def run(self, run):
        out = []
        for index, item in enumerate(run.items):
            field = run.params(index)["field"]
            out.append({"json": {**item["json"], field: str(item["json"][field]).upper()},
                        "pairedItem": {"item": index}})
        return [out]
'''


def install_plugin(root: Path) -> dict[str, str]:
    """A tiny installed package (code plus dist-info with an entry point) on PYTHONPATH."""
    (root / "kflow_shout").mkdir()
    (root / "kflow_shout" / "__init__.py").write_text(PLUGIN)
    info = root / "kflow_shout-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kflow-shout\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[kflow.nodes]\nshout = kflow_shout:Shout\n")
    return {"PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}


async def test_a_third_party_node_runs_in_a_flow(tmp_path: Path) -> None:
    env = install_plugin(tmp_path)
    listed = await kflow("nodes", env=env)
    assert "shout" in listed.out and "keitaro" in listed.out and "set" in listed.out
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        "nodes:\n"
        "  - {name: In, type: input, parameters: {items: [{text: hello}, {text: kflow}]}}\n"
        "  - {name: Loud, type: shout}\n"
        "connections:\n  In: [Loud]\n"
    )
    result = await kflow("run", str(flow), env=env)
    assert result.code == 0, result.err
    assert [o["text"] for o in result.json()] == ["HELLO", "KFLOW"]


async def test_validate_reports_lines_and_exits_2(tmp_path: Path) -> None:
    flow = tmp_path / "bad.yaml"
    flow.write_text(
        "nodes:\n"
        "  - name: In\n"
        "    type: inptu\n"
        "  - name: S\n"
        "    type: set\n"
        "    parameters: {assigments: {}}\n"
        "connections:\n"
        "  In: [Nobody]\n"
    )
    result = await kflow("validate", str(flow))
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith(
        f'{flow}:3: node "In": unknown node type "inptu"; did you mean "input"?'
    )
    assert any(
        line.startswith(
            f'{flow}:6: node "S": unknown parameter "assigments"; did you mean "assignments"?'
        )
        for line in lines
    )
    assert any(line.startswith(f"{flow}:8:") and "Nobody" in line for line in lines)
    ran = await kflow("run", str(flow))
    assert ran.code == 2 and f"{flow}:3:" in ran.err


async def test_run_with_input_output_and_summary(tmp_path: Path) -> None:
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        "nodes:\n"
        "  - {name: In, type: input}\n"
        "  - name: S\n"
        "    type: set\n"
        "    parameters:\n"
        "      includeOtherFields: true\n"
        "      assignments:\n"
        "        assignments: [{name: total, value: '={{ $json.a.toInt() + 1 }}', type: number}]\n"
        "connections:\n  In: [S]\n"
    )
    data = tmp_path / "in.csv"
    data.write_text("a,b\n1,x\n2,y\n")
    out = tmp_path / "out.jsonl"
    result = await kflow(
        "run",
        str(flow),
        "--input",
        str(data),
        "--output",
        str(out),
        "--format",
        "jsonl",
        "--summary",
    )
    assert result.code == 0, result.err
    assert result.out == ""
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows == [{"a": "1", "b": "x", "total": 2}, {"a": "2", "b": "y", "total": 3}]
    assert "node" in result.err and "S " in result.err


async def test_node_command_resolves_expressions_per_item(tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text('{"id": 1}\n{"id": 3}\n')
    result = await kflow(
        "node",
        "keitaro",
        "-p",
        "resource=campaign",
        "-p",
        "operation=get",
        "-p",
        "campaignId={{ $json.id }}",
        "--items",
        str(items),
        "--sandbox",
        "--format",
        "jsonl",
    )
    assert result.code == 0, result.err
    names = [json.loads(line)["data"]["name"] for line in result.out.splitlines()]
    assert names == ["FB Nutra ES", "TikTok VPN Global"]


async def test_stdin_input(tmp_path: Path) -> None:
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        "nodes:\n  - {name: In, type: input}\n  - {name: N, type: noOp}\nconnections:\n  In: [N]\n"
    )
    result = await kflow("run", str(flow), "--input", "-", stdin='{"x": 1}\n{"x": 2}\n')
    assert [o["x"] for o in result.json()] == [1, 2]
