"""Items in and out of a streamed run: JSONL read one line at a time, outputs written as
each window completes (engine/windowed.py runs the windows).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO

from kflow.host.errors import ConfigError
from kflow.host.items import Item, is_failure, make_item
from kflow.host.redaction import Redactor

__all__ = ["ItemWriter", "iter_jsonl"]

_decode = json.JSONDecoder().decode


class ItemWriter:
    """Writes output items as they come, redacted: one JSON array, or one object per line.

    Counts what it wrote and how many of those record a failure. Used as a context manager,
    it ends the document when the run ends, and when it fails after items were written, so
    that what was written stays valid JSON.
    """

    def __init__(self, out: IO[str], fmt: str, redactor: Redactor) -> None:
        self.out = out
        self.fmt = fmt
        self.redactor = redactor
        self.written = 0
        self.failed = 0

    def write(self, items: list[Item]) -> None:
        """Writes a window's items in one go (each encoded once), then flushes."""
        json_text = self.redactor.json_text
        texts: list[str] = []
        failed = 0
        try:
            for item in items:
                data = item["json"]
                failed += is_failure(data)
                texts.append(json_text(data))
        finally:  # what was encoded before an item that cannot be is written all the same
            self._put(texts, failed)

    def _put(self, texts: list[str], failed: int) -> None:
        if texts:
            if self.fmt == "json":
                lead = "[\n  " if not self.written else ",\n  "
                self.out.write(lead + ",\n  ".join(texts))
            else:
                self.out.write("\n".join(texts) + "\n")
            self.written += len(texts)
        self.failed += failed
        self.out.flush()

    def close(self) -> None:
        """Ends the JSON array (nothing to do for JSONL)."""
        if self.fmt == "json":
            self.out.write("\n]\n" if self.written else "[]\n")
        self.out.flush()

    def __enter__(self) -> ItemWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None or (self.written and not isinstance(exc, BrokenPipeError)):
            self.close()


def iter_jsonl(path: str) -> Iterator[Item]:
    """Items from a JSONL file (or `-` for stdin), one line at a time.

    Raises:
        ConfigError: A line that is not a JSON object; names the line.
    """
    try:
        handle: IO[str] = sys.stdin if path == "-" else Path(path).open(encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise ConfigError(f"items file {path}: {exc.strerror}") from None
    try:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                # json.loads without its checks, which only tell a BOM apart.
                value = json.loads(line) if line.startswith("\ufeff") else _decode(line)
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
