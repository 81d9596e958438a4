"""readWriteFile (n8n's Read/Write Files from Disk, versions 1 and 1.1).

Read: every file a path or glob pattern matches becomes an item carrying it as binary
data (sorted by path); version 1.1 fails when nothing matches, version 1 gives no item.
Write: an item's binary file is written (or appended) to a path, and the item passes on
with `fileName` set. Every path goes through the run's files area: under a files folder
(`--files-dir`, always under `kflow serve`) nothing outside it is read or written.
"""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits, OutsideFiles
from kflow.nodes.core.base import describe
from kflow.nodes.core.file_append import Append
from kflow.nodes.core.file_binary import binary_entry, entry_bytes
from kflow.nodes.core.file_properties import field, option, shown

__all__ = ["READ_WRITE_FILE", "ReadWriteFileNode"]

_BRACKETS = "[]()"


def _read_properties() -> list[dict[str, Any]]:
    return shown(
        {"operation": ["read"]},
        [
            field(
                "fileSelector",
                "File(s) Selector",
                "",
                "A file's path or a pattern matching several (`*`, `?`, `**`); forward "
                "slashes as separators",
                required=True,
            ),
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [
                    option("fileExtension", "File Extension", "string", "", "Extension to set"),
                    option("fileName", "File Name", "string", "", "Name of the file to set"),
                    option("mimeType", "Mime Type", "string", "", "MIME type to set"),
                    option(
                        "dataPropertyName",
                        "Put Output File in Field",
                        "string",
                        "data",
                        "The output binary field to put the file in",
                    ),
                    option(
                        "literalBrackets",
                        "Treat Brackets and Parentheses as Literal",
                        "boolean",
                        True,
                        "Whether [ ] and ( ) match themselves instead of being pattern syntax",
                    ),
                ],
            },
        ],
    )


def _write_properties() -> list[dict[str, Any]]:
    return shown(
        {"operation": ["write"]},
        [
            field(
                "fileName",
                "File Path and Name",
                "",
                "Path and name of the file to write, extension included",
                required=True,
            ),
            field(
                "dataPropertyName",
                "Input Binary Field",
                "data",
                "The input binary field holding the file to write",
                required=True,
            ),
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [
                    option(
                        "append",
                        "Append",
                        "boolean",
                        False,
                        "Whether to add to the end of an existing file instead of replacing it",
                    )
                ],
            },
        ],
    )


class ReadWriteFileNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.readWriteFile",))
    description = describe(
        "readWriteFile",
        "Read/Write Files from Disk",
        "Read or write files in the run's files folder",
        [
            {
                "displayName": "Operation",
                "name": "operation",
                "type": "options",
                "noDataExpression": True,
                "default": "read",
                "description": "Read files, or write one",
                "options": [
                    {
                        "name": "Read File(s) From Disk",
                        "value": "read",
                        "action": "Read File(s) From Disk",
                        "description": "Read one or more files",
                    },
                    {
                        "name": "Write File to Disk",
                        "value": "write",
                        "action": "Write File to Disk",
                        "description": "Write an item's binary file",
                    },
                ],
            },
            *_read_properties(),
            *_write_properties(),
        ],
        version=[1, 1.1],
        defaultVersion=1.1,
        group=["input"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        if run.parameters.get("operation", "read") == "write":
            written: list[Item] = []
            for index, item in enumerate(run.items):
                try:
                    written.append(await _write(run, index, item))
                except NodeOperationError as error:
                    failed = run.item_failed(index, _numbered(error, index))
                    if failed is not None:
                        written.append(failed)
            return [written]
        output: list[Item] = []
        for index in range(len(run.items)):
            try:
                output.extend(_read(run, index))
            except NodeOperationError as error:
                failed = run.item_failed(index, error)
                if failed is not None:
                    output.append(failed)
        return [output]


def _pattern(selector: str, literal: bool) -> str:
    """The selector as a Python glob pattern ([ and ( literal when asked)."""
    if not literal:
        return selector
    out = []
    for char in selector.replace("\\(", "(").replace("\\)", ")"):
        out.append(f"[{char}]" if char in "[]" else char)
    return "".join(out)


def _read(run: NodeRun, index: int) -> list[Item]:
    params = run.params(index)
    selector = str(params.get("fileSelector") or "")
    options = params.get("options") or {}
    prop = str(options.get("dataPropertyName") or "data")
    if not selector:
        raise NodeOperationError(
            run.name, "File(s) Selector is required", item_index=index, parameter="File(s) Selector"
        )
    files = run.files
    try:
        paths = files.glob(_pattern(selector, options.get("literalBrackets", True) is not False))
    except OutsideFiles as error:
        raise NodeOperationError(
            run.name, str(error), item_index=index, parameter="File(s) Selector"
        ) from None
    if not paths and run.version > 1:
        raise NodeOperationError(
            run.name,
            "No file(s) found",
            item_index=index,
            parameter="File(s) Selector",
            description=f'No file matching the selector "{selector}" found',
        )
    items = []
    for path in paths:
        try:
            data = files.read_bytes(path)
        except OSError as error:
            raise NodeOperationError(
                run.name, f"{path}: {error.strerror or error}", item_index=index
            ) from None
        entry = run.binary.prepare(data, file_name=str(path))
        for key in ("fileName", "fileExtension", "mimeType"):
            if key in options:
                entry[key] = options[key]
        json = {
            key: entry[key]
            for key in ("mimeType", "fileType", "fileName", "fileExtension", "fileSize")
            if key in entry
        }
        items.append({"json": json, "binary": {prop: entry}, "pairedItem": {"item": index}})
    return items


def _numbered(error: NodeOperationError, index: int) -> NodeOperationError:
    if error.item_index is None:
        error.item_index = index
        error.args = (error.render(),)
    return error


async def _write(run: NodeRun, index: int, item: Item) -> Item:
    """Writes (or appends) the item's file; an append happens once per execution."""
    params = run.params(index)
    prop = str(params.get("dataPropertyName") or "")
    name = str(params.get("fileName") or "")
    append = bool((params.get("options") or {}).get("append"))
    entry = binary_entry(run, item, index, prop, "Input Binary Field")
    data = entry_bytes(run, entry, index, "Input Binary Field")
    files = run.files
    try:
        target = files.resolve(name)
        if not target.parent.is_dir():
            raise FileNotFoundError(2, "The file or directory does not exist")
        if append:
            await run.once(f"append:{index}:{target}", Append(files, target, data))
        else:
            files.write_bytes(target, data)
    except OutsideFiles as error:
        raise NodeOperationError(
            run.name, str(error), item_index=index, parameter="File Path and Name"
        ) from None
    except OSError as error:
        raise NodeOperationError(
            run.name,
            f"{name}: {error.strerror or error}",
            item_index=index,
            parameter="File Path and Name",
        ) from None
    new: Item = {"json": {**item["json"], "fileName": name}, "pairedItem": {"item": index}}
    if item.get("binary") is not None:
        new["binary"] = dict(item["binary"])
    return new


READ_WRITE_FILE = ReadWriteFileNode()
