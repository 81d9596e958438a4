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


def request(
    mode: str,
    items: list[dict[str, Any]],
    start: int = 0,
    scope: str | None = None,
    budget_ms: int = 50,
) -> str:
    data = {
        "mode": mode,
        "offset": 0 if scope else start,
        "start": start,
        "items": [{"json": it} for it in items],
        "lineages": None,
        "budgetMs": budget_ms,
        "runIndex": 0,
        "parameters": {},
        "maxLogs": 10,
    }
    if scope:
        data["scope"] = scope
    return json.dumps(data)


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


def all_value(engine: JsEngine, source: str, outputs: dict[str, Any] | None = None) -> Any:
    answer = engine.run_code(source, ALL, request(ALL, [{}]), frame(outputs), 2.0)
    assert answer["error"] is None, answer["error"]
    return answer["value"]["v"]


def each_values(engine: JsEngine, source: str, count: int, scope: str, **kw: Any) -> list[Any]:
    answer = engine.run_code(
        source, EACH, request(EACH, [{}] * count, scope=scope, **kw), frame(), 2.0
    )
    assert answer["error"] is None, answer["error"]
    return [found["j"] for found in answer["results"]]


def test_undeclared_assignment_then_read() -> None:
    engine = JsEngine()
    source = (
        "fieldName = 'a';\n[x, y] = [1, 2];\nfor (k in { z: 1 }) {}\nreturn { fieldName, x, y, k };"
    )
    assert all_value(engine, source) == {"fieldName": "a", "x": 1, "y": 2, "k": "z"}


def test_undeclared_assignment_in_a_closure() -> None:
    source = (
        "[1, 2, 3].forEach(n => { total = (typeof total === 'undefined' ? 0 : total) + n; });\n"
        "return { total };"
    )
    assert all_value(JsEngine(), source) == {"total": 6}


def test_reading_before_assigning_is_not_defined_and_typeof_is_undefined() -> None:
    engine = JsEngine()
    answer = engine.run_code(
        "const v = later;\nlater = 1;\nreturn [];", ALL, request(ALL, [{}]), frame(), 2.0
    )
    assert answer["error"]["message"] == "later is not defined"
    assert answer["error"]["line"] == 1
    assert all_value(engine, "const t = typeof later;\nlater = 1;\nreturn { t, later };") == {
        "t": "undefined",
        "later": 1,
    }


def test_undeclared_names_live_for_one_run_only() -> None:
    engine = JsEngine()
    assert all_value(engine, "shared = 1;\nreturn { shared };") == {"shared": 1}
    assert all_value(engine, "return { t: typeof shared };") == {"t": "undefined"}
    again = "if (typeof shared === 'undefined') shared = 0;\nshared++;\nreturn { shared };"
    assert all_value(engine, again) == {"shared": 1}
    assert all_value(engine, again) == {"shared": 1}
    (result,) = engine.evaluate_batch("typeof shared", ["{}"], [0], frame())
    assert result == (True, "undefined")


def test_assigning_a_global_name_shadows_it_for_the_run_only() -> None:
    engine = JsEngine()
    source = (
        "Math = { max: () => 42 };\nundefined = 5;\n"
        "return { m: Math.max(1, 2), u: typeof undefined };"
    )
    assert all_value(engine, source) == {"m": 42, "u": "undefined"}
    assert all_value(engine, "return { m: Math.max(1, 2) };") == {"m": 2}
    (result,) = engine.evaluate_batch("Math.max(1, 2)", ["{}"], [0], frame())
    assert result == (True, 2)


def test_the_global_object_stays_frozen() -> None:
    engine = JsEngine()
    source = (
        "x = 1;\nglobalThis.y = 2;\nreturn { frozen: Object.isFrozen(globalThis), y: typeof y };"
    )
    assert all_value(engine, source) == {"frozen": True, "y": "undefined"}


def test_a_name_declared_in_another_scope_is_still_assigned_undeclared() -> None:
    source = (
        "function f() { let i = 9; return i; }\nfor (i = 0; i < 2; i++) {}\nreturn { i, f: f() };"
    )
    assert all_value(JsEngine(), source) == {"i": 2, "f": 9}


EACH_COUNT = "if (typeof seen === 'undefined') seen = 0;\nseen++;\nreturn { seen };"


def test_each_item_code_shares_undeclared_names_within_a_chunk() -> None:
    engine = JsEngine()
    assert each_values(engine, EACH_COUNT, 3, "1:0") == [{"seen": 1}, {"seen": 2}, {"seen": 3}]
    # Another run (or chunk) starts afresh.
    assert each_values(engine, EACH_COUNT, 2, "2:0") == [{"seen": 1}, {"seen": 2}]


def test_each_item_slices_go_on_with_the_chunks_names() -> None:
    engine = JsEngine()
    slow = "const until = Date.now() + 30;\nwhile (Date.now() < until) {}\n" + EACH_COUNT
    first = engine.run_code(
        slow, EACH, request(EACH, [{}] * 3, scope="7:0", budget_ms=1), frame(), 2.0
    )
    assert [found["j"] for found in first["results"]] == [{"seen": 1}]
    rest = engine.run_code(
        slow, EACH, request(EACH, [{}] * 3, start=1, scope="7:0", budget_ms=1000), frame(), 2.0
    )
    assert [found["j"] for found in rest["results"]] == [{"seen": 2}, {"seen": 3}]


def test_each_item_start_again_after_loading_data_counts_once() -> None:
    engine = JsEngine()
    earlier = [{"json": {"a": 1}}]
    source = (
        "count = (typeof count === 'undefined' ? 0 : count) + 1;\n"
        "return { count, a: $('A').first().json.a };"
    )
    answer = engine.run_code(
        source, EACH, request(EACH, [{}, {}], scope="9:0"), frame({"A": [earlier]}), 2.0
    )
    assert [found["j"] for found in answer["results"]] == [
        {"count": 1, "a": 1},
        {"count": 2, "a": 1},
    ]
