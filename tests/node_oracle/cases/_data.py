"""Shared by the data-node families: a case of one node, and sample rows."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case

__all__ = ["MIXED", "PEOPLE", "one"]

PEOPLE: list[dict[str, Any]] = [
    {"name": "Ann", "age": 31, "city": "Oslo", "tags": ["a", "b"], "info": {"zip": "01", "n": 2}},
    {"name": "bob", "age": 25, "city": "Rome", "tags": [], "info": {"zip": "02", "n": 1}},
    {"name": "Cid", "age": 31, "city": "oslo", "tags": ["c", None], "info": {"zip": "01", "n": 3}},
    {"name": "ann", "age": 40.5, "city": "Oslo", "tags": ["a"], "info": {"zip": "03", "n": 2}},
    {"name": "Émile", "age": 25, "city": "Paris", "tags": ["d"], "info": {"zip": "02", "n": 5}},
]

MIXED: list[dict[str, Any]] = [
    {"v": 10, "s": "10"},
    {"v": "9", "s": "b"},
    {"v": None, "s": ""},
    {"s": "a"},
    {"v": 2.5, "s": "Z"},
    {"v": True, "s": "ä"},
    {"v": [1, 2], "s": "A"},
    {"v": {"x": 1}, "s": "z"},
]


def one(
    case_id: str,
    node_type: str,
    version: float,
    parameters: dict[str, Any],
    rows: list[dict[str, Any]],
    *,
    error: bool = False,
    name: str = "Node",
) -> Case:
    """A case of one node of `node_type` fed `rows`."""
    return Case(
        case_id,
        nodes=[
            {
                "name": name,
                "type": f"n8n-nodes-base.{node_type}",
                "typeVersion": version,
                "parameters": parameters,
            }
        ],
        inputs={"Input": rows},
        error=error,
    )
