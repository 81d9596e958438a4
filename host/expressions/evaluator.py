"""Evaluating parameter values that hold n8n expressions.

A string starting with `=` is a template (n8n's marker). A template that is exactly one
`{{ … }}` yields the value's own type; text around or between expressions yields a string,
each result written as n8n writes it: JavaScript's String(x) (`true`, `3`, `a,b`,
`[object Object]`), nothing for null. Reading a plain field (`$json.a.b`) skips the engine,
and each other expression is one engine call for all the items evaluated together.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from kflow.host.expressions.engine import EngineLimits, Frame, JsEngine, JsError, JsSyntaxError
from kflow.host.expressions.engine_pool import EnginePool
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


Path = tuple[str | int, ...]


class Evaluator:
    """Evaluates expressions inside parameter values, for one run.

    Args:
        allow_env: Whether `$env` may read environment variables.
        limits: Time per evaluation and memory for the run (a pool's own limits win).
        pool: Where the engine comes from (`kflow serve`): a warm one, lent for the run
            and given back by `release()`. None: the evaluator builds its own.
    """

    def __init__(
        self,
        *,
        allow_env: bool = False,
        limits: EngineLimits | None = None,
        pool: EnginePool | None = None,
    ) -> None:
        self.allow_env = allow_env
        self._limits = limits
        self._pool = pool
        self._engine: JsEngine | None = None

    @property
    def engine(self) -> JsEngine:
        """The run's JavaScript engine, started (or taken from the pool) on first use."""
        if self._engine is None:
            self._engine = self._pool.acquire() if self._pool else JsEngine(self._limits)
        return self._engine

    def release(self) -> None:
        """Ends the run: a pooled engine goes back to its pool (which resets it); the next
        use takes another. Without a pool, the engine is kept."""
        if self._pool is not None and self._engine is not None:
            engine, self._engine = self._engine, None
            self._pool.release(engine)

    def evaluate(self, value: Any, scope: ExpressionScope, path: str = "") -> Any:
        """`value` with every expression in it replaced by its result.

        Raises:
            ExpressionError: An expression failed; it names the parameter path.
        """
        (result,) = self.evaluate_many(value, [scope], path)
        if isinstance(result, ExpressionError):
            raise result
        return result

    def evaluate_many(self, value: Any, scopes: list[ExpressionScope], path: str = "") -> list[Any]:
        """`value` evaluated for each scope (items of one node run): one result per scope,
        or the ExpressionError of that item. Each expression is one engine call for all.
        """
        slots = _slots(value)
        if not slots:
            return [value] * len(scopes)
        jsons = [scope.item.get("json", {}) for scope in scopes]
        per_slot = [
            self._template_many(raw, scopes, jsons, _path_text(path, where)) for where, raw in slots
        ]
        if len(slots) == 1 and slots[0][0] == ():
            return per_slot[0]
        failed = any(_has_error(answers) for answers in per_slot)
        if not failed and isinstance(value, dict) and all(len(w) == 1 for w, _ in slots):
            # Expressions at the top of an object only: one shallow copy per item.
            keys = [where[0] for where, _ in slots]
            results: list[Any] = []
            for found in zip(*per_slot, strict=True):
                copy = dict(value)
                copy.update(zip(keys, found, strict=True))
                results.append(copy)
            return results
        trie = _trie([where for where, _ in slots])
        results = []
        for found in zip(*per_slot, strict=True):
            error = _first_error(found) if failed else None
            results.append(error if error is not None else _rebuild(value, trie, list(found)))
        return results

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

    def _template_many(
        self, raw: str, scopes: list[ExpressionScope], jsons: list[Any], path: str
    ) -> list[Any]:
        segments = split_template(raw[1:])
        if len(segments) == 1 and segments[0][0]:
            return self._values(segments[0][1], scopes, jsons, path)
        if not any(is_expr for is_expr, _ in segments):
            return [raw[1:]] * len(scopes)
        pieces = [
            self._texts(text, scopes, jsons, path) if is_expr else [text] * len(scopes)
            for is_expr, text in segments
        ]
        if not any(_has_error(piece) for piece in pieces):
            return ["".join(parts) for parts in zip(*pieces, strict=True)]
        joined: list[Any] = []
        for parts in zip(*pieces, strict=True):
            error = _first_error(parts)
            joined.append(error if error is not None else "".join(parts))
        return joined

    def _values(
        self, expression: str, scopes: list[ExpressionScope], jsons: list[Any], path: str
    ) -> list[Any]:
        fields = _plain_field_path(expression)
        answers: list[Any] = [_MISSING] * len(scopes)
        if fields is not None:
            for item, found in enumerate(_lookup_all(jsons, fields)):
                if found is not _MISSING and not isinstance(found, float):
                    answers[item] = found
        return self._run_rest(expression, scopes, path, answers, as_text=False)

    def _texts(
        self, expression: str, scopes: list[ExpressionScope], jsons: list[Any], path: str
    ) -> list[Any]:
        fields = _plain_field_path(expression)
        answers: list[Any] = [_MISSING] * len(scopes)
        if fields is not None:
            for item, found in enumerate(_lookup_all(jsons, fields)):
                if isinstance(found, str):
                    answers[item] = found
                elif isinstance(found, int | float) and not isinstance(found, bool):
                    text = _number_text(found)
                    answers[item] = _MISSING if text is None else text
        return self._run_rest(expression, scopes, path, answers, as_text=True)

    def _run_rest(
        self,
        expression: str,
        scopes: list[ExpressionScope],
        path: str,
        answers: list[Any],
        *,
        as_text: bool,
    ) -> list[Any]:
        """Fills the answers not read directly, with one engine call."""
        todo = [item for item, answer in enumerate(answers) if answer is _MISSING]
        if not todo:
            return answers
        chosen = [scopes[item] for item in todo]
        reaches = _reaches_nodes(expression)
        try:
            results = self.engine.evaluate_batch(
                expression,
                [json.dumps(s.item.get("json", {}), default=str) for s in chosen],
                [s.offset + s.index for s in chosen],
                self._frame(chosen[0]),
                lineages=[s.item.get("lineage") for s in chosen] if reaches else None,  # type: ignore[misc]
                paired=[s.item.get("pairedItem") for s in chosen],
                as_text=as_text,
            )
        except JsError as exc:
            results = [exc] * len(chosen)
        for item, result in zip(todo, results, strict=True):
            if isinstance(result, JsError):
                answers[item] = ExpressionError(expression, str(result), path)
            else:
                defined, found = result
                answers[item] = str(found) if as_text else (found if defined else None)
        return answers

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
            run_index=scope.run_index,
            contexts=scope.contexts,
        )


