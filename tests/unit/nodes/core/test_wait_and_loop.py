"""Wait (short waits, refusals, a run put to wait and resumed from JSON) and Loop Over
Items (reset, bad sizes, the loop's context in expressions, loops without end)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine.executor import run_flow
from kflow.host.errors import NodeError
from kflow.host.flow import parse_flow
from kflow.host.settings import RunSettings
from kflow.host.waits import Suspension
from tests.support import FIXED_NOW


def _flow(nodes: list[dict[str, Any]], connections: dict[str, Any]) -> Any:
    return parse_flow({"name": "t", "nodes": nodes, "connections": connections}, source="t")


def _input(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": "Start", "type": "input", "parameters": {"items": rows}}


def _wait(**params: Any) -> dict[str, Any]:
    return {"name": "Wait", "type": "wait", "typeVersion": 1.1, "parameters": params}


def _mark() -> dict[str, Any]:
    return {
        "name": "Mark",
        "type": "set",
        "typeVersion": 3.4,
        "parameters": {
            "mode": "manual",
            "includeOtherFields": True,
            "assignments": {
                "assignments": [
                    {"id": "a", "name": "after", "type": "boolean", "value": "={{ true }}"}
                ]
            },
            "options": {},
        },
    }


async def _run(flow: Any, **kw: Any) -> Any:
    return await run_flow(flow, credentials=Credentials(), now=FIXED_NOW, **kw)


async def test_a_short_wait_hands_its_input_on() -> None:
    flow = _flow([_input([{"a": 1}, {"a": 2}]), _wait(amount=0)], {"Start": ["Wait"]})
    result = await _run(flow)
    assert [item["json"] for item in result.items] == [{"a": 1}, {"a": 2}]
    assert result.waiting is None


@pytest.mark.parametrize(
    ("params", "cause"),
    [
        ({"amount": -1}, "Invalid wait amount"),
        ({"amount": 1, "unit": "weeks"}, "is not one of: seconds, minutes, hours, days"),
        ({"resume": "specificTime", "dateTime": "soon"}, "not a valid date"),
        ({"resume": "form"}, "On Form Submitted"),
        ({"resume": "webhook"}, "needs `kflow serve`"),
    ],
)
async def test_bad_or_unsupported_waits_are_clear_errors(
    params: dict[str, Any], cause: str
) -> None:
    flow = _flow([_input([{"a": 1}]), _wait(**params)], {"Start": ["Wait"]})
    with pytest.raises(NodeError) as caught:
        await _run(flow)
    assert cause in str(caught.value) and "Wait" in str(caught.value)


async def test_a_time_that_passed_goes_on_at_once() -> None:
    past = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    flow = _flow(
        [_input([{"a": 1}]), _wait(resume="specificTime", dateTime=past)], {"Start": ["Wait"]}
    )
    assert [item["json"] for item in (await _run(flow)).items] == [{"a": 1}]


async def test_a_long_wait_puts_a_suspendable_run_to_wait_and_it_resumes_from_json() -> None:
    flow = _flow(
        [_input([{"a": 1}, {"a": 2}]), _wait(amount=2, unit="hours"), _mark()],
        {"Start": ["Wait"], "Wait": ["Mark"]},
    )
    paused = await _run(flow, suspendable=True)
    assert paused.waiting is not None and paused.waiting.node == "Wait"
    assert paused.waiting.until is not None
    assert paused.waiting.until - datetime.now(UTC) > timedelta(minutes=119)
    assert "Mark" not in paused.runs
    stored = Suspension.from_json(json.loads(json.dumps(paused.waiting.to_json())))
    resumed = await _run(flow, suspendable=True, resume=stored)
    assert resumed.waiting is None
    assert [item["json"] for item in resumed.items] == [
        {"a": 1, "after": True},
        {"a": 2, "after": True},
    ]
    assert list(resumed.runs) == ["Start", "Wait", "Mark"]


async def test_a_call_resumes_with_its_own_item() -> None:
    flow = _flow(
        [_input([{"a": 1}]), _wait(resume="webhook", httpMethod="POST"), _mark()],
        {"Start": ["Wait"], "Wait": ["Mark"]},
    )
    paused = await _run(flow, suspendable=True)
    assert paused.waiting is not None and paused.waiting.webhook and paused.waiting.until is None
    resumed = await _run(flow, resume=paused.waiting, resume_items=[{"json": {"body": {"ok": 1}}}])
    assert [item["json"] for item in resumed.items] == [{"body": {"ok": 1}, "after": True}]


async def test_a_resumed_run_whose_waiting_node_is_gone_is_refused() -> None:
    waiting = Suspension("Gone", None, True, {})
    flow = _flow([_input([{"a": 1}])], {})
    with pytest.raises(Exception, match="no longer in the flow"):
        await _run(flow, resume=waiting)


def _loop(**params: Any) -> dict[str, Any]:
    return {"name": "Loop", "type": "splitInBatches", "typeVersion": 3, "parameters": params}


async def test_the_loop_context_is_seen_by_expressions() -> None:
    check = {
        "name": "Check",
        "type": "set",
        "typeVersion": 3.4,
        "parameters": {
            "mode": "manual",
            "assignments": {
                "assignments": [
                    {
                        "id": "c",
                        "name": "left",
                        "type": "string",
                        "value": '={{ $("Loop").context.noItemsLeft }}/{{ $runIndex }}',
                    }
                ]
            },
            "options": {},
        },
    }
    flow = _flow(
        [_input([{"a": 1}, {"a": 2}, {"a": 3}]), _loop(batchSize=2, options={}), check],
        {"Start": ["Loop"], "Loop": {"loop": ["Check"]}, "Check": ["Loop"]},
    )
    result = await _run(flow)
    seen = [[item["json"]["left"] for item in run[0]] for run in result.runs["Check"]]
    assert seen == [["false/0", "false/0"], ["true/1"]]


async def test_reset_takes_each_input_as_a_new_set() -> None:
    flow = _flow(
        [_input([{"a": 1}, {"a": 2}]), _loop(batchSize=5, options={"reset": True})],
        {"Start": ["Loop"]},
    )
    result = await _run(flow)
    assert [item["json"] for item in result.runs["Loop"][0][1]] == [{"a": 1}, {"a": 2}]


async def test_a_loop_without_end_stops_with_a_clear_error() -> None:
    flow = _flow(
        [_input([{"a": 1}]), _loop(batchSize=1, options={"reset": True}), _mark()],
        {"Start": ["Loop"], "Loop": {"loop": ["Mark"]}, "Mark": ["Loop"]},
    )
    with pytest.raises(NodeError, match="ran 50 times in this execution"):
        await _run(flow, settings=RunSettings(max_node_runs=50))


async def test_a_batch_size_below_one_names_the_parameter() -> None:
    flow = _flow([_input([{"a": 1}]), _loop(batchSize=0, options={})], {"Start": ["Loop"]})
    with pytest.raises(NodeError, match="Batch Size"):
        await _run(flow)
