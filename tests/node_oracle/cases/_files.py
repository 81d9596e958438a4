"""Shared by the files_* families: node builders and the fixture files."""

from __future__ import annotations

import base64
from itertools import pairwise
from pathlib import Path
from typing import Any

from tests.node_oracle.harness import Case

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "files"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def node(name: str, kind: str, version: float, params: dict[str, Any], **extra: Any) -> dict:
    return {
        "name": name,
        "type": f"n8n-nodes-base.{kind}",
        "typeVersion": version,
        "parameters": params,
        **extra,
    }


def chain(case_id: str, nodes: list[dict], rows: list[dict], **kw: Any) -> Case:
    """Nodes one after another, fed `rows`."""
    connections = {
        a["name"]: {"main": [[{"node": b["name"], "type": "main", "index": 0}]]}
        for a, b in pairwise(nodes)
    }
    return Case(case_id, nodes=nodes, connections=connections, inputs={"Input": rows}, **kw)


def to_file(data: bytes, version: float = 1.1, **options: Any) -> dict:
    """Convert to File turning field `b` (base64 of `data`) into a file."""
    return node(
        "Bytes",
        "convertToFile",
        version,
        {"operation": "toBinary", "sourceProperty": "b", "options": options},
    )
