"""writeFile: writes the items' json to a JSON, JSONL or CSV file and passes the items on;
exported to n8n as Convert to File plus Read/Write Files. CSV rows are the items as a
table shows them (host/tabular.py: dotted columns, an API envelope as its data)."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from kflow.host import (
    ConfigError,
    Item,
    NodeOperationError,
    NodeRun,
    NodeTraits,
    OutsideFiles,
    csv_columns,
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
        "Write the items to a JSON, JSONL or CSV file; the items pass through. A CSV "
        "row has a column per field (nested fields as a.b; an API answer's envelope as its "
        "data's fields)",
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
                "description": "Whether to add to the file (JSONL and CSV) instead of "
                "replacing it; CSV rows follow the columns of the file's header",
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
        records = [item["json"] for item in run.items]
        text = write_records(records, fmt)
        wants_append = bool(params.get("append")) or run.run_settings.append_files
        try:
            if wants_append and fmt != "json":
                rows = text
                if fmt == "csv":
                    rows = _csv_rows(run.name, path, target, records)
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


def _csv_rows(node: str, path: str, target: Path, records: list[Any]) -> str:
    """The CSV lines appended to `target`: under the header the file already has (rows
    follow its columns; columns it lacks are left out), else under their own.

    Raises:
        NodeOperationError: The file's header shares no column with the items.
    """
    header = _header(node, path, target)
    ours = csv_columns(records)
    if header is None:
        return write_records(records, "csv", columns=ours)
    if records and header != ours and not set(ours) & set(header):
        raise NodeOperationError(
            node,
            f"{path} has the columns {', '.join(header)}, and the items have none of "
            f"them ({', '.join(ours)}): append to a CSV file of the same kind, or write a "
            "new file",
            parameter="Path",
        )
    return write_records(records, "csv", columns=header)


def _header(node: str, path: str, target: Path) -> list[str] | None:
    """The columns in the first line of the CSV file `target` (a spreadsheet's byte order
    mark aside); None when there is no such file, or it is empty.

    Raises:
        NodeOperationError: A file that is not UTF-8 text.
    """
    try:
        with target.open(encoding="utf-8-sig", newline="") as existing:
            first = next(csv.reader(existing), None)
    except FileNotFoundError:
        return None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise NodeOperationError(
            node,
            f"{path} cannot be appended to: its first line is not UTF-8 CSV ({exc})",
            parameter="Path",
        ) from None
    return first or None


def _writes_json(parameters: object) -> bool:
    """Whether the node writes one JSON document (which cannot grow window by window)."""
    if not isinstance(parameters, dict):
        return False
    fmt = str(parameters.get("format", "auto"))
    return fmt == "json" or (fmt == "auto" and str(parameters.get("path", "")).endswith(".json"))
