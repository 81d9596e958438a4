"""Error Trigger: outputs the failed run's item, or n8n's example when run by hand."""

from __future__ import annotations

from kflow.host.credentials import Credentials
from kflow.host.engine.executor import run_flow
from kflow.host.flow import parse_flow
from kflow.host.redaction import Redactor
from kflow.nodes.core.error_trigger import ERROR_TRIGGER, example_error

FLOW = {"name": "errors", "nodes": [{"name": "Error Trigger", "type": "errorTrigger"}]}


async def test_given_item_goes_out_unchanged() -> None:
    given = {"execution": {"id": "1", "error": {"message": "boom"}}, "workflow": {"id": "w"}}
    result = await run_flow(
        parse_flow(FLOW, source="t"), credentials=Credentials(Redactor()), items=[{"json": given}]
    )
    assert [i["json"] for i in result.items] == [given]


async def test_run_by_hand_shows_n8n_example() -> None:
    result = await run_flow(parse_flow(FLOW, source="t"), credentials=Credentials(Redactor()))
    (item,) = result.items
    assert item["json"] == example_error()
    assert set(item["json"]["execution"]) == {
        "id",
        "url",
        "retryOf",
        "error",
        "lastNodeExecuted",
        "mode",
    }


def test_error_trigger_takes_the_run_input() -> None:
    assert ERROR_TRIGGER.traits.takes_run_input
    assert ERROR_TRIGGER.traits.n8n_types == ("n8n-nodes-base.errorTrigger",)
