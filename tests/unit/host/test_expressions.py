"""Expressions: n8n syntax, typed results, variables, helpers, and the sandbox holding."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kflow.host.expressions import Evaluator, ExpressionError, ExpressionScope

NOW = datetime(2026, 11, 20, 22, 30, tzinfo=UTC)


def scope(**json: Any) -> ExpressionScope:
    items = [{"json": json, "lineage": {"Prev": (0, 0)}}, {"json": {"n": 2}}]
    outputs = {"Prev": [[{"json": {"token": "t-1"}}]]}
    return ExpressionScope(items=items, index=0, outputs=outputs, now=NOW)  # type: ignore[arg-type]


def ev(template: Any, **json: Any) -> Any:
    return Evaluator().evaluate(template, scope(**json))


@pytest.mark.parametrize(
    ("template", "json", "expected"),
    [
        ("={{ $json.n }}", {"n": 3}, 3),
        ("={{ $json.n * 1.5 }}", {"n": 2}, 3.0),
        ("={{ $json.tags }}", {"tags": ["a"]}, ["a"]),
        ("={{ $json.o }}", {"o": {"k": 1}}, {"k": 1}),
        ("n={{ $json.n }}", {"n": 3}, "n=3"),
        ("{{ $json.a }}-{{ $json.b }}", {"a": 1, "b": True}, "1-true"),
        ("={{ $json.o }} as text: x", {"o": {"k": 1}}, '{"k": 1} as text: x'),
        ("=plain text", {}, "plain text"),
        ("no braces at all", {}, "no braces at all"),
        ("={{ $json['a b'] }}", {"a b": 5}, 5),
        ("={{ $json.items }}", {"items": [1]}, [1]),
        ("={{ $json.s.length }}", {"s": "abcd"}, 4),
        ("={{ $json.s.toUpperCase().trim() }}", {"s": " ab "}, "AB"),
        ("={{ $json.n.toFixed(2) }}", {"n": 1.5}, "1.50"),
        ("={{ $json.n === 1 && $json.m !== 1 }}", {"n": 1, "m": 2}, True),
        ("={{ $json.x || 'fallback' }}", {"x": ""}, "fallback"),
        ("={{ $json.x == null }}", {"x": None}, True),
        ("={{ $ifEmpty($json.x, 'd') }}", {"x": []}, "d"),
        ("={{ $json.cost | float | round(2) }}", {"cost": "1.234"}, 1.23),
        ("={{ $itemIndex }}", {}, 0),
        ("={{ $input.all() | length }}", {}, 2),
        ("={{ $input.last().json.n }}", {}, 2),
        ("={{ $('Prev').item.json.token }}", {}, "t-1"),
        ("={{ $node['Prev'].json.token }}", {}, "t-1"),
        ("={{ $('Prev').first().json.token }}", {}, "t-1"),
        ("={{ $now.toISODate() }}", {}, "2026-11-20"),
        ("={{ $today.minus(1, 'day').toFormat('yyyy-MM-dd') }}", {}, "2026-11-19"),
        ("={{ $now.plus({'months': 3}).toFormat('dd.MM.yyyy HH:mm') }}", {}, "20.02.2027 22:30"),
        ("={{ $now.startOf('month').toISO() }}", {}, "2026-11-01T00:00:00.000+00:00"),
        ("={{ 'a{{b' }}", {}, "a{{b"),
    ],
)
def test_values(template: str, json: dict[str, Any], expected: Any) -> None:
    assert ev(template, **json) == expected


def test_nested_parameters_are_evaluated_with_their_path() -> None:
    value = {"a": ["={{ $json.n }}", {"b": "x{{ $json.n }}"}], "c": 1}
    assert ev(value, n=7) == {"a": [7, {"b": "x7"}], "c": 1}
    with pytest.raises(ExpressionError) as caught:
        ev({"a": [{"b": "={{ $json.missing }}"}]})
    assert caught.value.path == "a[0].b"


@pytest.mark.parametrize(
    "template",
    [
        "={{ $json.missing }}",
        "={{ $json.a.b }}",
        "={{ 1 / 0 }}",
        "={{ $('Nowhere').item.json }}",
        "={{ $input.item.json.nope }}",
        "={{ $json.x + }}",
        "={{ $env.HOME }}",
    ],
)
def test_failures_are_errors_not_empty_values(template: str) -> None:
    with pytest.raises(ExpressionError):
        ev(template, a={})


@pytest.mark.parametrize(
    "payload",
    [
        "={{ ''.__class__.__mro__[1].__subclasses__() }}",
        "={{ $json.__class__.__init__.__globals__ }}",
        "={{ self.__init__.__globals__.__builtins__ }}",
        "={{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "={{ lipsum.__globals__['os'].popen('id').read() }}",
        "={{ joiner.__init__.__globals__.os }}",
        "={{ namespace.__init__.__globals__ }}",
        "={{ config.__class__.__init__.__globals__['os'] }}",
        "={{ request.application.__globals__.__builtins__ }}",
        "={{ ().__class__.__bases__[0].__subclasses__() }}",
        "={{ $json.items.__class__ }}",
        "={{ $json.s.format.__globals__ }}",
        "={{ $now.__class__.__init__.__globals__ }}",
        "={{ $now._moment }}",
        "={{ $input._items }}",
        "={{ [].pop() }}",
        "={{ $json.d.update({'x': 1}) }}",
        "={{ range(10**9) | list }}",
        "={{ get_flashed_messages.__globals__ }}",
        "={{ url_for.__globals__['os'] }}",
        "={{ 'x' * 10**9 }}",
        "={{ [1] * 100000000 }}",
        "={{ 10 ** 100000000 }}",
    ],
)
def test_template_injection_payloads_are_refused(payload: str) -> None:
    with pytest.raises(ExpressionError):
        ev(payload, items=[1], s="x", d={})


def test_env_needs_permission(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KFLOW_TEST_VAR", "visible")
    allowed = ExpressionScope(items=[{"json": {}}], index=0, env={"KFLOW_TEST_VAR": "visible"})
    assert Evaluator(allow_env=True).evaluate("={{ $env.KFLOW_TEST_VAR }}", allowed) == "visible"
    with pytest.raises(ExpressionError, match="blocked"):
        Evaluator().evaluate("={{ $env.KFLOW_TEST_VAR }}", scope())


def test_syntax_check_without_running() -> None:
    Evaluator().check_syntax("={{ $json.a + 1 }}")
    with pytest.raises(ExpressionError):
        Evaluator().check_syntax("={{ $json.a + }}")
