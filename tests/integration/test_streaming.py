"""Large JSONL inputs stream through the engine's windowed run: read lazily, written in input
order window by window. `kflow node` is a one-node flow, so it streams the same way."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.engine.windowed import run_windowed
from kflow.host.errors import NodeOperationError
from kflow.host.flow import Flow, FlowNode
from kflow.host.redaction import Redactor
from kflow.host.settings import RunSettings
from kflow.host.streaming import ItemWriter, iter_jsonl
from kflow.sandbox import SandboxServer
from tests.integration.test_cli import kflow
from tests.support import CANARY_KEY

PARAMS = {
    "resource": "click",
    "operation": "update",
    "clickId": "={{ $json.subid }}",
    "clickData": '={"cost": {{ $json.cost }}}',
}


def keitaro_flow(params: dict[str, Any] = PARAMS) -> Flow:
    return Flow(name="Keitaro", nodes=[FlowNode(name="Keitaro", type="keitaro", parameters=params)])


async def stream(
    sandbox: SandboxServer,
    path: Path,
    out: io.StringIO,
    *,
    params: dict[str, Any] = PARAMS,
    settings: RunSettings | None = None,
    window: int = 40,
) -> ItemWriter:
    redactor = Redactor([CANARY_KEY])
    creds = Credentials(redactor)
    creds.add(KEITARO_API, sandbox.credentials())
    writer = ItemWriter(out, "jsonl", redactor)
    await run_windowed(
        keitaro_flow(params),
        iter_jsonl(str(path)),
        writer.write,
        credentials=creds,
        settings=settings or RunSettings(concurrency=8),
        base_dir=path.parent,
        window=window,
    )
    return writer


def write_items(path: Path, subids: list[str], count: int, bad: int | None = None) -> None:
    with path.open("w") as out:
        for i in range(count):
            subid = "" if i == bad else subids[i % len(subids)]
            out.write(json.dumps({"n": i, "subid": subid, "cost": i % 7}) + "\n")


async def test_outputs_come_in_input_order_across_windows(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    subids = [r[0] for r in sandbox.store.conn.execute("SELECT sub_id FROM clicks LIMIT 50")]
    path = tmp_path / "items.jsonl"
    write_items(path, subids, 230)
    out = io.StringIO()
    writer = await stream(sandbox, path, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (writer.written, writer.failed) == (230, 0)
    assert [r["data"]["cost"] for r in rows] == [i % 7 for i in range(230)]


async def test_a_bad_item_in_a_later_window_names_its_index(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    subids = [r[0] for r in sandbox.store.conn.execute("SELECT sub_id FROM clicks LIMIT 5")]
    path = tmp_path / "items.jsonl"
    write_items(path, subids, 100, bad=57)
    out = io.StringIO()
    with pytest.raises(NodeOperationError) as caught:
        await stream(sandbox, path, out, window=25)
    assert caught.value.item_index == 57
    assert "50 earlier items were already sent" in str(caught.value)
    assert len(out.getvalue().splitlines()) == 50


async def test_cli_streams_jsonl_and_keeps_json_output_valid(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    subids = [r[0] for r in sandbox.store.conn.execute("SELECT sub_id FROM clicks LIMIT 10")]
    path = tmp_path / "items.jsonl"
    write_items(path, subids, 1500)
    creds = tmp_path / "creds.yaml"
    creds.write_text(f"keitaroApi:\n  domain: {sandbox.url}\n  apiKey: {CANARY_KEY}\n")
    args: list[Any] = [
        "node",
        "keitaro",
        *[f"-p{k}={v}" for k, v in PARAMS.items()],
        "--items",
        str(path),
        "--credentials",
        str(creds),
    ]
    result = await kflow(*args)
    assert result.code == 0, result.err
    assert len(result.json()) == 1500
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"subid": "x"}\n[1]\n')
    failed = await kflow("node", "keitaro", "--items", str(bad), "--credentials", str(creds))
    assert failed.code == 2 and "line 2: not a JSON object" in failed.err


async def test_cli_run_streams_a_straight_flow_over_jsonl(tmp_path: Path) -> None:
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        "nodes:\n"
        "  - {name: In, type: input}\n"
        "  - name: Tag\n"
        "    type: set\n"
        "    parameters:\n"
        "      includeOtherFields: true\n"
        "      assignments:\n"
        "        assignments: [{name: k, value: '={{ $json.n * 10 }}', type: number}]\n"
        "  - {name: Save, type: writeFile, parameters: {path: rows.jsonl}}\n"
        "connections:\n  In: [Tag]\n  Tag: [Save]\n"
    )
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps({"n": i}) + "\n" for i in range(2500)))
    result = await kflow("run", str(flow), "--input", str(data), "--format", "jsonl", "--summary")
    assert result.code == 0, result.err
    assert [json.loads(line)["k"] for line in result.out.splitlines()] == [
        i * 10 for i in range(2500)
    ]
    assert len((tmp_path / "rows.jsonl").read_text().splitlines()) == 2500
    assert "Tag" in result.err


async def test_streamed_windows_see_env_and_count_item_indexes_across_windows(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KFLOW_COST_BASE", "100")
    subids = [r[0] for r in sandbox.store.conn.execute("SELECT sub_id FROM clicks LIMIT 5")]
    path = tmp_path / "items.jsonl"
    write_items(path, subids, 12)
    out = io.StringIO()
    params = {**PARAMS, "clickData": '={"cost": {{ Number($env.KFLOW_COST_BASE) + $itemIndex }}}'}
    await stream(sandbox, path, out, params=params, settings=RunSettings(allow_env=True), window=5)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["data"]["cost"] for r in rows] == [100 + i for i in range(12)]


async def test_a_branching_flow_streams_with_the_same_answer_as_in_memory(tmp_path: Path) -> None:
    rows = [
        {"campaign": i % 5, "clicks": i % 13, "cost": i % 7, "revenue": i % 9} for i in range(60)
    ]
    as_json = tmp_path / "rows.json"
    as_json.write_text(json.dumps(rows))
    as_jsonl = tmp_path / "rows.jsonl"
    as_jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    flow = Path(__file__).resolve().parents[2] / "bench" / "set-if-filter.yaml"
    in_memory = await kflow("run", str(flow), "--input", str(as_json), "--format", "jsonl")
    streamed = await kflow("run", str(flow), "--input", str(as_jsonl), "--format", "jsonl")
    assert in_memory.code == streamed.code == 0, in_memory.err + streamed.err
    expected = [
        {**r, "profit": r["revenue"] - r["cost"], "label": f"c{r['campaign']}"}
        for r in rows
        if r["revenue"] - r["cost"] > 0 and r["clicks"] >= 10
    ]
    assert [json.loads(line) for line in streamed.out.splitlines()] == expected
    assert streamed.out == in_memory.out


async def test_a_branching_flow_gives_the_same_items_in_small_windows(tmp_path: Path) -> None:
    from kflow.host.engine import run_flow
    from kflow.host.flow import parse_flow
    from kflow.host.flow_loader import load_flow_data
    from kflow.host.items import make_item

    path = Path(__file__).resolve().parents[2] / "bench" / "set-if-filter.yaml"
    flow = parse_flow(load_flow_data(path).data, source=str(path))
    rows = [
        {"campaign": i % 5, "clicks": i % 13, "cost": i % 7, "revenue": i % 9} for i in range(300)
    ]
    whole = await run_flow(flow, credentials=Credentials(), items=[make_item(r) for r in rows])
    written: list[Any] = []
    await run_windowed(
        flow,
        iter(make_item(r) for r in rows),
        lambda items: written.extend(item["json"] for item in items),
        credentials=Credentials(),
        settings=RunSettings(),
        base_dir=tmp_path,
        window=7,
    )
    assert written == [item["json"] for item in whole.items]
    assert len(written) > 14
