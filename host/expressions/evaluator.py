"""Evaluating parameter values that hold expressions, in Jinja2's immutable sandbox.

A string starting with `=` is an expression template (n8n's marker); so is any string
holding `{{ … }}`. A template that is exactly one `{{ … }}` yields the value's own type;
text around or between expressions yields a string (objects rendered as JSON). Python's
`eval` is never used: Jinja2's sandbox refuses `__class__`, `__globals__` and the like, and
a missing field is an error, not an empty value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Undefined, meta
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from kflow.host.expressions.syntax import split_template, to_jinja
from kflow.host.expressions.variables import ExpressionLookupError, ExpressionScope

__all__ = ["Evaluator", "ExpressionError", "is_expression"]


class ExpressionError(Exception):
    """An expression that failed; `path` names the parameter, `expression` the text."""

    def __init__(self, expression: str, cause: str, path: str = "") -> None:
        super().__init__(cause)
        self.expression = expression
        self.cause = cause
        self.path = path


_MAX_SIZE = 1_000_000
_MAX_EXPONENT = 1000


def is_expression(value: Any) -> bool:
    """Whether a parameter value is (or holds) an expression."""
    return isinstance(value, str) and (value.startswith("=") or "{{" in value)


class _Environment(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, reading `obj.key` as n8n does, plus a few JavaScript names.

    `*` and `**` are checked so that one expression cannot build a gigabyte string or a
    number with millions of digits.
    """

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
                if sized and len(seq) * count > _MAX_SIZE:
                    raise SecurityError("the result would be too large")
        if operator == "**" and isinstance(right, int | float) and abs(right) > _MAX_EXPONENT:
            raise SecurityError("the exponent is too large")
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Mapping) and attribute in obj:
            return obj[attribute]
        shim = _js_member(obj, attribute)
        if shim is not None:
            return shim
        return super().getattr(obj, attribute)


def _js_member(obj: Any, name: str) -> Any:
    if name == "length" and isinstance(obj, str | list | tuple | dict):
        return len(obj)
    if isinstance(obj, str):
        return {
            "toUpperCase": lambda: obj.upper(),
            "toLowerCase": lambda: obj.lower(),
            "trim": lambda: obj.strip(),
            "includes": lambda s: s in obj,
            "startsWith": lambda s: obj.startswith(s),
            "endsWith": lambda s: obj.endswith(s),
            "split": lambda sep: obj.split(sep),
            "toString": lambda: obj,
        }.get(name)
    if isinstance(obj, list | tuple):
        return {
            "includes": lambda v: v in obj,
            "join": lambda sep=",": sep.join(str(v) for v in obj),
        }.get(name)
    if isinstance(obj, int | float) and not isinstance(obj, bool):
        return {
            "toFixed": lambda digits=0: f"{obj:.{int(digits)}f}",
            "toString": lambda: str(obj),
        }.get(name)
    return None


class Evaluator:
    """Evaluates expressions inside parameter values.

    Args:
        allow_env: Whether `$env` may read environment variables.
    """

    def __init__(self, *, allow_env: bool = False) -> None:
        self.allow_env = allow_env
        self._env = _Environment(undefined=StrictUndefined)
        self._env.globals.clear()
        self._compile = lru_cache(maxsize=1024)(self._compile_uncached)

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
        template = value[1:] if value.startswith("=") else value
        segments = split_template(template)
        needed = frozenset().union(*(self._names(text) for is_expr, text in segments if is_expr))
        variables = scope.variables(needed)
        if len(segments) == 1 and segments[0][0]:
            return self._run(segments[0][1], variables, path)
        parts = []
        for is_expr, text in segments:
            parts.append(_as_text(self._run(text, variables, path)) if is_expr else text)
        return "".join(parts)

    def check_syntax(self, value: str) -> None:
        """Compiles every expression of a template without running it.

        Raises:
            ExpressionError: An expression that is not valid.
        """
        template = value[1:] if value.startswith("=") else value
        for is_expr, text in split_template(template):
            if is_expr:
                try:
                    self._compile(to_jinja(text))
                except TemplateError as exc:
                    raise ExpressionError(text, _cause(exc)) from None

    def _run(self, expression: str, variables: dict[str, Any], path: str) -> Any:
        fields = _plain_field_path(expression)
        if fields is not None:
            return self._lookup(expression, variables["k_json"], fields, path)
        return self._run_jinja(expression, variables, path)

    @staticmethod
    def _lookup(expression: str, data: Any, fields: tuple[str, ...], path: str) -> Any:
        """`$json.a.b` read directly: the same answer the sandbox gives, without its cost."""
        for name in fields:
            if not isinstance(data, Mapping) or name not in data:
                raise ExpressionError(expression, f"{expression} is undefined", path)
            data = data[name]
        return data

    def _run_jinja(self, expression: str, variables: dict[str, Any], path: str) -> Any:
        try:
            compiled = self._compile(to_jinja(expression))
            result = compiled(**variables)
            if isinstance(result, Undefined):
                raise ExpressionError(expression, f"{expression} is undefined", path)
            return result
        except ExpressionError:
            raise
        except SecurityError as exc:
            raise ExpressionError(expression, f"not allowed: {exc}", path) from None
        except (TemplateError, ExpressionLookupError, ArithmeticError) as exc:
            raise ExpressionError(expression, _cause(exc), path) from None
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            raise ExpressionError(expression, _cause(exc), path) from None

    def _compile_uncached(self, source: str) -> Any:
        return self._env.compile_expression(source, undefined_to_none=False)

    @lru_cache(maxsize=1024)  # noqa: B019 - bounded, and evaluators live as long as a run
    def _names(self, expression: str) -> frozenset[str]:
        """The variables an expression uses (so only those are built per item)."""
        try:
            parsed = self._env.parse("{{ " + to_jinja(expression) + " }}")
        except TemplateError:
            return frozenset({"k_json", "k_input", "k_node", "k_now", "k_today", "k_env"})
        return frozenset(meta.find_undeclared_variables(parsed))


_FIELD_PATH = re.compile(r"\$json((?:\.[A-Za-z_]\w*|\[\"[^\"\\]*\"\]|\['[^'\\]*'\])+)")
_FIELD = re.compile(r"\.([A-Za-z_]\w*)|\[\"([^\"]*)\"\]|\['([^']*)'\]")


@lru_cache(maxsize=1024)
def _plain_field_path(expression: str) -> tuple[str, ...] | None:
    """The field names of an expression that only reads `$json.a.b` / `$json["a"]`, or None."""
    match = _FIELD_PATH.fullmatch(expression.strip())
    if match is None:
        return None
    names = tuple(
        next(g for g in m.groups() if g is not None) for m in _FIELD.finditer(match.group(1))
    )
    # Names a JavaScript shim answers (length, toUpperCase…) take the sandbox's path.
    return None if any(n in _JS_NAMES for n in names) else names


_JS_NAMES = frozenset(
    [
        "length",
        "toUpperCase",
        "toLowerCase",
        "trim",
        "includes",
        "startsWith",
        "endsWith",
        "split",
        "toString",
        "join",
        "toFixed",
    ]
)


def _cause(exc: BaseException) -> str:
    text = str(exc).replace("k_", "$").replace("'dict object'", "the object")
    return text or type(exc).__name__


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
