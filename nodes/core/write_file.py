"""writeFile: writes the items' json to a JSON, JSONL or CSV file and passes the items on;
exported to n8n as Convert to File plus Read/Write Files."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from kflow.host import (
    ConfigError,
    Item,
    NodeOperationError,
    NodeRun,
    NodeTraits,
    OutsideFiles,
    file_format,
    write_records,
)
from kflow.nodes.core.base import describe
from kflow.nodes.core.file_append import Append

__all__ = ["WriteFileNode", "n8n_chain"]


def n8n_chain(parameters: Mapping[str, Any]) -> list[dict[str, Any]]:
    """writeFile in n8n: Convert to File (JSON array or CSV), then Read/Write Files.

    Raises:
        ConfigError: JSON Lines or appending, which n8n's file nodes cannot do (n8n has no
            JSON Lines file, and appending CSV files would repeat the header).
    """
    path = str(parameters.get("path") or "")
    try:
        fmt = file_format(path.lstrip("="), str(parameters.get("format", "auto")))
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if fmt == "jsonl" or parameters.get("append"):
        raise ConfigError(
            "n8n's file nodes write no JSON Lines file and cannot append one CSV; export "
            "with format json or csv and append off, or use Convert to File and Read/Write "
            "Files in the flow"
        )
    name = PurePosixPath(path).name if not path.startswith("=") else ""
    convert = (
        {"operation": "toJson", "mode": "once", "options": {"fileName": name}}
        if fmt == "json"
        else {"operation": "csv", "options": {"fileName": name}}
    )
    if not name:
        convert["options"] = {}
    return [
        {"type": "n8n-nodes-base.convertToFile", "typeVersion": 1.1, "parameters": convert},
        {
            "step": "write",
            "type": "n8n-nodes-base.readWriteFile",
            "typeVersion": 1.1,
            "parameters": {"operation": "write", "fileName": path, "options": {}},
        },
    ]


class WriteFileNode:
    traits = NodeTraits(
        streams=lambda parameters: not _writes_json(parameters), n8n_chain=n8n_chain
    )
    description = describe(
        "writeFile",
        "Write File",
        "Write the items to a JSON, JSONL or CSV file; the items pass through",
        [
            {
                "displayName": "Path",
                "name": "path",
                "type": "string",
                "default": "",
                "required": True,
                "description": "Relative to the flow file (to the files folder under kflow "
                "serve, which it cannot leave); may use expressions",
            },
            {
                "displayName": "Format",
                "name": "format",
                "type": "options",
                "default": "auto",
                "options": [{"name": n, "value": n} for n in ("auto", "json", "jsonl", "csv")],
            },
            {
                "displayName": "Append",
                "name": "append",
                "type": "boolean",
                "default": False,
                "description": "Whether to add to the file (JSONL and CSV) instead of replacing it",
            },
        ],
        group=["output"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        params = run.params(0)
        path = str(params.get("path") or "")
        if not path:
            raise NodeOperationError(run.name, "is required", parameter="Path")
        try:
            fmt = file_format(path, params.get("format", "auto"))
        except ValueError as exc:
            raise NodeOperationError(run.name, str(exc), parameter="Format") from None
        files = run.files
        try:
            target = files.resolve(path)
        except OutsideFiles as exc:
            raise NodeOperationError(run.name, str(exc), parameter="Path") from None
        text = write_records([item["json"] for item in run.items], fmt)
        wants_append = bool(params.get("append")) or run.run_settings.append_files
        try:
            if wants_append and fmt != "json":
                rows = text.split("\n", 1)[1] if fmt == "csv" and "\n" in text else text
                # Appending twice doubles the lines: under serve, once per execution.
                await run.once(
                    f"append:{target}",
                    Append(files, target, rows.encode(), first=text.encode()),
                )
            else:
                files.write_text(target, text)
        except OutsideFiles as exc:
            raise NodeOperationError(run.name, str(exc), parameter="Path") from None
        except OSError as exc:
            raise NodeOperationError(
                run.name, f"{path}: {exc.strerror or exc}", parameter="Path"
            ) from None
        return [
            [{"json": item["json"], "pairedItem": {"item": i}} for i, item in enumerate(run.items)]
        ]


def _writes_json(parameters: object) -> bool:
    """Whether the node writes one JSON document (which cannot grow window by window)."""
    if not isinstance(parameters, dict):
        return False
    fmt = str(parameters.get("format", "auto"))
    return fmt == "json" or (fmt == "auto" and str(parameters.get("path", "")).endswith(".json"))
