"""Expressions: n8n's syntax and conversions, kflow's variables, and the sandbox holding.

n8n's own answers to everyday expressions are checked in test_expression_corpus.py; this file
covers what the corpus cannot: the run's variables, errors, limits and isolation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kflow.host.expressions import Evaluator, ExpressionError, ExpressionScope
from kflow.host.expressions.engine import EngineLimits

NOW = datetime(2026, 11, 20, 22, 30, tzinfo=UTC)


def scope(index: int = 0, **json: Any) -> ExpressionScope:
    items = [{"json": json, "lineage": {"Prev": (0, 0)}}, {"json": {"n": 2}}]
    outputs = {"Prev": [[{"json": {"token": "t-1"}}]]}
    return ExpressionScope(items=items, index=index, outputs=outputs, now=NOW)  # type: ignore[arg-type]


def ev(template: Any, **json: Any) -> Any:
    return Evaluator().evaluate(template, scope(**json))


@pytest.mark.parametrize(
    ("template", "json", "expected"),
    [
        ("={{ $json.n }}", {"n": 3}, 3),
        ("={{ $json.n * 1.5 }}", {"n": 2}, 3),
        ("={{ $json.tags }}", {"tags": ["a"]}, ["a"]),
        ("={{ $json.o }}", {"o": {"k": 1}}, {"k": 1}),
        ("=n={{ $json.n }}", {"n": 3}, "n=3"),
        ("={{ $json.a }}-{{ $json.b }}", {"a": 1, "b": True}, "1-true"),
        ("={{ $json.o }} as text", {"o": {"k": 1}}, "[object Object] as text"),
        ("=plain text", {}, "plain text"),
        (
            "no = sign, so {{ $json.n }} stays text",
            {"n": 1},
            "no = sign, so {{ $json.n }} stays text",
        ),
        ("={{ $json['a b'] }}", {"a b": 5}, 5),
        ("={{ $json.missing }}", {}, None),
        ("={{ $json.n === 1 && $json.m !== 1 }}", {"n": 1, "m": 2}, True),
        ("={{ $ifEmpty($json.x, 'd') }}", {"x": []}, "d"),
        ("={{ $itemIndex }}", {}, 0),
        ("={{ $input.all().length }}", {}, 2),
        ("={{ $input.last().json.n }}", {}, 2),
        ("={{ $('Prev').item.json.token }}", {}, "t-1"),
        ("={{ $node['Prev'].json.token }}", {}, "t-1"),
        ("={{ $('Prev').first().json.token }}", {}, "t-1"),
        ("={{ $now.toISO() }}", {}, "2026-11-20T22:30:00.000Z"),
        ("={{ $today.minus(1, 'day').toFormat('yyyy-MM-dd') }}", {}, "2026-11-19"),
        ("={{ $now.plus({months: 3}).toFormat('dd.MM.yyyy HH:mm') }}", {}, "20.02.2027 22:30"),
        ("={{ $now }}", {}, "2026-11-20T22:30:00.000Z"),
        ("={{ 'a{{b' }}", {}, "a{{b"),
        ("={{ $json.n; }}", {"n": 4}, 4),
    ],
)
def test_values(template: str, json: dict[str, Any], expected: Any) -> None:
    assert ev(template, **json) == expected


def test_now_follows_the_run_time_zone() -> None:
    moscow = ExpressionScope(items=[{"json": {}}], index=0, now=NOW, timezone="Europe/Moscow")
    evaluator = Evaluator()
    assert evaluator.evaluate("={{ $now.toISO() }}", moscow) == "2026-11-21T01:30:00.000+03:00"
    assert evaluator.evaluate("={{ DateTime.fromISO('2026-01-01').zoneName }}", moscow) == (
        "Europe/Moscow"
    )


def test_nested_parameters_are_evaluated_with_their_path() -> None:
    value = {"a": ["={{ $json.n }}", {"b": "=x{{ $json.n }}"}], "c": 1}
    assert ev(value, n=7) == {"a": [7, {"b": "x7"}], "c": 1}
    with pytest.raises(ExpressionError) as caught:
        ev({"a": [{"b": "={{ $json.missing.deeper }}"}]})
    assert caught.value.path == "a[0].b"
    assert "deeper" in caught.value.cause


@pytest.mark.parametrize(
    ("template", "cause"),
    [
        ("={{ $json.a.b.c }}", "TypeError"),
        ("={{ $('Nowhere').item.json }}", "has not run"),
        ("={{ $json.x + }}", "line 1"),
        ("={{ 'abc'.toNumber() }}", "cannot convert to number"),
        ("={{ (5).first() }}", 'only callable on type "array"'),
        ("={{ JSON.parse('{oops') }}", "SyntaxError"),
    ],
)
def test_failures_name_their_cause(template: str, cause: str) -> None:
    with pytest.raises(ExpressionError, match=cause):
        ev(template, a={})


def test_syntax_errors_point_at_the_line() -> None:
    with pytest.raises(ExpressionError, match="line 2"):
        Evaluator().check_syntax("={{ $json.a +\n * 2 }}")
    Evaluator().check_syntax("={{ $json.a + 1 }}")


# The sandbox: what an expression must not reach or break.


@pytest.mark.parametrize(
    "probe",
    [
        "typeof process",
        "typeof require",
        "typeof fetch",
        "typeof XMLHttpRequest",
        "typeof std",
        "typeof os",
        "typeof __kflow",
        "typeof luxon",
        "typeof acorn",
        "typeof module",
    ],
)
def test_no_host_objects(probe: str) -> None:
    assert ev("={{ " + probe + " }}") == "undefined"


@pytest.mark.parametrize(
    "payload",
    [
        "={{ ({}).constructor.constructor('return this')() }}",
        "={{ $json.constructor }}",
        "={{ [].constructor\n.constructor('return 1')() }}",
    ],
)
def test_constructor_escapes_are_refused(payload: str) -> None:
    with pytest.raises(ExpressionError, match="constructor"):
        ev(payload)


def test_endless_loops_hit_the_time_limit_and_the_engine_goes_on() -> None:
    evaluator = Evaluator(limits=EngineLimits(seconds=0.2))
    with pytest.raises(ExpressionError, match=r"longer than 0\.2 s"):
        evaluator.evaluate("={{ (() => { while (true) {} })() }}", scope())
    assert evaluator.evaluate("={{ 1 + 1 }}", scope()) == 2


def test_memory_bombs_hit_the_memory_limit_and_the_engine_recovers() -> None:
    evaluator = Evaluator(limits=EngineLimits(memory=32 * 1024 * 1024))
    with pytest.raises(ExpressionError, match="memory"):
        evaluator.evaluate(
            "={{ (() => { const a = []; while (true) a.push('x'.repeat(1000) + a.length) })() }}",
            scope(),
        )
    assert evaluator.evaluate("={{ [1, 2].sum() }}", scope()) == 3


def test_one_item_cannot_change_what_another_sees() -> None:
    evaluator = Evaluator()
    attacks = [
        "={{ (Object.prototype.polluted = 1, 0) }}",
        "={{ (Array.prototype.first = () => 'evil', 0) }}",
        "={{ (String.prototype.toUpperCase = () => 'evil', 0) }}",
        "={{ (globalThis.leak = 5, 0) }}",
        "={{ (Math.max = () => -1, 0) }}",
        "={{ (JSON.stringify = () => 'evil', 0) }}",
        "={{ (DateTime.now = () => 'evil', 0) }}",
        "={{ ($input.all()[1].json.n = 99, 0) }}",
        "={{ ($('Prev').first().json.token = 'evil', 0) }}",
        "={{ ($json.n = 42, 0) }}",
    ]
    for attack in attacks:
        evaluator.evaluate(attack, scope(0, n=1))
    later = scope(1, n=1)
    assert evaluator.evaluate("={{ ({}).polluted }}", later) is None
    assert evaluator.evaluate("={{ [7].first() }}", later) == 7
    assert evaluator.evaluate("={{ 'a'.toUpperCase() }}", later) == "A"
    assert evaluator.evaluate("={{ typeof leak }}", later) == "undefined"
    assert evaluator.evaluate("={{ Math.max(1, 2) }}", later) == 2
    assert evaluator.evaluate("={{ JSON.stringify([1]) }}", later) == "[1]"
    assert evaluator.evaluate("={{ typeof DateTime.now() }}", later) == "object"
    assert evaluator.evaluate("={{ $input.all()[1].json.n }}", later) == 2
    assert evaluator.evaluate("={{ $json.n }}", later) == 2
    assert evaluator.evaluate("={{ $('Prev').first().json.token }}", later) == "t-1"
    assert evaluator.evaluate("={{ $input.first().json.n }}", later) == 1


def test_env_needs_permission() -> None:
    allowed = ExpressionScope(items=[{"json": {}}], index=0, env={"KFLOW_TEST_VAR": "visible"})
    assert Evaluator(allow_env=True).evaluate("={{ $env.KFLOW_TEST_VAR }}", allowed) == "visible"
    with pytest.raises(ExpressionError, match="allow-env"):
        Evaluator().evaluate("={{ $env.KFLOW_TEST_VAR }}", allowed)
    with pytest.raises(ExpressionError, match="allow-env"):
        Evaluator(allow_env=True).evaluate("={{ $env.HOME }}", scope())


@pytest.mark.parametrize(
    "number", [0, 5, -3, 2.5, 0.1, 1e-4, 1234.5678, 5.0, 1e16, 1e21, 1e-7, 123e-20, 2**60]
)
def test_numbers_in_text_read_directly_match_javascript(number: float) -> None:
    direct = Evaluator().evaluate("=x{{ $json.n }}", scope(n=number))
    through_engine = Evaluator().evaluate("=x{{ $json.n + 0 }}", scope(n=number))
    assert direct == through_engine


def test_long_expressions_and_long_results_come_back_whole() -> None:
    long_sum = " + ".join(f"$json.n.round({i % 3})" for i in range(300))
    assert ev("={{ " + long_sum + " }}", n=1) == 300
    text = ev("=a{{ 'x'.repeat(5000) + 'y'.repeat(5000) }}b")
    assert len(text) == 10002 and text.startswith("ax") and text.endswith("yb")
    many = Evaluator().evaluate_many(
        "={{ $json.s + $json.s }}", [scope(s="z" * 3000), scope(s="w" * 3000)]
    )
    assert [len(x) for x in many] == [6000, 6000]


def test_the_time_limit_holds_per_item_in_a_batch() -> None:
    evaluator = Evaluator(limits=EngineLimits(seconds=0.3))
    slow = "={{ $json.n === 2 ? (() => { while (true) {} })() : $json.n * 10 }}"
    items = [{"json": {"n": n}} for n in range(4)]
    scopes = [ExpressionScope(items=items, index=i) for i in range(4)]  # type: ignore[arg-type]
    results = evaluator.evaluate_many(slow, scopes)
    assert results[:2] == [0, 10] and results[3] == 30
    assert isinstance(results[2], ExpressionError) and "longer than 0.3 s" in results[2].cause


def test_a_scope_at_another_item_sees_that_item_and_leaves_the_first() -> None:
    first = scope(0, n=1)
    other = first.at(1)
    assert (first.index, other.index) == (0, 1)
    assert other.item == {"json": {"n": 2}}
    assert other == ExpressionScope(
        items=first.items, index=1, outputs=first.outputs, now=NOW, contexts=first.contexts
    )


def test_many_items_and_slots_each_get_their_answers_or_their_own_error() -> None:
    """Expressions at the top of an object and deeper, read directly or by the engine,
    over items where one fails: every other item gets its own values."""
    items = [{"json": {"id": f"s{i}", "n": i, "o": None if i == 2 else {"k": i}}} for i in range(4)]
    scopes = [ExpressionScope(items=items, index=i, now=NOW) for i in range(4)]  # type: ignore[arg-type]
    flat = {"id": "={{ $json.id }}", "body": '={"n": {{ $json.n }}}', "fixed": 7}
    deep = {"a": {"k": "={{ $json.o.k }}"}, "id": "={{ $json.id }}", "list": ["={{ $json.n }}"]}
    evaluator = Evaluator()
    assert evaluator.evaluate_many(flat, scopes) == [
        {"id": f"s{i}", "body": f'{{"n": {i}}}', "fixed": 7} for i in range(4)
    ]
    results = evaluator.evaluate_many(deep, scopes)
    for i in (0, 1, 3):
        assert results[i] == {"a": {"k": i}, "id": f"s{i}", "list": [i]}
    assert isinstance(results[2], ExpressionError) and results[2].path == "a.k"
    texts = evaluator.evaluate_many({"t": "=x{{ $json.o.k }}y"}, scopes)
    assert [texts[i] for i in (0, 1, 3)] == [{"t": "x0y"}, {"t": "x1y"}, {"t": "x3y"}]
    assert isinstance(texts[2], ExpressionError) and texts[2].path == "t"
    assert deep == {
        "a": {"k": "={{ $json.o.k }}"},
        "id": "={{ $json.id }}",
        "list": ["={{ $json.n }}"],
    }
