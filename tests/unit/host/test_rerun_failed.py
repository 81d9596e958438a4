"""A run that stopped at a failing node goes on from there: `run_flow(on_failure=…)` gives
the run as it stood, and `run_flow(resume=…)` runs the failed node again with its input,
then what was still to run, without running again what ran before."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import KflowError
from kflow.host.flow import parse_flow
from kflow.host.waits import Suspension


def _flow(limit: int) -> dict[str, Any]:
    check = (
        f"for (const i of items) {{ if (i.json.n > {limit}) throw new Error('too big'); }}"
        " return items"
    )
    return {
        "name": "Branches",
        "nodes": [
            {"name": "Start", "type": "input", "parameters": {}},
            {
                "name": "Count",
                "type": "code",
                "parameters": {"jsCode": "return [{json: {n: items.length, at: Date.now()}}]"},
            },
            {"name": "Check", "type": "code", "parameters": {"jsCode": check}},
            {"name": "Other", "type": "noOp", "parameters": {}},
            {"name": "After", "type": "noOp", "parameters": {}},
        ],
        "connections": {"Start": ["Count"], "Count": ["Check", "Other"], "Check": ["After"]},
    }


async def test_a_failed_run_goes_on_from_its_failed_node() -> None:
    items = [{"json": {"x": i}} for i in range(3)]
    points: list[Suspension] = []
    with pytest.raises(KflowError, match="too big"):
        await run_flow(
            parse_flow(_flow(1), source="test"),
            credentials=Credentials(),
            items=items,
            on_failure=points.append,
        )
    (point,) = points
    assert point.node == "Check" and point.state["rerun"] is True
    stored = json.loads(json.dumps(point.to_json()))  # as the executions database keeps it
    first = point.state["outputs"]["Count"][0][0]["json"]
    result = await run_flow(
        parse_flow(_flow(10), source="test"),
        credentials=Credentials(),
        items=items,
        resume=Suspension.from_json(stored),
    )
    # Count's output is the one the failed run made; Check, After and Other ran now.
    assert result.outputs["Count"][0][0]["json"] == first
    assert result.executed == ["Start", "Count", "Check", "After", "Other"]
    assert [len(r) for r in result.runs.values()] == [1, 1, 1, 1, 1]
    assert result.items[0]["json"] == first  # Other, the last to run, passes it on
