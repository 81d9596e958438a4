"""Runs one data node in a flow (input → node) and returns its items' json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.flow import parse_flow


async def run_one(
    type_: str,
    params: dict[str, Any],
    records: list[dict[str, Any]],
    *,
    version: float | None = None,
    base_dir: Path = Path("."),
) -> list[dict[str, Any]]:
    node: dict[str, Any] = {"name": "N", "type": type_, "parameters": params}
    if version is not None:
        node["typeVersion"] = version
    data = {
        "nodes": [{"name": "In", "type": "input", "parameters": {"items": records}}, node],
        "connections": {"In": ["N"]},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=base_dir
    )
    return [i["json"] for i in result.items]
