"""Serve's log lines (requests with masked queries, executions with their outcome), a failed
run's kept node items within their bound, and a worker's line per execution."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.redaction import Redactor
from kflow.host.serve.execution_log import duration_text, execution_line, request_line
from kflow.host.serve.executions import Job
from kflow.host.serve.jobs import JobRunner, job_payload
from kflow.host.serve.run_data import bounded_point, node_runs
from kflow.host.settings import RunSettings


def test_a_request_line_masks_every_query_value_and_names_the_execution() -> None:
    line = request_line(
        "GET", "/webhook-waiting/7", {"signature": "tok-123", "a": "1"}, 200, 3.4, 7
    )
    assert line == "GET /webhook-waiting/7?signature=***&a=*** 200 3 ms execution 7"
    assert request_line("POST", "/webhook/x", {}, 404, 0.2) == "POST /webhook/x 404 0 ms"


def test_an_execution_line_says_how_it_ended() -> None:
    ok = {"started": "2026-11-20T12:00:00.000+00:00", "finished": "2026-11-20T12:00:00.035+00:00"}
    assert execution_line(3, "Hooks", {**ok, "error": None, "items_out": 1}) == (
        'execution 3 "Hooks" success in 35 ms, 1 item out'
    )
    failed = {**ok, "error": "Check: it broke\nmore lines", "items_out": 0}
    assert execution_line(4, "Hooks", failed) == (
        'execution 4 "Hooks" error in 35 ms, 0 items out: Check: it broke'
    )
    assert (
        execution_line(5, "Hooks", {"waiting": {"node": "Wait"}}) == 'execution 5 "Hooks" waiting'
    )
    assert len(execution_line(6, "F", {"error": "x" * 500, "items_out": 0})) < 260


@pytest.mark.parametrize(
    ("seconds", "text"),
    [("00.250", "250 ms"), ("02.500", "2.5 s"), ("59.000", "59.0 s")],
)
def test_durations_read_well(seconds: str, text: str) -> None:
    assert (
        duration_text("2026-11-20T12:00:00.000+00:00", f"2026-11-20T12:00:{seconds}+00:00") == text
    )
    assert duration_text(None, "2026-11-20T12:00:00.000+00:00") == ""


def test_kept_node_items_are_in_run_order_masked_and_cut_at_the_bound() -> None:
    redactor = Redactor(["s3cret-value"])
    runs: dict[str, Any] = {
        "A": [[[{"json": {"k": "s3cret-value"}}]]],
        "B": [[[{"json": {"n": i}} for i in range(5)], []], [[{"json": {"n": 9}}]]],
    }
    kept = node_runs(["A", "B", "B"], runs, redactor=redactor, max_bytes=10_000)
    assert [(n["node"], n["run"]) for n in kept["nodes"]] == [("A", 0), ("B", 0), ("B", 1)]
    assert kept["nodes"][0]["outputs"][0]["items"][0]["k"] != "s3cret-value"
    assert kept["nodes"][1]["outputs"][1] == {"count": 0, "items": []}
    assert kept["cut"] is False
    small = node_runs(["A", "B", "B"], runs, redactor=redactor, max_bytes=40)
    assert small["cut"] is True
    assert small["nodes"][1]["outputs"][0]["count"] == 5
    assert len(small["nodes"][1]["outputs"][0]["items"]) < 5
    assert bounded_point({"state": {"x": "y" * 100}}, redactor=redactor, max_bytes=50) is None


async def test_a_worker_logs_each_execution_and_a_failed_one_keeps_its_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    flow = {
        "name": "Breaks",
        "nodes": [
            {"name": "Start", "type": "input", "parameters": {"items": [{"a": 1}]}},
            {"name": "Stop", "type": "stopAndError", "parameters": {"errorMessage": "no way"}},
        ],
        "connections": {"Start": ["Stop"]},
    }
    runner = JobRunner(Credentials(), RunSettings(), log_results=True)
    job = job_payload(Job("Breaks", "request:Start", flow, "Start", [{"a": 1}], "db:1"))
    try:
        with caplog.at_level(logging.INFO, logger="kflow"):
            result = await runner(1, job)
    finally:
        runner.close()
    assert result.error and result.failure and result.failure["node"] == "Stop"
    assert result.failure["message"] == "no way"
    assert result.run_data and [n["node"] for n in result.run_data["nodes"]] == ["Start"]
    assert result.failed_at and result.failed_at["node"] == "Stop"
    assert result.failed_at["state"]["rerun"]
    (line,) = [r.getMessage() for r in caplog.records if r.name == "kflow.serve.executions"]
    assert line.startswith('execution 1 "Breaks" error in ') and line.endswith("no way")
