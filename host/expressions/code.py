"""Runs a Code node's JavaScript for a node run, in the run's QuickJS engine (js/code.js).

Two modes, as n8n's Code node has them: once for all items (the code sees `items` and
returns the output items) and once for each item (the code sees `item` / `$json` and returns
one output item, or nothing). What the code returns is normalised and checked by n8n's
rules: an array of `{json}` items or of plain objects, a single object, `null` for no items.

Limits: the engine's memory limit holds for the whole run. Time: all-items code gets
`CodeLimits.seconds` in all; each-item code gets it per item, and runs in slices of about
`slice_seconds`, after each of which the event loop gets control back. An engine call never
runs longer than the limit (QuickJS interrupts it), so a loop that never ends fails with
a clear error instead of hanging the run.

`console.log` (and info, warn, error, debug) lines are collected, never mixed into items:
the result's `logs`, for the node to show.

A name the code assigns without declaring it (`x = 5`) lives as long as n8n's per-run context:
one run of all-items code, or one chunk of 1000 items of each-item code; expressions and
other runs never see it, and the shared global object stays frozen (js/code.js).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import count
from typing import TYPE_CHECKING, Any

from kflow.host.expressions.engine import CodeInterrupted, Frame, JsError, JsSyntaxError
from kflow.host.items import Item

if TYPE_CHECKING:
    from kflow.host.node_run import NodeRun

__all__ = ["ALL_ITEMS", "EACH_ITEM", "CodeFailure", "CodeLimits", "CodeResult", "run_code"]

ALL_ITEMS = "runOnceForAllItems"
EACH_ITEM = "runOnceForEachItem"
_RESERVED = ("json", "binary", "pairedItem", "error", "index")
_NODE_REACH = re.compile(r"\$\s*\(|\$node\b|\$items\b")
_ALL_ONLY = re.compile(r"\$input\.(first|last|all|itemMatching)")
_CHUNK = 1000  # items per each-item context, as n8n chunks them
_RUNS = count(1)


@dataclass(frozen=True)
class CodeLimits:
    """How long Code node JavaScript may run, and how much it may log.

    Attributes:
        seconds: Time for all-items code in all, or for each item of each-item code.
        slice_seconds: Each-item code hands the event loop back after about this long.
        max_log_lines: console lines kept per node run (later ones are dropped).
    """

    seconds: float = 30.0
    slice_seconds: float = 0.05
    max_log_lines: int = 1000


class CodeFailure(Exception):
    """The code threw, ran too long, or returned something that is not items.

    Attributes:
        message: What went wrong (the JavaScript error's name and message, or the check).
        item_index: The input item being run (each-item mode), or None.
        line: The line of the code that threw, when known.
        hint: How to fix it, when there is more to say.
        logs: console lines logged before the failure, as (level, text).
    """

    def __init__(
        self,
        message: str,
        *,
        item_index: int | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.item_index = item_index
        self.line = line
        self.hint = hint
        self.logs: list[tuple[str, str]] = []
        super().__init__(self.text)

    @property
    def text(self) -> str:
        """The message with its line, as one line."""
        return f"{self.message} [line {self.line}]" if self.line else self.message


@dataclass
class CodeResult:
    """What the code made.

    Attributes:
        items: Output items (json, pairedItem, binary); with continue_on_fail, a
            CodeFailure in place of each failed input item (each-item mode) or of all.
        logs: console lines, as (level, text).
    """

    items: list[Item | CodeFailure] = field(default_factory=list)
    logs: list[tuple[str, str]] = field(default_factory=list)


async def run_code(
    run: NodeRun,
    source: str,
    mode: str,
    *,
    continue_on_fail: bool = False,
    limits: CodeLimits | None = None,
) -> CodeResult:
    """Runs `source` over the node run's first input, in `mode` (ALL_ITEMS or EACH_ITEM).

    Raises:
        CodeFailure: The code failed (unless continue_on_fail).
    """
    limits = limits or CodeLimits()
    if mode not in (ALL_ITEMS, EACH_ITEM):
        raise CodeFailure(f"unknown mode {mode!r}: use {ALL_ITEMS!r} or {EACH_ITEM!r}")
    if not source.strip():
        raise CodeFailure("there is no JavaScript code to run")
    runner = _Runner(run, source, mode, limits)
    try:
        if mode == EACH_ITEM:
            _refuse_all_items_methods(source)
            await runner.each(continue_on_fail)
        else:
            runner.all()
    except CodeFailure as failure:
        if not continue_on_fail:
            failure.logs = runner.result.logs
            raise
        runner.result.items = [failure]
    return runner.result


def _refuse_all_items_methods(source: str) -> None:
    """n8n refuses $input.first() / last() / all() / itemMatching() in each-item code."""
    found = _ALL_ONLY.search(source)
    if found is None:
        return
    method = found.group(1)
    for number, line in enumerate(source.split("\n"), 1):
        text = line.lstrip()
        if method in text and not text.startswith(("//", "/*", "*")):
            raise CodeFailure(
                f"Can't use $input.{method}() here",
                line=number,
                hint="it is only available in 'Run Once for All Items' mode",
            )


class _Runner:
    def __init__(self, run: NodeRun, source: str, mode: str, limits: CodeLimits) -> None:
        self.run = run
        self.source = source
        self.mode = mode
        self.limits = limits
        self.items = run.items
        self.result = CodeResult()
        self.reaches = _NODE_REACH.search(source) is not None
        self.serial = next(_RUNS)
        scope = run.scope(0)
        self.frame = Frame(
            node=run.name,
            items=self.items,
            outputs=run.outputs,
            now_ms=int(run.now.timestamp() * 1000),
            timezone=run.run_settings.timezone,
            env=scope.env if run.evaluator.allow_env and scope.env is not None else None,
            workflow=run.workflow,
            execution=run.execution,
            run_index=run.run_index,
            contexts=scope.contexts,
        )

    def _call(self, offset: int, end: int, start: int, seconds: float) -> dict[str, Any]:
        chosen = self.items[offset:end]
        request = (
            f'{{"mode":{json.dumps(self.mode)},"offset":{offset},"start":{start},'
            f'"items":[{",".join(_item_text(item) for item in chosen)}],'
            f'"lineages":{_lineages(chosen) if self.reaches else "null"},'
            f'"budgetMs":{int(self.limits.slice_seconds * 1000)},'
            f'"runIndex":{self.run.run_index},"indexBase":{self.run.item_offset},'
            f'"parameters":{json.dumps(self.run.parameters, default=str)},'
            f'"maxLogs":{max(self.limits.max_log_lines - len(self.result.logs), 0)},'
            f'"scope":"{self.serial}:{offset // _CHUNK}"}}'
        )
        engine = self.run.evaluator.engine
        try:
            answer = engine.run_code(self.source, self.mode, request, self.frame, seconds)
        except JsSyntaxError as exc:
            message, line = _split_line(str(exc))
            raise CodeFailure(message, line=line) from None
        except CodeInterrupted as exc:
            self._keep_logs(exc.stopped.get("logs") or [])
            index = exc.stopped.get("next") if self.mode == EACH_ITEM else None
            raise CodeFailure(
                f"the code ran longer than {seconds:g} s and was stopped",
                item_index=index,
                hint="look for a loop that never ends",
            ) from None
        except JsError as exc:
            raise CodeFailure(str(exc)) from None
        self._keep_logs(answer.get("logs") or [])
        return answer

    def _keep_logs(self, logs: list[list[str]]) -> None:
        room = self.limits.max_log_lines - len(self.result.logs)
        self.result.logs += [(level, text) for level, text in logs[:room]]

    def all(self) -> None:
        answer = self._call(0, len(self.items), 0, self.limits.seconds)
        if answer.get("error"):
            raise _thrown(answer["error"], None)
        value = answer.get("value") or {"u": 1}
        self.result.items = list(_all_items(value.get("v"), "u" in value))

    async def each(self, continue_on_fail: bool) -> None:
        start = 0
        total = len(self.items)
        while start < total:
            end = min(start - start % _CHUNK + _CHUNK, total)
            try:
                answer = self._call(start, end, start, self.limits.seconds)
            except CodeFailure as failure:
                if not continue_on_fail or failure.item_index is None:
                    raise
                self.result.items.append(failure)
                start = failure.item_index + 1
                continue
            done_to = int(answer["next"])
            for offset, found in enumerate(answer.get("results") or []):
                index = start + offset
                try:
                    item = _each_item(found, index)
                except CodeFailure as failure:
                    if not continue_on_fail:
                        raise
                    self.result.items.append(failure)
                    continue
                if item is not None:
                    self.result.items.append(item)
            if answer.get("error"):
                index = int(answer["errorIndex"])
                failure = _thrown(answer["error"], index)
                if not continue_on_fail:
                    raise failure
                self.result.items.append(failure)
                done_to = index + 1
            start = max(done_to, start + 1)
            await asyncio.sleep(0)


def _item_text(item: Item) -> str:
    data: dict[str, Any] = {"json": item.get("json", {})}
    binary = item.get("binary")  # type: ignore[typeddict-item]
    if binary:
        data["binary"] = binary
    return json.dumps(data, default=str)


def _lineages(items: list[Item]) -> str:
    return json.dumps([item.get("lineage") for item in items], default=list)


def _split_line(text: str) -> tuple[str, int | None]:
    found = re.search(r" \[line (\d+)\]$", text)
    if found is None:
        return text, None
    return text[: found.start()], int(found.group(1))


def _thrown(error: Mapping[str, Any], index: int | None) -> CodeFailure:
    name = str(error.get("name") or "Error")
    message = str(error.get("message") or "")
    text = f"{name}: {message}" if message else name
    hint = None
    if message in ("items is not defined", "'items' is not defined"):
        hint = "`items` is only there in 'Run Once for All Items' mode: use $input.item here"
    elif message in ("item is not defined", "'item' is not defined"):
        hint = "`item` is only there in 'Run Once for Each Item' mode: use $input.all() here"
    return CodeFailure(text, item_index=index, line=error.get("line"), hint=hint)


def _is_object(value: Any) -> bool:
    return isinstance(value, dict)


def _truthy(value: Any) -> bool:
    """JavaScript's truthiness of a JSON value."""
    if isinstance(value, dict | list):
        return True
    return bool(value)


_RETURN_ITEMS = "return an array of objects, one for each item to output"


def _all_items(value: Any, undefined: bool) -> list[Item]:
    """All-items mode: what the code returned, as output items (n8n's normalisation)."""
    if undefined or not isinstance(value, dict | list):
        if value is None and not undefined:
            return []
        shown = "undefined" if undefined else type(value).__name__
        raise CodeFailure(
            f"Code doesn't return items properly ({_js_type(value, undefined)} returned)",
            hint=f"{_RETURN_ITEMS}; got {shown}",
        )
    if isinstance(value, dict):
        raw = [value] if _truthy(value.get("json")) else [{"json": value}]
    else:
        for entry in value:
            if not _is_object(entry):
                raise CodeFailure(
                    "Code doesn't return items properly (an array holding "
                    f"{_js_type(entry, False)} returned)",
                    hint=_RETURN_ITEMS,
                )
        if any(key in _RESERVED for entry in value for key in entry):
            for index, entry in enumerate(value):
                _check_top_level_keys(entry, index)
        raw = _normalise(value)
    items: list[Item] = []
    for index, entry in enumerate(raw):
        _check_item(entry, index)
        item: dict[str, Any] = {"json": entry["json"]}
        if entry.get("binary") is not None:
            item["binary"] = entry["binary"]
        if entry.get("pairedItem") is not None:
            item["pairedItem"] = entry["pairedItem"]
        items.append(item)  # type: ignore[arg-type]
    return items


def _normalise(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with_json = [("json" in entry) for entry in entries]
    if all(with_json):
        return entries
    if any(with_json):
        raise CodeFailure(
            "Inconsistent item format: some items have a `json` key and others do not",
            hint="return every item as {json: {...}}, or every item as a plain object",
        )
    with_binary = [("binary" in entry) for entry in entries]
    if all(with_binary):
        return [
            {"json": {k: v for k, v in entry.items() if k != "binary"}, "binary": entry["binary"]}
            for entry in entries
        ]
    if any(with_binary):
        raise CodeFailure(
            "Inconsistent item format: some items have a `binary` key and others do not",
            hint="return every item in the same shape",
        )
    return [{"json": entry} for entry in entries]


def _check_top_level_keys(entry: dict[str, Any], index: int) -> None:
    reserved = next((key for key in entry if key in _RESERVED), None)
    unknown = [key for key in entry if key not in _RESERVED]
    if not unknown:
        return
    if reserved is not None:
        raise CodeFailure(
            f"Output item {index} has the item key `{reserved}` next to other keys "
            f"({', '.join(unknown)})",
            hint="put the item's fields under `json`: {json: {...}}",
        )
    raise CodeFailure(
        f"Unknown top-level item key: {unknown[0]} (output item {index})",
        hint="put the item's fields under `json`: {json: {...}}",
    )


def _check_item(entry: dict[str, Any], index: int, item_index: int | None = None) -> None:
    where = f"output item {index}" if item_index is None else "the returned item"
    if not _is_object(entry.get("json")):
        raise CodeFailure(
            f"A 'json' property isn't an object ({where})",
            item_index=item_index,
            hint="every key named 'json' must point to an object",
        )
    binary = entry.get("binary")
    if binary is not None and not _is_object(binary):
        raise CodeFailure(
            f"A 'binary' property isn't an object ({where})",
            item_index=item_index,
            hint="every key named 'binary' must point to an object",
        )


def _each_item(found: Mapping[str, Any], index: int) -> Item | None:
    """Each-item mode: one call's answer as an output item, or None for no item."""
    if found.get("s"):
        return None
    entry: dict[str, Any] = {"json": found.get("j")}
    if found.get("u"):
        # n8n sends the item on as JSON, which drops an undefined `json`; what is left
        # ({pairedItem}) is then taken for the item's fields.
        entry["json"] = {"pairedItem": {"item": index}}
    if "b" in found:
        entry["binary"] = found["b"]
    _check_item(entry, 0, item_index=index)
    item: dict[str, Any] = {"json": entry["json"], "pairedItem": {"item": index}}
    if entry.get("binary") is not None:
        item["binary"] = entry["binary"]
    return item  # type: ignore[return-value]


def _js_type(value: Any, undefined: bool) -> str:
    if undefined:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
