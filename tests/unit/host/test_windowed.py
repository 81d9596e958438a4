"""Straight-line flows over large JSONL inputs run window by window, in flat memory."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from kflow.host.credentials import Credentials
from kflow.host.engine.windowed import can_stream, run_windowed
from kflow.host.flow import parse_flow
from kflow.host.items import Item, make_item
from kflow.host.settings import RunSettings


def flow(*extra: dict[str, Any], last: str = "Save") -> Any:
    nodes = [
        {"name": "In", "type": "input"},
        {
            "name": "Tag",
            "type": "set",
            "parameters": {
                "includeOtherFields": True,
                "assignments": {
                    "assignments": [
                        {"name": "double", "value": "={{ $json.n * 2 }}", "type": "number"},
                        {"name": "from", "value": "={{ $('In').item.json.n }}", "type": "number"},
                    ]
                },
            },
        },
        {"name": "Save", "type": "writeFile", "parameters": {"path": "out/rows.jsonl"}},
        *extra,
    ]
    names = [n["name"] for n in nodes]
    connections = {a: [b] for a, b in itertools.pairwise(names)}
    return parse_flow({"nodes": nodes, "connections": connections}, source="t")


async def test_windows_keep_order_and_append_to_files(tmp_path: Path) -> None:
    written: list[Item] = []
    items = (make_item({"n": i}) for i in range(10))
    stats = await run_windowed(
        flow(),
        items,
        written.extend,
        credentials=Credentials(),
        settings=RunSettings(),
        base_dir=tmp_path,
        window=3,
    )
    assert [i["json"]["double"] for i in written] == [2 * i for i in range(10)]
    assert [i["json"]["from"] for i in written] == list(range(10))
    lines = (tmp_path / "out/rows.jsonl").read_text().splitlines()
    assert [json.loads(line)["n"] for line in lines] == list(range(10))
    assert {s.name: s.runs for s in stats} == {"In": 4, "Tag": 4, "Save": 4}


def test_only_straight_lines_of_item_nodes_stream() -> None:
    assert can_stream(flow())
    assert not can_stream(
        flow(
            {
                "name": "All",
                "type": "aggregate",
                "parameters": {"aggregate": "aggregateAllItemData"},
            }
        )
    )
    data = {
        "nodes": [
            {"name": "In", "type": "input"},
            {"name": "A", "type": "noOp"},
            {"name": "B", "type": "noOp"},
        ],
        "connections": {"In": ["A", "B"]},
    }
    assert not can_stream(parse_flow(data, source="t"))
    json_file = flow()
    json_file.nodes[2].parameters["path"] = "out/rows.json"
    assert not can_stream(json_file)
