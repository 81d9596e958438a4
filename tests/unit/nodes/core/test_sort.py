"""Sort: simple (case-blind strings, several fields, missing fields), random and code."""

from __future__ import annotations

import pytest

from kflow.host.errors import NodeOperationError
from tests.unit.nodes.core._data_nodes import run_one


def by(*fields: str) -> dict:
    return {
        "sortFieldsUi": {
            "sortField": [
                {"fieldName": f.lstrip("-"), "order": "descending" if f[0] == "-" else "ascending"}
                for f in fields
            ]
        }
    }


async def test_strings_ignore_case_and_ties_keep_their_order() -> None:
    rows = [{"n": "b", "i": 1}, {"n": "A", "i": 2}, {"n": "a", "i": 3}]
    assert [r["i"] for r in await run_one("sort", by("n"), rows)] == [2, 3, 1]
    assert [r["i"] for r in await run_one("sort", by("-n", "-i"), rows)] == [1, 3, 2]


async def test_numbers_as_strings_compare_as_text() -> None:
    rows = [{"n": "10"}, {"n": "9"}, {"n": 3}]
    assert [r["n"] for r in await run_one("sort", by("n"), rows)] == [3, "10", "9"]


async def test_a_field_no_item_has_is_an_error() -> None:
    with pytest.raises(NodeOperationError, match="Couldn't find the field 'x'"):
        await run_one("sort", by("x"), [{"a": 1}])


async def test_random_keeps_every_item() -> None:
    rows = [{"i": i} for i in range(30)]
    out = await run_one("sort", {"type": "random"}, rows)
    assert sorted(r["i"] for r in out) == list(range(30))


async def test_code_is_refused() -> None:
    with pytest.raises(NodeOperationError, match="JavaScript runtime"):
        await run_one("sort", {"type": "code"}, [{"a": 1}])
