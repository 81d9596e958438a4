"""`kflow export workflow` gives back every node of every case as n8n wrote it: the same
name, type, typeVersion, parameters, position and connections."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.host.flow import parse_flow
from kflow.host.n8n_workflow import to_n8n_workflow
from kflow.host.registry import n8n_type_map
from tests.node_oracle.harness import Case, families, load_cases, workflow

KEPT = ("name", "type", "typeVersion", "parameters", "position")


def _links(connections: dict[str, Any]) -> set[tuple[str, int, str, int]]:
    return {
        (source, output, link["node"], link["index"])
        for source, by_type in connections.items()
        for output, links in enumerate(by_type.get("main", []))
        for link in links or []
    }


def _cases() -> list[Case]:
    return [case for family in families() for case in load_cases(family)]


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case.id)
def test_export_gives_back_the_workflow(case: Case) -> None:
    original = workflow(case)
    kflow_types = n8n_type_map()
    loaded = {
        **original,
        "nodes": [{**n, "type": kflow_types.get(n["type"], n["type"])} for n in original["nodes"]],
    }
    exported = to_n8n_workflow(parse_flow(loaded, source=case.id))
    assert [{k: n.get(k) for k in KEPT} for n in exported["nodes"]] == [
        {k: n.get(k) for k in KEPT} for n in original["nodes"]
    ]
    assert _links(exported["connections"]) == _links(original["connections"])
    assert exported["settings"]["executionOrder"] == case.order
