"""Respond to Webhook 1 to 1.5 and Schedule Trigger 1 to 1.4 inside flows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import KflowError, NodeOperationError
from kflow.host.flow import parse_flow
from kflow.nodes.core.respond_to_webhook import RespondToWebhookNode
from kflow.nodes.core.schedule_trigger import ScheduleTriggerNode


async def runs(node: dict[str, Any], tmp_path: Path) -> list[list[list[dict[str, Any]]]]:
    data = {
        "nodes": [
            {"name": "In", "type": "input", "parameters": {"items": [{"a": 1}, {"a": 2}]}},
            {"name": "N", **node},
        ],
        "connections": {"In": ["N"]},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path
    )
    return [[[i["json"] for i in out] for out in outs] for outs in result.runs["N"]]


def respond(version: float, **parameters: Any) -> dict[str, Any]:
    return {"type": "respondToWebhook", "typeVersion": version, "parameters": parameters}


def test_respond_versions() -> None:
    assert RespondToWebhookNode.versions == [1, 1.1, 1.2, 1.3, 1.4, 1.5]
    assert RespondToWebhookNode.default == 1.5
    assert ScheduleTriggerNode.description.version == [1, 1.1, 1.2, 1.3, 1.4]


@pytest.mark.parametrize("version", [1, 1.1, 1.2, 1.4, 1.5])
async def test_one_output_passes_the_items(version: float, tmp_path: Path) -> None:
    assert await runs(respond(version), tmp_path) == [[[{"a": 1}, {"a": 2}]]]


async def test_1_3_always_gives_the_answer(tmp_path: Path) -> None:
    (outputs,) = await runs(
        respond(1.3, respondWith="allIncomingItems", options={"responseKey": "d.items"}), tmp_path
    )
    assert outputs[1] == [
        {
            "response": {
                "body": {"d": {"items": [{"a": 1}, {"a": 2}]}},
                "headers": {},
                "statusCode": 200,
            }
        }
    ]


async def test_1_5_gives_it_when_enabled(tmp_path: Path) -> None:
    (outputs,) = await runs(
        respond(
            1.5,
            enableResponseOutput=True,
            respondWith="redirect",
            redirectURL="https://x.test/",
            options={"responseHeaders": {"entries": [{"name": "X-A", "value": "1"}]}},
        ),
        tmp_path,
    )
    assert outputs[1] == [
        {"response": {"headers": {"x-a": "1", "location": "https://x.test/"}, "statusCode": 307}}
    ]


async def test_bad_json_and_refused_kinds(tmp_path: Path) -> None:
    with pytest.raises(NodeOperationError, match="Invalid JSON in 'Response Body' field"):
        await runs(respond(1.1, respondWith="json", responseBody="{nope"), tmp_path)
    with pytest.raises(KflowError, match="JWT"):
        await runs(respond(1.5, respondWith="jwt"), tmp_path)
    (outputs,) = await runs(
        {
            **respond(1.2, respondWith="json", responseBody="{nope"),
            "onError": "continueRegularOutput",
        },
        tmp_path,
    )
    assert outputs == [[{"error": "Invalid JSON in 'Response Body' field"}]]


def schedule(version: float, interval: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "type": "scheduleTrigger",
        "typeVersion": version,
        "parameters": {"rule": {"interval": [interval]}, **more},
    }


async def fire(node: dict[str, Any], tmp_path: Path) -> list[dict[str, Any]]:
    data = {"nodes": [{"name": "N", **node}], "connections": {}}
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path
    )
    return [i["json"] for i in result.items]


async def test_intervals_are_checked_from_1_3(tmp_path: Path) -> None:
    wide = {"field": "seconds", "secondsInterval": 90}
    assert "Timezone" in (await fire(schedule(1.2, wide), tmp_path))[0]
    with pytest.raises(NodeOperationError, match="Invalid interval"):
        await fire(schedule(1.3, wide), tmp_path)


async def test_missed_fire_policy_of_1_4(tmp_path: Path) -> None:
    day = {"field": "days", "triggerAtHour": 13}
    assert await fire(schedule(1.4, day, misfirePolicy="skip"), tmp_path)
    with pytest.raises(NodeOperationError, match="If Execution Is Missed"):
        await fire(schedule(1.4, day, misfirePolicy="coalesce"), tmp_path)
