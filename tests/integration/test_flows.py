"""Flows with the Keitaro node on the sandbox: expressions per item, settings, named credentials."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import ConfigError, NodeApiError
from kflow.host.flow import parse_flow
from kflow.host.items import make_item
from kflow.sandbox import SandboxServer
from tests.support import FIRST_CLICK


@pytest.fixture
def credentials(sandbox: SandboxServer) -> Credentials:
    creds = Credentials()
    creds.add(KEITARO_API, sandbox.credentials(), name="Sandbox tracker")
    return creds


def flow(click_id: str = "={{ $json.subid }}", **node: Any) -> Any:
    return parse_flow(
        {
            "name": "t",
            "nodes": [
                {
                    "name": "Start",
                    "type": "input",
                    "parameters": {
                        "items": [
                            {"subid": FIRST_CLICK, "cost": "0.4"},
                            {"subid": "nosuchclick", "cost": "1"},
                        ]
                    },
                },
                {
                    "name": "Update",
                    "type": "keitaro",
                    "parameters": {
                        "resource": "click",
                        "operation": "update",
                        "clickId": click_id,
                        "clickData": '={"cost": {{ $json.cost }}}',
                    },
                    "credentials": {"keitaroApi": {"name": "Sandbox tracker"}},
                    **node,
                },
            ],
            "connections": {"Start": {"main": [[{"node": "Update", "type": "main", "index": 0}]]}},
        },
        source="t",
    )


async def test_expressions_resolve_per_item(credentials: Credentials, tmp_path: Path) -> None:
    result = await run_flow(
        flow(onError="continueRegularOutput"), credentials=credentials, base_dir=tmp_path
    )
    first, second = (i["json"] for i in result.items)
    assert first["success"] and first["data"]["cost"] == 0.4
    assert first["request"]["url"].endswith(f"/clicks/{FIRST_CLICK}")
    assert second["success"] is False and second["error"]["httpCode"] == 404


async def test_error_output_keeps_the_input_fields(
    credentials: Credentials, tmp_path: Path
) -> None:
    result = await run_flow(
        flow(onError="continueErrorOutput"), credentials=credentials, base_dir=tmp_path
    )
    ok, errors = result.outputs["Update"]
    assert [i["json"]["data"]["sub_id"] for i in ok] == [FIRST_CLICK]
    (failed,) = errors
    assert failed["json"]["subid"] == "nosuchclick" and failed["json"]["success"] is False
    assert failed["pairedItem"] == {"item": 1}


async def test_stop_workflow_raises(credentials: Credentials, tmp_path: Path) -> None:
    with pytest.raises(NodeApiError):
        await run_flow(flow(), credentials=credentials, base_dir=tmp_path)


async def test_retry_on_fail_counts_tries(credentials: Credentials, tmp_path: Path) -> None:
    settings = {
        "retryOnFail": True,
        "maxTries": 2,
        "waitBetweenTries": 0,
        "onError": "continueRegularOutput",
    }
    result = await run_flow(flow(**settings), credentials=credentials, base_dir=tmp_path)
    assert result.items[1]["json"]["error"]["tries"] == 2


async def test_given_items_replace_the_input_node(credentials: Credentials, tmp_path: Path) -> None:
    items = [make_item({"subid": FIRST_CLICK, "cost": str(c)}) for c in (1, 2, 3)]
    result = await run_flow(flow(), credentials=credentials, items=items, base_dir=tmp_path)
    assert [i["json"]["data"]["cost"] for i in result.items] == [1, 2, 3]


async def test_a_named_credential_that_is_missing(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError,
        match='needs credentials "keitaroApi" \\(Keitaro API\\) named "Sandbox tracker"',
    ):
        await run_flow(flow(), credentials=Credentials(), base_dir=tmp_path)
