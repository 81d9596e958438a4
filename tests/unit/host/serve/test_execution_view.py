"""`kflow executions show`'s views of one execution: the header, the input, each node's
items per output (limited, and said when cut) and the failed node's error."""

from __future__ import annotations

import json
from typing import Any

from kflow.host.errors import NodeApiError
from kflow.host.redaction import Redactor
from kflow.host.serve.execution_view import document, jsonl_lines, text_lines
from kflow.host.serve.executions import Execution, ExecutionDetails
from kflow.host.serve.jobs import error_detail


def _details(**changes: Any) -> ExecutionDetails:
    head = Execution(
        id=7,
        flow="Costs",
        trigger="schedule:Every hour#0",
        status="error",
        attempt=2,
        created_at="2026-11-20T12:00:00.000+00:00",
        started_at="2026-11-20T12:00:00.000+00:00",
        finished_at="2026-11-20T12:00:02.500+00:00",
        items_in=1,
        items_out=0,
        error="Push: item 2: the tracker refused the cost",
        outputs=None,
        retry_of=5,
    )
    values: dict[str, Any] = {
        "execution": head,
        "input": [{"timestamp": "2026-11-20T13:00:00.000+01:00"}],
        "flow_file": "/srv/flows/costs.yaml",
        "snapshot": {},
        "start_node": "Every hour",
        "run_data": {
            "nodes": [
                {"node": "Every hour", "run": 0, "outputs": [{"count": 1, "items": [{"a": 1}]}]},
                {
                    "node": "Split",
                    "run": 0,
                    "outputs": [
                        {"count": 3, "items": [{"n": 1}, {"n": 2}]},
                        {"count": 0, "items": []},
                    ],
                },
            ],
            "cut": True,
        },
        "error_detail": error_detail(
            NodeApiError("Push", "the tracker refused the cost", http_code=422, item_index=2),
            None,
            Redactor(),
        ),
        "failed_at": {"node": "Push"},
    }
    return ExecutionDetails(**{**values, **changes})


def test_the_text_view_reads_top_to_bottom() -> None:
    lines = list(text_lines(_details(), items=1))
    text = "\n".join(lines)
    assert lines[0] == "Execution 7: error"
    assert "  mode      retry (schedule:Every hour#0)" in lines
    assert "  duration  2.5 s" in lines and "  retry of  execution 5" in lines
    assert "Input: the schedule fire (1 item)" in lines
    assert "  Split: output 1: 3 items, output 2: 0 items" in lines
    assert "      … 1 more item (--items N shows more)" in lines
    assert "      … 1 more item, not kept" in lines
    assert "  Push: failed (item 2)" in lines
    assert "  httpCode  422" in lines and "  item      2" in lines
    assert "--max-stored-mb" in text
    assert lines[-1].endswith("kflow executions retry 7 --from-failed)")


def test_json_and_jsonl_give_every_kept_item_unless_limited() -> None:
    whole = document(_details())
    assert whole["mode"] == "retry" and whole["retryOf"] == 5
    assert whole["errorDetail"] == {
        "message": "the tracker refused the cost",
        "node": "Push",
        "itemIndex": 2,
        "httpCode": 422,
    }
    assert whole["nodes"][1]["outputs"][0]["items"] == [{"n": 1}, {"n": 2}]
    assert whole["nodesCut"] is True and whole["retryFromFailed"] is True
    lines = [json.loads(line) for line in jsonl_lines(_details(), items=0)]
    assert lines[0]["id"] == 7 and "nodes" not in lines[0]
    assert [line["node"] for line in lines[1:]] == ["Every hour", "Split"]
    assert lines[2]["outputs"][0] == {"count": 3, "items": []}
