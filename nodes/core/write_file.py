"""writeFile: writes the items' json to a JSON, JSONL or CSV file and passes the items on."""

from __future__ import annotations

from pathlib import Path

from kflow.host.engine.context import NodeRun
from kflow.host.errors import NodeOperationError
from kflow.host.items import Item
from kflow.host.node import NodeTraits
from kflow.host.records import file_format, write_records
from kflow.nodes.core.base import describe

__all__ = ["WriteFileNode"]


class WriteFileNode:
    traits = NodeTraits(streams=lambda parameters: not _writes_json(parameters))
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
                "description": "Relative to the flow file; may use expressions",
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
        target = run.base_dir / Path(path)
        text = write_records([item["json"] for item in run.items], fmt)
        wants_append = bool(params.get("append")) or run.run_settings.append_files
        append = wants_append and fmt != "json" and target.exists()
        if append and fmt == "csv":
            text = text.split("\n", 1)[1] if "\n" in text else ""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("a" if append else "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as exc:
            raise NodeOperationError(
                run.name, f"{target}: {exc.strerror}", parameter="Path"
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
