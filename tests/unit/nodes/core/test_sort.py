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


async def test_code_compares_items() -> None:
    rows = [{"n": 3, "i": 1}, {"n": 1, "i": 2}, {"n": 2, "i": 3}]
    out = await run_one("sort", {"type": "code", "code": "return b.json.n - a.json.n;"}, rows)
    assert [r["i"] for r in out] == [1, 3, 2]


async def test_default_code_assigns_an_undeclared_name_and_keeps_the_order() -> None:
    rows = [{"myField": "b"}, {"myField": "c"}, {"myField": "a"}]
    out = await run_one("sort", {"type": "code"}, rows)
    assert out == [{"myField": "a"}, {"myField": "b"}, {"myField": "c"}]
    assert await run_one("sort", {"type": "code"}, [{"x": 2}, {"x": 1}]) == [{"x": 2}, {"x": 1}]


async def test_code_that_mutates_items_outputs_the_change() -> None:
    code = "a.json.seen = 1;\nb.json.seen = 1;\nreturn a.json.n - b.json.n;"
    out = await run_one("sort", {"type": "code", "code": code}, [{"n": 2}, {"n": 1}])
    assert out == [{"n": 1, "seen": 1}, {"n": 2, "seen": 1}]


async def test_code_without_return_is_refused() -> None:
    with pytest.raises(NodeOperationError, match="Sort code doesn't return"):
        await run_one("sort", {"type": "code", "code": "a.json.n - b.json.n"}, [{"n": 1}])


async def test_code_that_throws_names_the_code_parameter() -> None:
    with pytest.raises(NodeOperationError, match="nope is not defined") as caught:
        await run_one("sort", {"type": "code", "code": "return nope;"}, [{"n": 1}, {"n": 2}])
    assert caught.value.parameter == "Code"


async def test_item_lists_sorts_by_code() -> None:
    params = {"operation": "sort", "type": "code", "code": "return a.json.n - b.json.n;"}
    for version in (1, 2.2, 3.1):
        out = await run_one("itemLists", params, [{"n": 2}, {"n": 1}], version=version)
        assert out == [{"n": 1}, {"n": 2}]
