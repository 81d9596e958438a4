"""Jobs as the queue carries them: checked when read, run off the event loop that serves."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.serve.executions import ExecutionStore, Job
from kflow.host.serve.job_results import JobResult
from kflow.host.serve.jobs import JobRunner, job_payload, read_job
from kflow.host.settings import RunSettings

FLOW = {
    "name": "Spin",
    "nodes": [
        {"name": "Start", "type": "input", "parameters": {"items": [{"a": 1}]}},
        {
            "name": "Busy",
            "type": "set",
            "parameters": {
                "assignments": {
                    "assignments": [
                        {
                            "name": "n",
                            "type": "number",
                            "value": "={{ (() => { let i = 0; while (true) { i++ } })() }}",
                        }
                    ]
                }
            },
        },
    ],
    "connections": {"Start": ["Busy"]},
}


def _job(**changes: Any) -> dict[str, Any]:
    job = job_payload(Job("Spin", "request:Start", FLOW, "Start", [{"a": 1}], "db:1"))
    return {**job, **changes}


def test_a_queued_job_is_checked_field_by_field() -> None:
    assert read_job(_job()).snapshot == FLOW
    for bad, why in [
        (["not", "a", "job"], "not an object"),
        (_job(extra=1), "unknown field 'extra'"),
        ({k: v for k, v in _job().items() if k != "items"}, "no 'items'"),
        (_job(items={"a": 1}), "'items' is not of the right type"),
        (_job(items=[1, 2]), "items are not objects"),
        (_job(attempt=True), "'attempt' is not of the right type"),
        (_job(snapshot="__import__('os')"), "'snapshot' is not of the right type"),
    ]:
        with pytest.raises(ValueError, match=why):
            read_job(bad)


def test_a_result_is_checked_before_it_is_recorded() -> None:
    good = {
        "started": None,
        "finished": "2026-11-20T12:00:00.000+00:00",
        "attempt": 1,
        "error": None,
        "items_out": 0,
        "last": [],
        "outputs": None,
    }
    assert JobResult.from_json(good).to_json() == good
    for bad in (
        "pickled",
        {**good, "items_out": "3"},
        {k: good[k] for k in ("error",)},
        {**good, "extra": 1},
    ):
        with pytest.raises(ValueError):
            JobResult.from_json(bad)


async def test_a_job_that_is_not_one_fails_its_execution_only() -> None:
    runner = JobRunner(Credentials(), RunSettings())
    result = await runner(1, {"flow": 1})
    assert result.error is not None and result.error.startswith("the execution cannot run: ")
    assert JobResult.from_json(result.to_json()) == result
    assert result.items_out == 0


async def test_the_run_leaves_the_event_loop_free() -> None:
    """An expression that never ends (until its time limit) runs on a thread of its own:
    the loop that called the runner goes on meanwhile."""
    runner = JobRunner(Credentials(), RunSettings())
    beats = 0
    job = asyncio.create_task(runner(1, _job()))
    while not job.done():
        await asyncio.sleep(0.05)
        beats += 1
    result = job.result()
    assert "ran longer than 2 s" in (result.error or "")
    assert beats >= 5, "the loop was held while the expression ran"
    runner.close()


def test_the_executions_database_is_its_owners_only(tmp_path: Path) -> None:
    store = ExecutionStore(tmp_path / "kflow.db")
    store.create(Job("Spin", "request:Start", FLOW, "Start", [{"a": 1}]))
    for name in ("kflow.db", "kflow.db-wal"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0, name
    store.close()
