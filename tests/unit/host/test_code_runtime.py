"""The Code node's runtime in the engine: data loaded on demand, libraries, time limits."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kflow.host.expressions.engine import (
    CodeInterrupted,
    EngineLimits,
    Frame,
    JsEngine,
    JsSyntaxError,
)

ALL = "runOnceForAllItems"
EACH = "runOnceForEachItem"


def frame(outputs: dict[str, Any] | None = None) -> Frame:
    return Frame(
        node="Code",
        items=[],
        outputs=outputs or {},
        now_ms=0,
        timezone="UTC",
        env=None,
        workflow={},
        execution={"id": "", "mode": "manual"},
    )


def request(mode: str, items: list[dict[str, Any]], start: int = 0) -> str:
    return json.dumps(
        {
            "mode": mode,
            "offset": start,
            "start": start,
            "items": [{"json": it} for it in items],
            "lineages": None,
            "budgetMs": 50,
            "runIndex": 0,
            "parameters": {},
            "maxLogs": 10,
        }
    )


def test_other_nodes_items_are_loaded_on_demand_and_copied() -> None:
    engine = JsEngine()
    earlier = [{"json": {"a": 1}}, {"json": {"a": 2}}]
    source = "const all = $('A').all();\nall[0].json.a = 99;\nreturn all.map(i => i.json);"
    answer = engine.run_code(source, ALL, request(ALL, [{}]), frame({"A": [earlier]}), 2.0)
    assert answer["value"] == {"v": [{"a": 99}, {"a": 2}]}
    assert earlier[0]["json"] == {"a": 1}


def test_jmespath_is_loaded_when_first_used() -> None:
    engine = JsEngine()
    answer = engine.run_code(
        "return { v: $jmespath($json, 'a.b') };",
        EACH,
        request(EACH, [{"a": {"b": 3}}]),
        frame(),
        2.0,
    )
    assert answer["results"] == [{"j": {"v": 3}, "u": 0}]


def test_console_lines_are_collected() -> None:
    engine = JsEngine()
    answer = engine.run_code(
        "console.log('x', 1, [2]);\nreturn [];", ALL, request(ALL, [{}]), frame(), 2.0
    )
    assert answer["logs"] == [["log", "x 1 [2]"]]


def test_running_over_the_limit_reports_the_item() -> None:
    engine = JsEngine(EngineLimits(seconds=1))
    source = "if ($itemIndex === 2) { while (true) {} }\nreturn $json;"
    with pytest.raises(CodeInterrupted) as caught:
        engine.run_code(source, EACH, request(EACH, [{}, {}, {}]), frame(), 0.2)
    assert caught.value.stopped["next"] == 2
    # The engine starts afresh and runs code again.
    answer = engine.run_code("return 1;", ALL, request(ALL, [{}]), frame(), 1.0)
    assert answer["value"] == {"v": 1}


def test_syntax_error_names_the_users_line() -> None:
    with pytest.raises(JsSyntaxError, match=r"\[line 3\]"):
        JsEngine().compile_code("const a = 1;\n\nreturn { ;", ALL)


def test_code_cannot_change_what_expressions_see() -> None:
    engine = JsEngine()
    engine.run_code(
        "Array.prototype.first = () => 'hacked';\nObject.prototype.x = 1;\nreturn [];",
        ALL,
        request(ALL, [{}]),
        frame(),
        1.0,
    )
    (result,) = engine.evaluate_batch("[1, 2].first()", ["{}"], [0], frame())
    assert result == (True, 1)
