"""What `kflow node` and `kflow run` print, as a user sees it against the real sandbox:
tables, CSV and HTML by format or by --output's extension, every end node's items, dry
runs, and the progress bar on a terminal."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import pty
import re
from pathlib import Path

from kflow.sandbox import SandboxServer
from tests.integration.test_cli import KFLOW, ROOT, creds_file, kflow, update_args
from tests.support import CANARY_KEY, FIRST_CLICK, FIXED_NOW, child_env

REPORT = [
    "node",
    "keitaro",
    "-p",
    "resource=statistics",
    "-p",
    "operation=buildReport",
    "-p",
    "interval=7_days_ago",
    "-p",
    "dimensions=campaign",
    "-p",
    "measures=clicks,cost,revenue,profit,roi",
]
__all__ = ["creds_file"]  # a fixture, used by name

BRANCHES = """
name: Two ends
nodes:
  - {name: Rows, type: input, parameters: {items: [{n: 1}, {n: -2}, {n: 3}]}}
  - name: Positive
    type: if
    parameters:
      conditions:
        conditions:
          - {leftValue: "={{ $json.n }}", rightValue: 0, operator: {type: number, operation: gt}}
  - {name: Kept, type: noOp}
  - {name: Dropped, type: noOp}
connections:
  Rows: [Positive]
  Positive: {true: [Kept], false: [Dropped]}
