"""input: the flow's items, written inline or read from a JSON, JSONL or CSV file, or stdin."""

from __future__ import annotations

import sys
from typing import Any

from kflow.host import (
    Item,
    NodeOperationError,
    NodeRun,
    NodeTraits,
    OutsideFiles,
    file_format,
    items_from_json,
    read_records,
)
from kflow.nodes.core.base import describe

__all__ = ["InputNode"]


class InputNode:
    """Starts a flow with items. `kflow run --input FILE` replaces them."""

    traits = NodeTraits(
        n8n_types=("n8n-nodes-base.manualTrigger", "n8n-nodes-base.start"),
        streams=True,
        takes_run_input=True,
    )
    description = describe(
        "input",
        "Input",
        "Items written in the flow, or read from a file or stdin",
        [
            {
                "displayName": "Source",
                "name": "source",
                "type": "options",
                "default": "inline",
                "options": [
                    {"name": "Inline items", "value": "inline"},
                    {"name": "File", "value": "file"},
                    {"name": "Standard input", "value": "stdin"},
                ],
            },
            {
                "displayName": "Items",
                "name": "items",
                "type": "json",
                "default": [{}],
                "displayOptions": {"show": {"source": ["inline"]}},
                "description": "A list of objects",
            },
            {
                "displayName": "Path",
                "name": "path",
                "type": "string",
                "default": "",
                "displayOptions": {"show": {"source": ["file"]}},
                "description": "Relative to the flow file",
            },
            {
                "displayName": "Format",
                "name": "format",
                "type": "options",
                "default": "auto",
                "displayOptions": {"hide": {"source": ["inline"]}},
                "options": [{"name": n, "value": n} for n in ("auto", "json", "jsonl", "csv")],
            },
            {
                "displayName": "CSV Delimiter",
                "name": "delimiter",
                "type": "options",
                "default": "auto",
                "displayOptions": {"hide": {"source": ["inline"], "format": ["json", "jsonl"]}},
                "options": [
                    {"name": "Found from the header row", "value": "auto"},
                    {"name": "Comma (,)", "value": "comma"},
                    {"name": "Semicolon (;)", "value": "semicolon"},
                    {"name": "Tab", "value": "tab"},
                ],
                "description": "What separates a CSV file's columns",
            },
            {
                "displayName": "Encoding",
                "name": "encoding",
                "type": "options",
                "default": "auto",
                "displayOptions": {"show": {"source": ["file"]}},
                "options": [
                    {"name": "UTF-8, else Windows-1251 (warned)", "value": "auto"},
                    {"name": "UTF-8", "value": "utf-8"},
                    {"name": "Windows-1251 (Excel, Russian)", "value": "cp1251"},
                ],
                "description": "The file's text encoding",
            },
        ],
        inputs=[],
        group=["input"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        if run.given_items is not None:
            return [run.given_items]
        params = run.params(0)
        source = params["source"]
        if source == "inline":
            records = params["items"]
            if isinstance(records, str):
                records = _json_list(run, records)
            if not isinstance(records, list):
                raise self._error(run, "Items", "must be a list of objects")
        else:
            records = self._read(run, params, source)
        try:
            return [items_from_json(records)]
        except ValueError as exc:
            raise self._error(run, "Items", str(exc)) from None

    def _read(self, run: NodeRun, params: dict[str, Any], source: str) -> list[Any]:
        path = str(params.get("path") or "")
        fmt = params.get("format", "auto")
        text: str | bytes
        if source == "stdin":
            text, where = sys.stdin.read(), "stdin"
            fmt = "jsonl" if fmt == "auto" else fmt
        else:
            if not path:
                raise self._error(run, "Path", "is required to read a file")
            files = run.files
            try:
                target = files.resolve(path)
                text, where = files.read_bytes(target), str(target)
            except OutsideFiles as exc:
                raise self._error(run, "Path", str(exc)) from None
            except OSError as exc:
                raise self._error(run, "Path", f"{path}: {exc.strerror}") from None
        try:
            return read_records(
                text,
                file_format(path or "stdin.jsonl", fmt),
                where,
                delimiter=str(params.get("delimiter", "auto")),
                encoding=str(params.get("encoding", "auto")),
            )
        except ValueError as exc:
            raise self._error(run, "Path", str(exc)) from None

    @staticmethod
    def _error(run: NodeRun, parameter: str, cause: str) -> NodeOperationError:
        return NodeOperationError(
            run.name, cause, parameter=parameter, parameter_name=parameter.lower()
        )


def _json_list(run: NodeRun, text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise NodeOperationError(
            run.name,
            f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            parameter="Items",
        ) from None
