"""Execute Workflow and its trigger through `kflow run`: sources, refusals, inputs mapping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine.executor import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.host.redaction import Redactor
from kflow.host.settings import RunSettings
from kflow.host.subflows import Subflows

TRIGGER = {"name": "Trigger", "type": "executeWorkflowTrigger", "parameters": {}}


def _sub(trigger: dict[str, Any] | None = None) -> str:
    return json.dumps({"nodes": [trigger or {**TRIGGER, "typeVersion": 1}], "connections": {}})


def _flow(parameters: dict[str, Any], version: float = 1.2, rows: Any = None) -> Any:
    return parse_flow(
        {
            "name": "caller",
            "nodes": [
                {"name": "In", "type": "input", "parameters": {"items": rows or [{"a": 1}]}},
                {
                    "name": "Call",
                    "type": "executeWorkflow",
                    "typeVersion": version,
                    "parameters": parameters,
                },
            ],
            "connections": {"In": ["Call"]},
        },
        source="test",
    )


async def _run(flow: Any, folder: Path, subflows: bool = True) -> list[dict[str, Any]]:
    creds = Credentials(Redactor())
    settings = RunSettings()
    runner = Subflows(folder, creds, settings) if subflows else None
    result = await run_flow(flow, credentials=creds, settings=settings, subflows=runner)
    return [item["json"] for item in result.items]


async def test_inline_sub_workflow_gets_the_items(tmp_path: Path) -> None:
    flow = _flow({"source": "parameter", "workflowJson": _sub()})
    assert await _run(flow, tmp_path) == [{"a": 1}]


async def test_url_source_is_refused_by_name(tmp_path: Path) -> None:
    flow = _flow({"source": "url", "workflowUrl": "https://example.com/w.json"}, version=1)
    with pytest.raises(NodeOperationError, match="fetches nothing implicitly") as caught:
        await _run(flow, tmp_path)
    assert caught.value.parameter == "Source"


async def test_a_run_without_a_runner_is_refused(tmp_path: Path) -> None:
    flow = _flow({"source": "parameter", "workflowJson": _sub()})
    with pytest.raises(NodeOperationError, match="cannot call sub-workflows"):
        await _run(flow, tmp_path, subflows=False)


async def test_unknown_database_flow_names_node_and_reference(tmp_path: Path) -> None:
    flow = _flow({"source": "database", "workflowId": {"__rl": True, "value": "nope"}})
    with pytest.raises(NodeOperationError, match="no flow has the id or name 'nope'") as caught:
        await _run(flow, tmp_path)
    assert caught.value.node == "Call"


async def test_database_flow_next_to_the_caller(tmp_path: Path) -> None:
    (tmp_path / "child.json").write_text(_sub())
    flow = _flow({"source": "database", "workflowId": "child"}, version=1)
    assert await _run(flow, tmp_path) == [{"a": 1}]


async def test_local_file_source(tmp_path: Path) -> None:
    (tmp_path / "child.json").write_text(_sub())
    flow = _flow({"source": "localFile", "workflowPath": "child.json"}, version=1.1)
    assert await _run(flow, tmp_path) == [{"a": 1}]


def _mapped(value: dict[str, Any], kind: str, **options: Any) -> dict[str, Any]:
    return {
        "source": "database",
        "workflowId": {"__rl": True, "value": "child", "mode": "id"},
        "workflowInputs": {
            "mappingMode": "defineBelow",
            "value": value,
            "schema": [{"id": k, "displayName": k, "type": kind} for k in value],
            **options,
        },
    }


async def test_workflow_inputs_are_converted_to_their_types(tmp_path: Path) -> None:
    trigger = {
        **TRIGGER,
        "typeVersion": 1.1,
        "parameters": {
            "inputSource": "workflowInputs",
            "workflowInputs": {"values": [{"name": "n", "type": "number"}]},
        },
    }
    (tmp_path / "child.json").write_text(_sub(trigger))
    loose = _mapped({"n": "={{ $json.a + '1' }}"}, "number", attemptToConvertTypes=True)
    assert await _run(_flow(loose), tmp_path) == [{"n": 11}]
    strict = _mapped({"n": "={{ $json.a + '1' }}"}, "number")
    with pytest.raises(NodeOperationError, match="Invalid input for 'n'"):
        await _run(_flow(strict), tmp_path)


async def test_strings_convert_from_1_4(tmp_path: Path) -> None:
    (tmp_path / "child.json").write_text(_sub())
    mapping = _mapped({"s": "={{ $json.a }}"}, "string", attemptToConvertTypes=True)
    assert await _run(_flow(mapping, version=1.3), tmp_path) == [{"a": 1, "s": 1}]
    assert await _run(_flow(mapping, version=1.4), tmp_path) == [{"a": 1, "s": "1"}]


async def test_trigger_keeps_only_declared_fields(tmp_path: Path) -> None:
    trigger = {
        **TRIGGER,
        "typeVersion": 1.2,
        "parameters": {"inputSource": "jsonExample", "jsonExample": '{"b": 1}'},
    }
    flow = _flow({"source": "parameter", "workflowJson": _sub(trigger)}, rows=[{"a": 1, "b": 2}])
    assert await _run(flow, tmp_path) == [{"b": 2}]
