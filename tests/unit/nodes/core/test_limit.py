"""Limit: first or last items."""

from __future__ import annotations

from tests.unit.nodes.core._data_nodes import run_one

ROWS = [{"i": i} for i in range(5)]


async def test_first_and_last_items() -> None:
    assert await run_one("limit", {"maxItems": 2}, ROWS) == ROWS[:2]
    assert await run_one("limit", {"maxItems": 2, "keep": "lastItems"}, ROWS) == ROWS[3:]
    assert await run_one("limit", {"maxItems": 9}, ROWS) == ROWS
