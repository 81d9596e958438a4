"""Running an item node over a large JSONL input in flat memory.

Items are read lazily and handled in windows: each window is prepared (validated), sent
with bounded concurrency, and its outputs are written, in input order, before the next
window is read. Memory holds one window, whatever the input's size.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kflow.host.errors import ConfigError, NodeError
from kflow.host.expressions import Evaluator
from kflow.host.items import Item, is_failure, make_item
from kflow.host.node import ItemNode
from kflow.host.redaction import Redactor
from kflow.host.runner import execute_items
from kflow.host.settings import NodeSettings, RunSettings, http_client

__all__ = ["DEFAULT_WINDOW", "ItemWriter", "StreamResult", "iter_jsonl", "stream_node"]

DEFAULT_WINDOW = 1000


@dataclass
class StreamResult:
    """How many items went in and came out, and how many failed."""

    items_in: int = 0
    items_out: int = 0
    failed: int = 0


class ItemWriter:
    """Writes output items as they come, redacted: one JSON array, or one object per line.

    Counts what it wrote and how many of those record a failure.
    """

    def __init__(self, out: IO[str], fmt: str, redactor: Redactor) -> None:
        self.out = out
        self.fmt = fmt
        self.redactor = redactor
        self.written = 0
        self.failed = 0

    def write(self, items: list[Item]) -> None:
        for item in items:
            data = item["json"]
            self.failed += is_failure(data)
            text = self.redactor.json_text(data)
            if self.fmt == "json":
                self.out.write(("[\n  " if not self.written else ",\n  ") + text)
            else:
                self.out.write(text + "\n")
            self.written += 1
        self.out.flush()

    def close(self) -> None:
        """Ends the JSON array (nothing to do for JSONL)."""
        if self.fmt == "json":
            self.out.write("\n]\n" if self.written else "[]\n")


def iter_jsonl(path: str) -> Iterator[Item]:
    """Items from a JSONL file (or `-` for stdin), one line at a time.

    Raises:
        ConfigError: A line that is not a JSON object; names the line.
    """
    handle: IO[str] = sys.stdin if path == "-" else Path(path).open(encoding="utf-8")  # noqa: SIM115
    try:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(
                    f"items file {path}, line {number}: not valid JSON: {exc.msg} "
                    f"at column {exc.colno}"
                ) from None
            if not isinstance(value, dict):
                raise ConfigError(f"items file {path}, line {number}: not a JSON object")
            yield make_item(value)
    except OSError as exc:
        raise ConfigError(f"items file {path}: {exc.strerror}") from None
    finally:
        if handle is not sys.stdin:
            handle.close()


async def stream_node(
    node: ItemNode,
    items: Iterator[Item],
    parameters: Mapping[str, Any],
    out: IO[str],
    *,
    fmt: str,
    node_name: str,
    credentials: Mapping[str, Mapping[str, Any]],
    redactor: Redactor,
    settings: RunSettings,
    node_settings: NodeSettings,
    window: int = DEFAULT_WINDOW,
) -> StreamResult:
    """Runs `node` over `items` window by window, writing outputs as each window completes.

    Each window is validated before any of its requests is sent; a bad item in a later
    window stops the run after the earlier windows were sent (the error says how many).

    Raises:
        NodeError: An item failed and the node does not continue on fail.
    """
    result = StreamResult()
    writer = ItemWriter(out, fmt, redactor)
    evaluator = Evaluator(allow_env=settings.allow_env)
    async with http_client(settings) as http:
        for batch in _windows(items, window):
            offset = result.items_in
            result.items_in += len(batch)
            try:
                main, errors = await execute_items(
                    node,
                    batch,
                    parameters,
                    node_name=node_name,
                    credentials=credentials,
                    redactor=redactor,
                    settings=settings,
                    node_settings=node_settings,
                    http=http,
                    evaluator=evaluator,
                    item_offset=offset,
                )
            except NodeError as error:
                if error.item_index is not None:
                    error.item_index += offset
                    error.args = (error.render(),)
                if offset:
                    error.description = f"{offset} earlier items were already sent" + (
                        f"; {error.description}" if error.description else ""
                    )
                    error.args = (error.render(),)
                raise
            writer.write(main + errors)
    writer.close()
    result.items_out, result.failed = writer.written, writer.failed
    return result


def _windows(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
