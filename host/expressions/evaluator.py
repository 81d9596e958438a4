"""Evaluating parameter values that hold n8n expressions.

A string starting with `=` is a template (n8n's marker). A template that is exactly one
`{{ … }}` yields the value's own type; text around or between expressions yields a string,
each result written as n8n writes it (`true`, `3`, objects as JSON, nothing for null).
Reading a plain field (`$json.a.b`) skips the engine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from kflow.host.expressions.engine import EngineLimits, Frame, JsEngine, JsError, JsSyntaxError
from kflow.host.expressions.syntax import is_expression, split_template
from kflow.host.expressions.variables import ExpressionScope

__all__ = ["Evaluator", "ExpressionError"]


class ExpressionError(Exception):
    """An expression that failed; `path` names the parameter, `expression` the text."""

    def __init__(self, expression: str, cause: str, path: str = "") -> None:
        super().__init__(cause)
        self.expression = expression
        self.cause = cause
        self.path = path


_MISSING = object()


class Evaluator:
    """Evaluates expressions inside parameter values, for one run.

    Args:
        allow_env: Whether `$env` may read environment variables.
        limits: Time per evaluation and memory for the run.
    """

    def __init__(self, *, allow_env: bool = False, limits: EngineLimits | None = None) -> None:
        self.allow_env = allow_env
        self._limits = limits
        self._engine: JsEngine | None = None

    @property
    def engine(self) -> JsEngine:
        """The run's JavaScript engine, started on first use."""
        if self._engine is None:
            self._engine = JsEngine(self._limits)
        return self._engine

    def evaluate(self, value: Any, scope: ExpressionScope, path: str = "") -> Any:
        """`value` with every expression in it replaced by its result.

        Raises:
            ExpressionError: An expression failed; it names the parameter path.
        """
        if isinstance(value, dict):
            return {
                k: self.evaluate(v, scope, f"{path}.{k}" if path else k) for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.evaluate(v, scope, f"{path}[{i}]") for i, v in enumerate(value)]
        if not is_expression(value):
            return value
        segments = split_template(value[1:])
        if len(segments) == 1 and segments[0][0]:
            return self._value(segments[0][1], scope, path)
        if not any(is_expr for is_expr, _ in segments):
            return value[1:]
        return "".join(
            self._text(text, scope, path) if is_expr else text for is_expr, text in segments
        )

    def check_syntax(self, value: str) -> None:
        """Parses every expression of a template without running it.

        Raises:
            ExpressionError: An expression that does not parse (with its line and column).
        """
        template = value[1:] if value.startswith("=") else value
        for is_expr, text in split_template(template):
            if is_expr:
                try:
                    self.engine.check(text)
                except JsSyntaxError as exc:
                    raise ExpressionError(text, str(exc)) from None

    def _value(self, expression: str, scope: ExpressionScope, path: str) -> Any:
        fields = _plain_field_path(expression)
        if fields is not None:
            found = _lookup(scope.item.get("json", {}), fields)
            if found is not _MISSING and not isinstance(found, float):
                return found
        defined, result = self._run(expression, scope, path, as_text=False)
        return result if defined else None

    def _text(self, expression: str, scope: ExpressionScope, path: str) -> str:
        fields = _plain_field_path(expression)
        if fields is not None:
            found = _lookup(scope.item.get("json", {}), fields)
            if isinstance(found, str):
                return found
            if isinstance(found, int | float) and not isinstance(found, bool):
                text = _number_text(found)
                if text is not None:
                    return text
        _, text = self._run(expression, scope, path, as_text=True)
        return str(text)

    def _run(
        self, expression: str, scope: ExpressionScope, path: str, *, as_text: bool
    ) -> tuple[bool, Any]:
        item = scope.item
        try:
            return self.engine.evaluate(
                expression,
                json.dumps(item.get("json", {}), default=str),
                scope.offset + scope.index,
                self._frame(scope),
                lineage=item.get("lineage") if _reaches_nodes(expression) else None,  # type: ignore[arg-type]
                paired=item.get("pairedItem"),
                as_text=as_text,
            )
        except JsError as exc:
            raise ExpressionError(expression, str(exc), path) from None

    def _frame(self, scope: ExpressionScope) -> Frame:
        return Frame(
            node=scope.node,
            items=scope.items,
            outputs=scope.outputs,
            now_ms=int(scope.now.timestamp() * 1000),
            timezone=scope.timezone,
            env=scope.env if self.allow_env and scope.env is not None else None,
            workflow=scope.workflow,
            execution=scope.execution,
        )


def _number_text(number: float) -> str | None:
    """String(number) as JavaScript writes it, where Python writes the same digits; else None."""
    if isinstance(number, int):
        return str(number) if abs(number) <= 2**53 else None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    if number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    if 1e-4 <= abs(number) < 1e21:
        return repr(number)
    return None


def _lookup(data: Any, fields: tuple[str, ...]) -> Any:
    for name in fields:
        if not isinstance(data, Mapping) or name not in data:
            return _MISSING
        data = data[name]
    return data


_FIELD_PATH = re.compile(r"\$json((?:\.[A-Za-z_]\w*|\[\"[^\"\\]*\"\]|\['[^'\\]*'\])+)")
_FIELD = re.compile(r"\.([A-Za-z_]\w*)|\[\"([^\"]*)\"\]|\['([^']*)'\]")
_NODE_REACH = re.compile(r"\$\s*\(|\$node\b|\$items\b")


@lru_cache(maxsize=4096)
def _plain_field_path(expression: str) -> tuple[str, ...] | None:
    """The field names of an expression that only reads `$json.a.b` / `$json["a"]`, or None."""
    match = _FIELD_PATH.fullmatch(expression.strip())
    if match is None:
        return None
    return tuple(
        next(g for g in m.groups() if g is not None) for m in _FIELD.finditer(match.group(1))
    )


@lru_cache(maxsize=4096)
def _reaches_nodes(expression: str) -> bool:
    return _NODE_REACH.search(expression) is not None
