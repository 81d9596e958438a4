"""The JavaScript engine behind expressions: QuickJS with Luxon and n8n's functions.

One engine serves one run at a time. Its scripts (host/expressions/js/) are loaded once, then
every shared object is frozen, so one evaluation cannot change what another sees; `reset()`
forgets a run, so that a pool (engine_pool.py) can hand the engine to the next one. Each evaluation
has a time limit and the engine a memory limit. The engine has no host objects: no process,
require, fetch, files or network.

QuickJS cannot call back into Python while a time limit is set, so data that an expression
reaches beyond its own item (another node's items, `$env`, a time zone's offsets) is loaded on
demand: the evaluation reports what it needs, the engine loads it and evaluates again.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import count
from typing import Any

import quickjs

from kflow.host.expressions.zones import zone_table

__all__ = ["CodeInterrupted", "EngineLimits", "Frame", "JsEngine", "JsError", "JsSyntaxError"]

_SCRIPTS = (
    "runtime.js",
    "intl.js",
    "luxon.min.js",
    "acorn.js",
    "extensions.js",
    "transform.js",
    "code.js",
    "harden.js",
    "reuse.js",
)
_API = ("run", "compile", "transform", "loadZone", "loadData", "retain", "setFrame", "reset")
_CODE_API = ("codeCompile", "codeLibrary", "codeStart", "codeState", "codeStopped")
_MAX_LOADS = 50
_NAMES = re.compile(r"\$[A-Za-z_]\w*|\$(?=\s*\()")
_CONSTRUCTOR = re.compile(r"\.\s*constructor\b")


class JsError(Exception):
    """An expression that threw, or broke a limit."""


class _Interrupted(Exception):
    """An evaluation ran over its time limit."""


class JsSyntaxError(JsError):
    """An expression that does not parse."""


class CodeInterrupted(JsError):
    """A Code node's JavaScript ran over its time limit; `stopped` is code.js's codeStopped()."""

    def __init__(self, message: str, stopped: dict[str, Any]) -> None:
        super().__init__(message)
        self.stopped = stopped


@dataclass(frozen=True)
class EngineLimits:
    """Seconds per evaluation, and bytes of memory for the whole run."""

    seconds: float = 2.0
    memory: int = 256 * 1024 * 1024


@dataclass
class Frame:
    """What evaluations of one node's run share: its inputs, earlier outputs, the clock.

    Attributes:
        node: The node whose parameters are evaluated.
        items: That node's input items.
        outputs: Outputs (one item list per output) of the nodes that have run, by name.
        now_ms: The run's start, in epoch milliseconds.
        timezone: IANA zone of `$now`, `$today` and new DateTimes.
        env: Environment variables, or None when `$env` is blocked.
        workflow: `$workflow` (id, name, active).
        execution: `$execution` (id, mode).
        run_index: `$runIndex`: how many times the node ran before in this execution.
        contexts: Each node's context as `$("Node").context` shows it (Loop Over Items'
            noItemsLeft, currentRunIndex…): scalar values only.
    """

    node: str
    items: list[Any]
    outputs: Mapping[str, list[list[Any]]]
    now_ms: int
    timezone: str
    env: Mapping[str, str] | None
    workflow: Mapping[str, Any]
    execution: Mapping[str, Any]
    run_index: int = 0
    contexts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def key(self) -> tuple[Any, ...]:
        nodes = tuple((name, tuple(id(o) for o in outs)) for name, outs in self.outputs.items())
        return (
            self.node,
            id(self.items),
            nodes,
            self.now_ms,
            self.timezone,
            self.env is None,
            id(self.workflow),
            id(self.execution),
            self.run_index,
            json.dumps(self.contexts, sort_keys=True, default=str),
        )


class JsEngine:
    """QuickJS with kflow's expression runtime loaded.

    Args:
        limits: Time per evaluation and memory for the run.

    Attributes:
        faulted: An evaluation hit a limit (time, memory) since the engine last started:
            `reset()` refuses it, so a pool drops it.
    """

    def __init__(self, limits: EngineLimits | None = None) -> None:
        self.limits = limits or EngineLimits()
        self._start()

    def _start(self) -> None:
        self._context = quickjs.Context()
        self._context.set_memory_limit(self.limits.memory)
        self._context.set_max_stack_size(1024 * 1024)
        for name in _SCRIPTS:
            self._context.eval(_script(name))
        self._api = {name: self._context.eval(f"__kflow.{name}") for name in _API + _CODE_API}
        self._context.eval("delete globalThis.__kflow; Object.freeze(globalThis);")
        self._compiled: dict[str, int] = {}
        self._frame_key: tuple[Any, ...] | None = None
        self._tokens: dict[str, Any] = {}
        self._counter = count(1)
        self._broken = False
        self._zones: set[str] = set()
        self.faulted = False

    def reset(self) -> bool:
        """Forgets the run: loaded data, its frame, the Code node's state and Luxon's caches
        (compiled expressions and zone tables, which hold no data, are kept). Answers whether
        the engine is clean to reuse: no limit was hit and the global object is as built.
        """
        if self._broken or self.faulted:
            return False
        self._frame_key = None
        self._tokens = {}
        self._context.set_time_limit(self.limits.seconds)
        try:
            return bool(self._api["reset"]())
        except quickjs.JSException:
            return False

    def check(self, source: str) -> None:
        """Parses an expression without running it.

        Raises:
            JsSyntaxError: It does not parse; the message gives the line and column.
        """
        if _CONSTRUCTOR.search(source):
            raise JsSyntaxError(
                "Expression contains invalid constructor function call "
                "(reaching .constructor is not allowed)"
            )
        try:
            self._api["transform"](source)
        except quickjs.JSException as exc:
            raise JsSyntaxError(_message(exc)) from None

    def compile(self, source: str) -> int:
        """The number of the compiled expression (compiled once per source text).

        Raises:
            JsSyntaxError: It does not parse.
        """
        found = self._compiled.get(source)
        if found is not None:
            return found
        self.check(source)
        names = sorted(set(_NAMES.findall(source)) | ({"$"} if "$(" in source else set()))
        try:
            body = self._api["transform"](source)
            number = self._api["compile"](body, json.dumps(names))
        except quickjs.JSException as exc:
            raise JsSyntaxError(_message(exc)) from None
        self._compiled[source] = number
        return number

    def evaluate_batch(
        self,
        source: str,
        items: list[str],
        indexes: list[int],
        frame: Frame,
        *,
        lineages: list[Any] | None = None,
        paired: list[Any] | None = None,
        as_text: bool = False,
    ) -> list[tuple[bool, Any] | JsError]:
        """Runs an expression for many items of one node run, in one call into the engine.

        `items` are the items' json as JSON text. Each answer is (defined, value), or
        (True, text) with as_text, or the JsError of that item. The batch first gets one
        evaluation's time limit in all; when it runs over, each item runs on its own with
        the limit, so only the items that really run too long fail.

        Raises:
            JsError: The engine ran out of memory.
            JsSyntaxError: It does not parse.
        """
        if self._broken:
            self._start()
        number = self.compile(source)
        self._use_frame(frame)
        try:
            return self._run(number, items, indexes, lineages, paired, as_text)
        except _Interrupted:
            if len(items) == 1:
                return [self._too_long()]
        results: list[tuple[bool, Any] | JsError] = []
        for i in range(len(items)):
            try:
                results += self._run(
                    number,
                    items[i : i + 1],
                    indexes[i : i + 1],
                    lineages[i : i + 1] if lineages else None,
                    paired[i : i + 1] if paired else None,
                    as_text,
                )
            except _Interrupted:
                results.append(self._too_long())
        return results

    def _too_long(self) -> JsError:
        return JsError(f"the expression ran longer than {self.limits.seconds:g} s")

    def _run(
        self,
        number: int,
        items: list[str],
        indexes: list[int],
        lineages: list[Any] | None,
        paired: list[Any] | None,
        as_text: bool,
    ) -> list[tuple[bool, Any] | JsError]:
        batch = (
            f'{{"items":[{",".join(items)}],"indexes":{json.dumps(indexes)},'
            f'"lineages":{json.dumps(lineages, default=list) if lineages else "null"},'
            f'"paired":{json.dumps(paired) if paired else "null"}}}'
        )
        self._context.set_time_limit(self.limits.seconds)
        for _ in range(_MAX_LOADS):
            try:
                answer = json.loads(self._api["run"](number, batch, as_text))
            except quickjs.JSException as exc:
                message = _message(exc)
                # QuickJS sometimes reports running out of memory as a bare "null".
                if "out of memory" in message or message == "null":
                    self._broken = self.faulted = True
                    raise JsError("the expression ran out of memory") from None
                if "interrupted" in message:
                    self.faulted = True
                    raise _Interrupted from None
                raise JsError(message) from None
            if "n" in answer:
                for kind, key in answer["n"]:
                    self._load(kind, key)
                continue
            if answer.get("m"):
                self._broken = self.faulted = True
                raise JsError("the expression ran out of memory")
            return [_decode(result) for result in answer["r"]]
        raise JsError("the expression needs more data than can be loaded")

    def compile_code(self, source: str, mode: str) -> int:
        """The number of a Code node's JavaScript compiled for a mode (code.js), compiled once.

        Raises:
            JsSyntaxError: It does not parse; the message ends with `[line N]`.
        """
        key = f"code\x1f{mode}\x1f{source}"
        found = self._compiled.get(key)
        if found is not None:
            return found
        if self._broken:
            self._start()
        try:
            number = self._api["codeCompile"](source, mode)
        except quickjs.JSException as exc:
            raise JsSyntaxError(_message(exc)) from None
        self._compiled[key] = number
        return number

    def run_code(
        self, source: str, mode: str, request: str, frame: Frame, seconds: float
    ) -> dict[str, Any]:
        """Runs a Code node's JavaScript (code.js's codeStart, then its pending jobs) with
        `seconds` in all, loading what it asks for; answers code.js's codeState(). After
        running over its time, the engine starts afresh on next use.

        Raises:
            JsSyntaxError: It does not parse.
            CodeInterrupted: It ran over `seconds`.
            JsError: It ran out of memory, or needed more data than can be loaded.
        """
        number = self.compile_code(source, mode)
        self._use_frame(frame)
        for _ in range(_MAX_LOADS):
            deadline = time.monotonic() + seconds
            try:
                self._context.set_time_limit(seconds)
                self._api["codeStart"](number, request)
                while True:
                    self._context.set_time_limit(max(deadline - time.monotonic(), 0.001))
                    if not self._context.execute_pending_job():
                        break
                answer = json.loads(self._api["codeState"]())
            except quickjs.JSException as exc:
                message = _message(exc)
                if "out of memory" in message or message == "null":
                    self._broken = self.faulted = True
                    raise JsError("the code ran out of memory") from None
                if "interrupted" in message:
                    self._context.set_time_limit(1.0)
                    stopped = json.loads(self._api["codeStopped"]())
                    self._broken = self.faulted = True
                    raise CodeInterrupted(
                        f"the code ran longer than {seconds:g} s", stopped
                    ) from None
                raise JsError(message) from None
            if "n" not in answer:
                return answer
            for kind, key in answer["n"]:
                if kind == "library":
                    self._api["codeLibrary"](key, _script(f"{key}.js"))
                else:
                    self._load(kind, key)
        raise JsError("the code needs more data than can be loaded")

    def _use_frame(self, frame: Frame) -> None:
        key = frame.key()
        if key == self._frame_key:
            return
        tokens: dict[str, Any] = {}

        def token(items: Any) -> str:
            for name, known in self._tokens.items():
                if known is items:
                    tokens[name] = items
                    return name
            name = f"d{next(self._counter)}"
            tokens[name] = items
            return name

        env_token = None
        if frame.env is not None:
            env_token = token(frame.env)
        data = {
            "node": frame.node,
            "input": token(frame.items),
            "nodes": {
                name: [token(items) for items in outs] for name, outs in frame.outputs.items()
            },
            "params": {},
            "now": frame.now_ms,
            "tz": frame.timezone,
            "env": env_token,
            "workflow": dict(frame.workflow),
            "execution": dict(frame.execution),
            "prev": None,
            "runIndex": frame.run_index,
            "contexts": frame.contexts,
            "vars": {},
        }
        self._tokens = tokens
        if frame.timezone not in self._zones:
            self._load("zone", frame.timezone)
        self._api["retain"](json.dumps(list(tokens)))
        self._api["setFrame"](json.dumps(data, default=str))
        self._frame_key = key

    def _load(self, kind: str, key: str) -> None:
        if kind == "zone":
            self._zones.add(key)
            self._api["loadZone"](key, json.dumps(zone_table(key)))
        elif kind == "data":
            value = self._tokens.get(key)
            if isinstance(value, Mapping):
                text = json.dumps(dict(value), default=str)
            else:
                text = json.dumps(
                    [
                        {"json": item.get("json", {}), "pairedItem": item.get("pairedItem")}
                        for item in value or []
                    ],
                    default=str,
                )
            self._api["loadData"](key, text)
        else:
            raise JsError(f"unknown data asked for: {kind}")


@cache
def _script(name: str) -> str:
    text = resources.files("kflow.host.expressions").joinpath("js", name).read_text("utf-8")
    if name == "luxon.min.js":
        # Declared with `var`, Luxon would be a global that expressions could reconfigure.
        return f"__kflow.luxon = (function () {{\n{text}\nreturn luxon;\n}})();"
    return text


def _decode(result: dict[str, Any]) -> tuple[bool, Any] | JsError:
    if "e" in result:
        return JsError(result["e"])
    if "t" in result:
        return True, result["t"]
    if "f" in result:
        return True, float(result["f"])
    return ("u" not in result), result.get("v")


def _message(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
