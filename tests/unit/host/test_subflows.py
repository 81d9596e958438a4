"""host/subflows.py: flows found by reference, confined paths, the depth bound, and the
error workflow's item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kflow.host.credentials import Credentials
from kflow.host.errors import ConfigError, NodeOperationError
from kflow.host.flow import Flow, parse_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.redaction import Redactor
from kflow.host.settings import RunSettings
from kflow.host.subflow_calls import SubflowRunner, SubflowSource
from kflow.host.subflows import Subflows, error_item, run_error_workflow

STARTS = ("executeWorkflowTrigger", "input")

SUB = """\
name: double
id: sub-1
nodes:
  - name: Trigger
    type: executeWorkflowTrigger
    parameters: {inputSource: passthrough}
  - name: Double
    type: code
    parameters:
      jsCode: "return $input.all().map(i => ({json: {x: i.json.x * 2}}))"
connections:
  Trigger: [Double]
"""

SELF = """\
name: again
nodes:
  - name: Trigger
    type: executeWorkflowTrigger
    parameters: {inputSource: passthrough}
  - name: Call
    type: executeWorkflow
    parameters:
      source: database
      workflowId: again
connections:
  Trigger: [Call]
"""


def _runner(folder: Path, files_dir: Path | None = None, **extra: object) -> Subflows:
    settings = RunSettings(files_dir=files_dir)
    return Subflows(folder, Credentials(Redactor()), settings, **extra)  # type: ignore[arg-type]


async def _xs(runner: Subflows, source: SubflowSource) -> list[int]:
    result = await runner.run_subflow(
        source, [{"json": {"x": 1}}, {"json": {"x": 5}}], node="Call", starts=STARTS
    )
    return [item["json"]["x"] for item in result.runs[-1][0]]


def test_subflows_is_a_subflow_runner(tmp_path: Path) -> None:
    assert isinstance(_runner(tmp_path), SubflowRunner)


@pytest.mark.parametrize("reference", ["double", "sub-1", "sub"])
async def test_database_finds_a_flow_file_by_name_id_or_file_name(
    tmp_path: Path, reference: str
) -> None:
    (tmp_path / "sub.yaml").write_text(SUB)
    assert await _xs(_runner(tmp_path), SubflowSource("database", reference)) == [2, 10]


async def test_served_flows_come_first(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "sub.yaml").write_text(SUB)
    flow = parse_flow(load_flow_data(tmp_path / "elsewhere" / "sub.yaml").data, source="served")
    runner = _runner(tmp_path, flows={"served": flow})
    assert await _xs(runner, SubflowSource("database", "served")) == [2, 10]


async def test_items_are_paired_to_the_start_items(tmp_path: Path) -> None:
    (tmp_path / "sub.yaml").write_text(SUB)
    result = await _runner(tmp_path).run_subflow(
        SubflowSource("database", "sub"), [{"json": {"x": 1}}], node="Call", starts=STARTS
    )
    (item,) = result.runs[-1][0]
    assert item["pairedItem"] == {"item": 0}
    assert "lineage" not in item


async def test_unknown_flow_names_the_node_and_the_reference(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"Call: no flow has the id or name 'nope'"):
        await _xs(_runner(tmp_path), SubflowSource("database", "nope"))


async def test_missing_local_file_names_the_node_and_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"Call: the file 'gone.yaml' was not found"):
        await _xs(_runner(tmp_path), SubflowSource("localFile", "gone.yaml"))


async def test_local_file_stays_inside_the_files_folder(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (tmp_path / "sub.yaml").write_text(SUB)
    (files / "inside.yaml").write_text(SUB)
    runner = _runner(files, files_dir=files)
    assert await _xs(runner, SubflowSource("localFile", "inside.yaml")) == [2, 10]
    for outside in ("../sub.yaml", str(tmp_path / "sub.yaml")):
        with pytest.raises(ConfigError, match="outside the files directory"):
            await _xs(runner, SubflowSource("localFile", outside))


async def test_inline_workflow_json_runs(tmp_path: Path) -> None:
    data = {
        "nodes": [
            {
                "name": "Trigger",
                "type": "n8n-nodes-base.executeWorkflowTrigger",
                "typeVersion": 1,
                "parameters": {},
            },
            {
                "name": "Double",
                "type": "n8n-nodes-base.code",
                "typeVersion": 2,
                "parameters": {"jsCode": "return [{json: {x: $input.all().length}}]"},
            },
        ],
        "connections": {"Trigger": {"main": [[{"node": "Double", "type": "main", "index": 0}]]}},
    }
    source = SubflowSource("parameter", json.dumps(data))
    assert await _xs(_runner(tmp_path), source) == [2]


async def test_inline_workflow_that_is_not_json_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Call: the workflow JSON is not valid JSON"):
        await _xs(_runner(tmp_path), SubflowSource("parameter", "{nope"))


async def test_a_flow_without_a_start_is_refused(tmp_path: Path) -> None:
    data = {"nodes": [{"name": "Only", "type": "noOp", "parameters": {}}], "connections": {}}
    with pytest.raises(ConfigError, match="has no node to start from"):
        await _xs(_runner(tmp_path), SubflowSource("parameter", data))


async def test_a_flow_calling_itself_ends_at_the_depth_bound(tmp_path: Path) -> None:
    (tmp_path / "again.yaml").write_text(SELF)
    runner = _runner(tmp_path, max_depth=5)
    with pytest.raises(NodeOperationError, match="more than 5 levels deep") as caught:
        await runner.run_subflow(
            SubflowSource("database", "again"), [{"json": {}}], node="Call", starts=STARTS
        )
    assert caught.value.node == "Call"


def test_default_depth_bound_is_twenty(tmp_path: Path) -> None:
    assert _runner(tmp_path).max_depth == 20
    assert _runner(tmp_path).deeper().depth == 1


def _failed_flow() -> Flow:
    return Flow(name="main", id="wf-1", nodes=[])


def test_error_item_has_n8n_shape() -> None:
    error = NodeOperationError("Fetch", "it broke", description="more", item_index=2)
    item = error_item(_failed_flow(), error, execution_id="42", mode="cli")
    assert item["workflow"] == {"id": "wf-1", "name": "main"}
    execution = item["execution"]
    assert execution["id"] == "42"
    assert execution["lastNodeExecuted"] == "Fetch"
    assert execution["mode"] == "cli"
    assert "url" not in execution and "retryOf" not in execution
    failure = execution["error"]
    assert failure["message"] == "it broke"
    assert failure["name"] == "NodeOperationError"
    assert failure["description"] == "more"
    assert failure["node"] == {"name": "Fetch"}
    assert failure["context"] == {"itemIndex": 2}
    assert failure["stack"].startswith("NodeOperationError: it broke")


def test_error_item_without_execution_is_a_trigger_error() -> None:
    item = error_item(_failed_flow(), ConfigError("bad flow"), mode="trigger")
    assert item["trigger"]["mode"] == "trigger"
    assert item["trigger"]["error"]["message"] == "bad flow"


ERRORS = """\
name: on-error
nodes:
  - name: Error Trigger
    type: errorTrigger
  - name: Say
    type: code
    parameters:
      jsCode: "return [{json: {said: $json.execution.error.message, wf: $json.workflow.name}}]"
connections:
  Error Trigger: [Say]
"""


@pytest.mark.parametrize("reference", ["errors.yaml", "on-error"])
async def test_error_workflow_runs_with_the_error_item(tmp_path: Path, reference: str) -> None:
    (tmp_path / "errors.yaml").write_text(ERRORS)
    flow = Flow(name="main", nodes=[], settings={"errorWorkflow": reference})
    items = await run_error_workflow(flow, NodeOperationError("X", "boom"), _runner(tmp_path))
    assert items is not None
    assert [i["json"] for i in items] == [{"said": "boom", "wf": "main"}]


async def test_no_error_workflow_named_runs_nothing(tmp_path: Path) -> None:
    flow = Flow(name="main", nodes=[])
    assert await run_error_workflow(flow, ConfigError("x"), _runner(tmp_path)) is None
