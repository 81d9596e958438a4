"""Remove Duplicates 2 across executions, run in flows that share one history store."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.dedupe import SqliteDedupe
from kflow.host.engine import executor, run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.host.node_run import NodeRun
from kflow.host.settings import RunSettings

TYPE = "removeDuplicates"
SEEN = "removeItemsSeenInPreviousExecutions"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SqliteDedupe:
    """A history the runs of this test share (as `kflow run --state-dir` will give)."""
    history = SqliteDedupe(tmp_path / "dedupe.sqlite")

    def with_store(*args: Any, **kwargs: Any) -> NodeRun:
        run = NodeRun(*args, **kwargs)
        run.dedupe = history.for_node("wf", run.name)
        return run

    monkeypatch.setattr(executor, "NodeRun", with_store)
    return history


def rd(name: str = "RD", logic: str = "removeItemsWithAlreadySeenKeyValues", **params: Any):
    field = {
        "removeItemsWithAlreadySeenKeyValues": "dedupeValue",
        "removeItemsUpToStoredIncrementalKey": "incrementalDedupeValue",
        "removeItemsUpToStoredDate": "dateDedupeValue",
    }[logic]
    options = params.pop("options", {})
    value = params.pop("value", "={{ $json.id }}")
    parameters = {"operation": SEEN, "logic": logic, field: value, "options": options, **params}
    return {"name": name, "type": TYPE, "typeVersion": 2, "parameters": parameters}


def clear(name: str = "Clear", scope: str = "node") -> dict[str, Any]:
    parameters = {"operation": "clearDeduplicationHistory", "options": {"scope": scope}}
    return {"name": name, "type": TYPE, "typeVersion": 2, "parameters": parameters}


async def run(
    rows: list[dict[str, Any]], *nodes: dict[str, Any], zone: str = "UTC"
) -> dict[str, list[list[dict[str, Any]]]]:
    """The last run's outputs of every node that ran (json only), the nodes in sequence."""
    chain = [{"name": "In", "type": "input", "parameters": {"items": rows}}, *nodes]
    data = {
        "nodes": chain,
        "connections": {a["name"]: [b["name"]] for a, b in pairwise(chain)},
    }
    result = await run_flow(
        parse_flow(data, source="t"),
        credentials=Credentials(),
        settings=RunSettings(timezone=zone),
    )
    return {
        node["name"]: [[i["json"] for i in out] for out in result.runs[node["name"]][-1]]
        for node in nodes
        if node["name"] in result.runs
    }


async def test_without_a_store_the_operations_are_refused() -> None:
    for node in (rd(), clear()):
        with pytest.raises(NodeOperationError, match="no store") as raised:
            await run([{"id": 1}], node)
        assert raised.value.parameter == "Operation"


async def test_values_seen_by_an_earlier_execution_are_discarded(store: SqliteDedupe) -> None:
    first = await run([{"id": 1}, {"id": 2}, {"id": 1, "again": True}], rd())
    assert first["RD"] == [[{"id": 1}, {"id": 1, "again": True}, {"id": 2}], []]
    second = await run([{"id": 3}, {"id": 2}, {"id": "1"}], rd())
    assert second["RD"] == [[{"id": 3}], [{"id": "1"}, {"id": 2}]], "index-like keys ascend"


async def test_node_scope_is_the_node_and_workflow_scope_is_shared(store: SqliteDedupe) -> None:
    scoped = {"options": {"scope": "workflow"}}
    both = await run([{"id": 1}], rd("A", **scoped), rd("B", **scoped), rd("C"))
    assert both["B"] == [[], [{"id": 1}]], "B shares A's history"
    assert "C" not in both, "C got nothing to check"
    apart = await run([{"id": 1}], rd("A"), rd("C"))
    assert apart["A"] == [[{"id": 1}], []], "A's own history is not the workflow's"
    assert apart["C"] == [[{"id": 1}], []], "nor is C's A's"


async def test_history_size_is_checked_against_every_item(store: SqliteDedupe) -> None:
    small = {"options": {"historySize": 3}}
    await run([{"id": 1}, {"id": 2}], rd(**small))
    with pytest.raises(NodeOperationError, match="History Size") as raised:
        await run([{"id": 1}, {"id": 3}], rd(**small))
    assert raised.value.parameter == "History Size"


async def test_an_empty_fixed_value_is_refused(store: SqliteDedupe) -> None:
    with pytest.raises(NodeOperationError, match="is required"):
        await run([{"id": 1}], rd(value=""))


async def test_higher_numbers_only(store: SqliteDedupe) -> None:
    logic = "removeItemsUpToStoredIncrementalKey"
    first = await run([{"id": 5}, {"id": "3"}, {"id": 1.5}], rd(logic=logic))
    assert first["RD"] == [[{"id": "3"}, {"id": 5}, {"id": 1.5}], []], "index keys first"
    second = await run([{"id": 6}, {"id": "5"}, {"id": 4}, {"id": 7}], rd(logic=logic))
    assert second["RD"] == [[{"id": 6}, {"id": 7}], [{"id": 4}, {"id": "5"}]]
    for bad, message in (({"id": "x"}, '"x" is not a number'), ({"id": None}, "is empty")):
        with pytest.raises(NodeOperationError, match=message) as raised:
            await run([{"id": 9}, bad], rd(logic=logic))
        assert raised.value.item_index == 1


async def test_later_dates_only_read_in_the_flow_zone(store: SqliteDedupe) -> None:
    logic = "removeItemsUpToStoredDate"
    when = {"logic": logic, "value": "={{ $json.when }}"}
    await run([{"when": "2023-12-31T23:45:00Z"}], rd(**when))
    later = await run(
        [{"when": "2024-01-01T00:30:00"}, {"when": "2024-01-01T01:30:00"}],
        rd(**when),
        zone="Europe/Berlin",
    )
    assert later["RD"] == [[{"when": "2024-01-01T01:30:00"}], [{"when": "2024-01-01T00:30:00"}]]
    with pytest.raises(NodeOperationError, match="'soon' is not a valid date"):
        await run([{"when": "soon"}], rd(**when))


async def test_clear_forgets_and_passes_items_through(store: SqliteDedupe) -> None:
    scoped = {"options": {"scope": "workflow"}}
    await run([{"id": 1}], rd(**scoped))
    done = await run([{"id": 1}], clear(scope="workflow"), rd(**scoped))
    assert done["Clear"] == [[{"id": 1}]]
    assert done["RD"] == [[{"id": 1}], []]


async def test_another_logic_in_the_same_scope_needs_a_clear(store: SqliteDedupe) -> None:
    scoped = {"options": {"scope": "workflow"}}
    await run([{"id": 1}], rd(**scoped))
    with pytest.raises(NodeOperationError, match="Clear Deduplication History") as raised:
        await run([{"id": 2}], rd("Other", logic="removeItemsUpToStoredIncrementalKey", **scoped))
    assert raised.value.node == "Other"
