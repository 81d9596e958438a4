"""Where a run's nodes read and write files: one folder they cannot leave.

Under `kflow serve` (and `kflow run --files-dir`) every path a node is given, often built
from a request's data, is resolved inside the files folder: an absolute path, a `..` that
climbs out, or a symlink that points out is refused before anything is read or written.
The last part of a path is opened without following a symlink, so one planted after the
check cannot redirect the write either. Without a files folder (`kflow run` by default),
relative paths are read from the flow file's folder and any path is allowed.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

__all__ = ["FileArea", "OutsideFiles"]


class OutsideFiles(ValueError):
    """A path that leads out of the files folder."""


class FileArea:
    """Paths for a run's file nodes.

    Args:
        base: Folder relative paths are taken from when there is no `root`.
        root: The files folder: when given, relative paths are taken from it and every
            path must stay inside it.
    """

    def __init__(self, base: Path, root: Path | None = None) -> None:
        self.root = root.resolve() if root is not None else None
        self.base = self.root or base

    def __repr__(self) -> str:
        return f"FileArea(base={str(self.base)!r}, confined={self.root is not None})"

    def resolve(self, text: str) -> Path:
        """The path `text` names.

        Raises:
            OutsideFiles: With a files folder, a path that leads out of it (symlinks
                followed), or one that names the folder itself.
        """
        path = self.base / Path(text)
        if self.root is None:
            return path
        resolved = path.resolve()
        if resolved == self.root or not resolved.is_relative_to(self.root):
            raise OutsideFiles(f"{text!r} is outside the files directory {self.root}")
        return resolved

    def write_text(self, path: Path, text: str) -> None:
        """Writes `text` to `path` as UTF-8 (replacing what it held), creating its folders.

        Raises:
            OutsideFiles: The folders or the file turned out to lead outside (a symlink).
            OSError: The file cannot be written.
        """
        with self._open_for_writing(path, os.O_TRUNC) as (out, _):
            out.write(text)

    def append_text(self, path: Path, text: str, *, first: str | None = None) -> None:
        """Appends `text` to `path`, creating it and its folders; a file that is new (or
        empty) gets `first` instead when given (a CSV's header before its rows).

        Writers hold a lock on the file meanwhile, so executions appending at once neither
        cut each other's lines nor both write the header.

        Raises:
            OutsideFiles: The folders or the file turned out to lead outside (a symlink).
            OSError: The file cannot be written.
        """
        with self._open_for_writing(path, os.O_APPEND) as (out, descriptor):
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            new = os.fstat(descriptor).st_size == 0
            out.write(first if new and first is not None else text)
            out.flush()

    def read_text(self, path: Path) -> str:
        """The text of `path` (UTF-8).

        Raises:
            OSError: The file cannot be read (or is a symlink, inside a files folder).
        """
        descriptor = os.open(path, os.O_RDONLY | self._no_follow())
        with os.fdopen(descriptor, encoding="utf-8") as source:
            return source.read()

    def read_bytes(self, path: Path) -> bytes:
        """The bytes of `path`.

        Raises:
            OSError: The file cannot be read (or is a symlink, inside a files folder).
        """
        descriptor = os.open(path, os.O_RDONLY | self._no_follow())
        with os.fdopen(descriptor, "rb") as source:
            return source.read()

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Writes `data` to `path` (replacing what it held), creating its folders.

        Raises:
            OutsideFiles: The folders or the file turned out to lead outside (a symlink).
            OSError: The file cannot be written.
        """
        with self._open_binary(path, os.O_TRUNC) as out:
            out.write(data)

    def append_bytes(self, path: Path, data: bytes, *, first: bytes | None = None) -> None:
        """Appends `data` to `path`, creating it and its folders, under a lock; a file that
        is new (or empty) gets `first` instead when given (a CSV's header before its rows).

        Raises:
            OutsideFiles: The folders or the file turned out to lead outside (a symlink).
            OSError: The file cannot be written.
        """
        with self._open_binary(path, os.O_APPEND) as out:
            fcntl.flock(out.fileno(), fcntl.LOCK_EX)
            new = os.fstat(out.fileno()).st_size == 0
            out.write(first if new and first is not None else data)
            out.flush()

    def glob(self, pattern: str) -> list[Path]:
        """The files `pattern` matches (`*`, `?`, `**`, `[...]`), sorted; with a files
        folder only files inside it, symlinks that lead out left out.

        Raises:
            OutsideFiles: With a files folder, a pattern whose fixed part leads out of it.
        """
        parts = Path(pattern).parts
        fixed = 0
        while fixed < len(parts) and not any(c in parts[fixed] for c in "*?["):
            fixed += 1
        if fixed == len(parts):
            path = self.base / Path(pattern)
            if self.root is not None:
                path = self.resolve(pattern)
            return [path] if path.is_file() else []
        start = self.base / Path(*parts[:fixed]) if fixed else self.base
        if self.root is not None and fixed:
            start = self.resolve(str(Path(*parts[:fixed])))
        rest = str(Path(*parts[fixed:]))
        found = []
        for path in sorted(start.glob(rest)):
            if not path.is_file():
                continue
            if self.root is not None:
                real = path.resolve()
                if real == self.root or not real.is_relative_to(self.root):
                    continue
            found.append(path)
        return found

    def size(self, path: Path) -> int:
        """The file's size in bytes, 0 when it does not exist."""
        try:
            return path.stat().st_size
        except FileNotFoundError:
            return 0

    @contextmanager
    def _open_for_writing(self, path: Path, mode: int) -> Iterator[tuple[TextIO, int]]:
        """`path` open for writing (`mode`: O_TRUNC or O_APPEND), its folders made first and
        checked to stay inside the files folder, its last part never a symlink."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.root is not None:
            self.resolve(str(path))  # the folders just made (or found) stay inside
        flags = os.O_WRONLY | os.O_CREAT | mode | self._no_follow()
        descriptor = os.open(path, flags, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            yield out, descriptor

    @contextmanager
    def _open_binary(self, path: Path, mode: int) -> Iterator[BinaryIO]:
        """`path` open for writing bytes, checked as `_open_for_writing` checks it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.root is not None:
            self.resolve(str(path))
        flags = os.O_WRONLY | os.O_CREAT | mode | self._no_follow()
        descriptor = os.open(path, flags, 0o644)
        with os.fdopen(descriptor, "wb") as out:
            yield out

    def _no_follow(self) -> int:
        return os.O_NOFOLLOW if self.root is not None else 0