def _slots(value: Any, where: Path = ()) -> list[tuple[Path, str]]:
    """Where the expressions sit in a parameter value, and how each is written."""
    if isinstance(value, dict):
        return [slot for k, v in value.items() for slot in _slots(v, (*where, k))]
    if isinstance(value, list):
        return [slot for i, v in enumerate(value) for slot in _slots(v, (*where, i))]
    return [(where, value)] if is_expression(value) else []


def _trie(paths: list[Path]) -> dict[Any, Any]:
    """The paths as a tree: each leaf holds the path's number in `paths`."""
    root: dict[Any, Any] = {}
    for number, path in enumerate(paths):
        node = root
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = number
    return root


def _rebuild(value: Any, trie: dict[Any, Any], found: list[Any]) -> Any:
    """`value` with the trie's leaves replaced by their answers, copying only along them."""
    if isinstance(value, dict):
        copy = dict(value)
    elif isinstance(value, list):
        copy = list(value)  # type: ignore[assignment]
    else:
        return value
    for key, below in trie.items():
        copy[key] = found[below] if isinstance(below, int) else _rebuild(value[key], below, found)
    return copy


def _path_text(base: str, where: Path) -> str:
    text = base
    for key in where:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            text = f"{text}.{key}" if text else key
    return text


def _number_text(number: float) -> str | None:
    """String(number) as JavaScript writes it, where Python writes the same digits; else None."""
    if isinstance(number, int):
        return str(number) if abs(number) <= 2**53 else None
    if not math.isfinite(number):
        return None
    if number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    if 1e-4 <= abs(number) < 1e21:
        return repr(number)
    return None


def _has_error(answers: list[Any]) -> bool:
    # A plain loop: once per expression and item, and faster than any() over a generator.
    for answer in answers:  # noqa: SIM110
        if isinstance(answer, ExpressionError):
            return True
    return False


def _first_error(found: tuple[Any, ...]) -> ExpressionError | None:
    for answer in found:
        if isinstance(answer, ExpressionError):
            return answer
    return None


def _lookup_all(jsons: list[Any], fields: tuple[str, ...]) -> list[Any]:
    """`_lookup` of the same fields in each item's json."""
    if len(fields) == 1:
        (name,) = fields
        return [
            data.get(name, _MISSING) if type(data) is dict else _lookup(data, fields)
            for data in jsons
        ]
    return [_lookup(data, fields) for data in jsons]


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