"""


async def test_a_report_as_a_table_has_totals_and_marks_losses() -> None:
    result = await kflow(*REPORT, "--sandbox", "--format", "table")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    cells = [re.split(r"\s{2,}", line.strip()) for line in lines]
    assert cells[0] == ["campaign", "clicks", "cost", "revenue", "profit", "roi"]
    rows, total = cells[2:-2], cells[-1]
    assert any("▼" in line for line in lines[2:-2]), "a losing campaign is marked"
    # The totals are the exact sum of the column; roi (a rate) is not summed.
    assert total[0] == "Total" and len(total) == 5
    assert total[1] == str(sum(int(row[1]) for row in rows))


async def test_output_extension_picks_the_format_and_a_mismatch_is_refused(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.csv"
    result = await kflow(*REPORT, "--sandbox", "--output", str(target))
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows and set(rows[0]) == {"campaign", "clicks", "cost", "revenue", "profit", "roi"}
    refused = await kflow(*REPORT, "--sandbox", "--output", str(target), "--format", "json")
    assert refused.code == 2
    assert "--format json but --output" in refused.err and "report.json" in refused.err


async def test_fields_pick_columns_and_a_typo_gets_a_suggestion() -> None:
    result = await kflow(*REPORT, "--sandbox", "--format", "csv", "--fields", "campaign,profit")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "campaign,profit"
    typo = await kflow(*REPORT, "--sandbox", "--format", "csv", "--fields", "campaign,proft")
    assert typo.code == 2
    assert "did you mean" in typo.err and "profit" in typo.err
    # The report was already fetched: its items are not lost, they come out as JSON.
    assert "printed above as JSON" in typo.err
    assert {"campaign", "profit"} <= set(json.loads(typo.out)[0]["data"])


async def test_html_report_is_written_and_chart_needs_html(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    done = await kflow(*REPORT, "--sandbox", "--output", str(page), "--chart", "profit:campaign")
    assert done.code == 0, done.err
    assert "<table" in page.read_text(encoding="utf-8")
    refused = await kflow(*REPORT, "--sandbox", "--format", "table", "--chart", "profit:campaign")
    assert refused.code == 2 and "--format html" in refused.err


async def test_a_flow_prints_every_end_nodes_items_by_name(tmp_path: Path) -> None:
    flow = tmp_path / "branches.yaml"
    flow.write_text(BRANCHES, encoding="utf-8")
    result = await kflow("run", str(flow))
    assert result.code == 0, result.err
    assert result.json() == {"Kept": [{"n": 1}, {"n": 3}], "Dropped": [{"n": -2}]}
    picked = await kflow("run", str(flow), "--node", "Dropped", "--format", "jsonl")
    assert picked.code == 0, picked.err
    assert picked.out == '{"n": -2}\n'
    table = await kflow("run", str(flow), "--format", "table")
    assert "Kept (2 items)" in table.out and "Dropped (1 item)" in table.out
    one_list = await kflow("run", str(flow), "--format", "csv")
    assert one_list.code == 2 and "--node" in one_list.err and "Kept, Dropped" in one_list.err
    typo = await kflow("run", str(flow), "--node", "Droped")
    assert typo.out == ""  # refused before the flow ran
    assert typo.code == 2 and 'did you mean "Dropped"' in typo.err


async def test_a_dry_run_sends_nothing_and_says_what_it_would_send(tmp_path: Path) -> None:
    async with SandboxServer(api_key=CANARY_KEY, clock=lambda: FIXED_NOW, record=True) as sandbox:
        creds = tmp_path / "creds.yaml"
        creds.write_text(f"keitaroApi:\n  domain: {sandbox.url}\n  apiKey: {CANARY_KEY}\n")
        args = update_args(FIRST_CLICK, '{"cost": "0.45"}')
        result = await kflow(*args, "--credentials", str(creds), "--dry-run")
        assert result.code == 0, result.err
        assert sandbox.requests == []
        sent = await kflow(*args, "--credentials", str(creds))
        assert sent.code == 0, sent.err
        assert [r.method for r in sandbox.requests] == ["PUT"]
    assert f"dry run: would send PUT {sandbox.url}/admin_api/v1/clicks/{FIRST_CLICK}" in result.err
    (out,) = result.json()
    assert out["dryRun"] is True and out["success"] is None
    assert out["request"]["body"] == {"cost": "0.45"}
    assert out["request"]["headers"]["Api-Key"] != CANARY_KEY


async def test_a_dry_run_of_writes_reads_the_report_and_holds_the_disables() -> None:
    flow = ROOT / "examples/disable-losing-campaigns.yaml"
    preview = await kflow("run", str(flow), "--sandbox", "--dry-run-writes")
    assert preview.code == 0, preview.err
    rows = preview.json()
    assert rows and all(row["state"] == "to disable (dry run)" for row in rows)
    assert all(row["roi"] < -20 for row in rows)
    result = await kflow("run", str(flow), "--sandbox", "--dry-run-writes", "--node", "Disable")
    assert result.code == 0, result.err
    held = result.json()
    assert [item["input"]["data"]["campaign_id"] for item in held] == [
        row["campaign_id"] for row in rows
    ]
    assert held and all(item["dryRun"] is True for item in held)
    assert all(item["request"]["method"] == "POST" for item in held)
    assert all(item["request"]["url"].endswith("/disable") for item in held)
    assert all(item["input"]["data"]["roi"] < -20 for item in held)
    assert result.err.count("dry run: would send POST") == len(held)


async def test_verbose_adds_the_body_to_a_real_request(
    sandbox: SandboxServer, creds_file: Path
) -> None:
    result = await kflow(
        *update_args(FIRST_CLICK, '{"cost": "0.45"}'),
        "--credentials",
        str(creds_file),
        "--verbose",
    )
    assert result.code == 0, result.err
    (out,) = result.json()
    assert out["success"] is True and out["request"]["body"] == {"cost": "0.45"}


async def test_the_progress_bar_shows_on_a_terminal_for_streamed_input(tmp_path: Path) -> None:
    items = tmp_path / "clicks.jsonl"
    items.write_text("".join(json.dumps({"n": i}) + "\n" for i in range(40)), encoding="utf-8")
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        "name: Streamed\nnodes:\n  - {name: Start, type: input}\n"
        "  - name: Double\n    type: set\n    parameters:\n      assignments:\n"
        "        assignments: [{name: m, value: '={{ $json.n * 2 }}', type: number}]\n"
        "connections:\n  Start: [Double]\n",
        encoding="utf-8",
    )
    shown = await _on_a_terminal(["run", str(flow), "--input", str(items)])
    assert "Double" in shown and "40/40" in shown
    quiet = await _on_a_terminal(["run", str(flow), "--input", str(items), "--quiet"])
    assert "40/40" not in quiet


async def _on_a_terminal(args: list[str]) -> str:
    """Runs kflow with stderr on a pseudo-terminal; what it drew there."""
    leader, follower = pty.openpty()
    env = child_env({"COLUMNS": "120", "TERM": "xterm"})
    proc = await asyncio.create_subprocess_exec(
        str(KFLOW),
        *args,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=follower,
        env=env,
        cwd=ROOT,
    )
    os.close(follower)
    drawn = bytearray()
    loop = asyncio.get_running_loop()
    while True:
        try:
            chunk = await loop.run_in_executor(None, os.read, leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    await asyncio.wait_for(proc.wait(), timeout=60)
    os.close(leader)
    assert proc.returncode == 0, drawn.decode(errors="replace")
    return drawn.decode(errors="replace")


async def test_a_missing_streamed_input_is_bad_input_not_an_internal_error() -> None:
    result = await kflow("node", "noOp", "--items", "no-such-file.jsonl")
    assert result.code == 2
    assert result.err == "kflow: error: items file no-such-file.jsonl: No such file or directory\n"
