"""code: runs the flow author's JavaScript over the items (n8n's Code node, versions 1 and 2).

Two modes: "Run Once for All Items" (the code reads `items` / `$input.all()` and returns the
output items) and "Run Once for Each Item" (the code reads `$json` / `$input.item` and
returns one item, or nothing). The code runs in the run's QuickJS sandbox with n8n's Code
node variables ($input, $json, items, item, $('Node'), $itemIndex, $now, $today, DateTime,
Duration, Interval, $jmespath, …), under a time limit per run (per item in each-item mode)
and the run's memory limit; see kflow.host.run_code.

console.log output never reaches the items: each line is written to stderr as
`[<node name>] <text>` (other levels: `[<node name>] warn: <text>`), in the order logged.

Python (language `python` or `pythonNative`) is refused by name: kflow runs JavaScript only.
Like n8n, each-item code may not call $input.first(), last(), all() or itemMatching().
"""

from __future__ import annotations

import sys
from typing import Any

from kflow.host import (
    CodeFailure,
    CodeLimits,
    Item,
    NodeOperationError,
    NodeRun,
    NodeTraits,
    run_code,
)
from kflow.nodes.core.base import describe

__all__ = ["CODE", "CodeNode"]

ALL_ITEMS = "runOnceForAllItems"
EACH_ITEM = "runOnceForEachItem"
PYTHON = ("python", "pythonNative")

_CODE_HELP = (
    "JavaScript code to run. All items: read `items` or `$input.all()` and return an array "
    "of items ({json: {...}} or plain objects). Each item: read `$json` or `$input.item` and "
    "return one object, or null for no item. Luxon's DateTime, $now, $today and $jmespath "
    "are available; console.log lines go to stderr."
)


def _streams(parameters: Any) -> bool:
    return parameters.get("mode") == EACH_ITEM


class CodeNode:
    """n8n's Code node. `limits`: time per run (per item in each-item mode) and log lines."""

    limits = CodeLimits()
    traits = NodeTraits(n8n_types=("n8n-nodes-base.code",), streams=_streams)
    description = describe(
        "code",
        "Code",
        "Run custom JavaScript code",
        [
            {
                "displayName": "Mode",
                "name": "mode",
                "type": "options",
                "noDataExpression": True,
                "options": [
                    {
                        "name": "Run Once for All Items",
                        "value": ALL_ITEMS,
                        "description": "Run this code only once, no matter how many input "
                        "items there are",
                    },
                    {
                        "name": "Run Once for Each Item",
                        "value": EACH_ITEM,
                        "description": "Run this code as many times as there are input items",
                    },
                ],
                "default": ALL_ITEMS,
                "description": "Whether the code runs once for all items or once per item",
            },
            {
                "displayName": "Language",
                "name": "language",
                "type": "options",
                "noDataExpression": True,
                "displayOptions": {"show": {"@version": [2]}},
                "options": [
                    {"name": "JavaScript", "value": "javaScript"},
                    {
                        "name": "Python",
                        "value": "pythonNative",
                        "description": "Not run by kflow (refused with an error)",
                    },
                    {
                        "name": "Python (Legacy)",
                        "value": "python",
                        "description": "Not run by kflow (refused with an error)",
                    },
                ],
                "default": "javaScript",
                "description": "The language of the code; kflow runs JavaScript only",
            },
            {
                "displayName": "Language",
                "name": "language",
                "type": "hidden",
                "displayOptions": {"show": {"@version": [1]}},
                "default": "javaScript",
                "description": "Version 1 always runs JavaScript",
            },
            {
                "displayName": "JavaScript",
                "name": "jsCode",
                "type": "string",
                "typeOptions": {"editor": "codeNodeEditor", "editorLanguage": "javaScript"},
                "noDataExpression": True,
                "displayOptions": {"show": {"language": ["javaScript"]}},
                "default": "",
                "description": _CODE_HELP,
            },
            {
                "displayName": "Python",
                "name": "pythonCode",
                "type": "string",
                "typeOptions": {"editor": "codeNodeEditor", "editorLanguage": "python"},
                "noDataExpression": True,
                "displayOptions": {"show": {"language": list(PYTHON)}},
                "default": "",
                "description": "Python code, as n8n stores it; kflow does not run Python",
            },
        ],
        version=[1, 2],
        defaultVersion=2,
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        parameters = run.parameters
        language = parameters.get("language", "javaScript") if run.version >= 2 else "javaScript"
        if language in PYTHON:
            raise NodeOperationError(
                run.name,
                f"this Code node is written in Python ({language}); kflow runs JavaScript "
                "only: rewrite the code in JavaScript",
                parameter="Language",
            )
        mode = parameters.get("mode", ALL_ITEMS)
        continuing = run.settings.on_error != "stopWorkflow"
        try:
            result = await run_code(
                run,
                str(parameters.get("jsCode") or ""),
                mode,
                continue_on_fail=continuing,
                limits=self.limits,
            )
        except CodeFailure as failure:
            _write_logs(run.name, failure.logs)
            raise _node_error(run, failure) from None
        _write_logs(run.name, result.logs)
        output: list[Item] = []
        for entry in result.items:
            if not isinstance(entry, CodeFailure):
                output.append(entry)
                continue
            error = _node_error(run, entry, text=_item_text(entry))
            if entry.item_index is not None:
                kept = run.item_failed(entry.item_index, error)
                if kept is not None:
                    output.append(kept)
                continue
            # All-items code that failed: one item, paired to none (n8n's shape).
            failed: Item = {"json": {"error": error.message}}
            if run.settings.on_error == "continueErrorOutput":
                run.error_items.append(failed)
            else:
                output.append(failed)
        return [output]


def _item_text(failure: CodeFailure) -> str:
    """A failure as n8n writes it into an item: an Error's message without its name."""
    text = failure.text
    return text[len("Error: ") :] if text.startswith("Error: ") else text


def _node_error(run: NodeRun, failure: CodeFailure, text: str | None = None) -> NodeOperationError:
    return NodeOperationError(
        run.name,
        failure.text if text is None else text,
        description=failure.hint,
        item_index=failure.item_index,
        parameter="JavaScript",
    )


def _write_logs(node: str, logs: list[tuple[str, str]]) -> None:
    for level, text in logs:
        prefix = f"[{node}] " if level == "log" else f"[{node}] {level}: "
        sys.stderr.write(prefix + text + "\n")


CODE = CodeNode()
