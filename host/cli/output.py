"""What the CLI prints besides items: the run summary and the progress bar."""

from __future__ import annotations

import sys
from typing import IO, Any

from kflow.host.engine.executor import NodeStats, Progress

__all__ = ["RichProgress", "print_summary"]


def print_summary(stats: list[NodeStats], out: IO[str] = sys.stderr) -> None:
    """Per node: runs, items in, items out, errors and time, as a table."""
    rows = [("node", "runs", "in", "out", "errors", "seconds")]
    rows += [
        (s.name, str(s.runs), str(s.items_in), str(s.items_out), str(s.errors), f"{s.seconds:.3f}")
        for s in stats
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        out.write("  ".join(cells).rstrip() + "\n")


class RichProgress(Progress):
    """A progress bar per node on stderr (only used when stderr is a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def node_started(self, name: str, items: int) -> None:
        self._tasks[name] = self._bar.add_task(name, total=items or None)

    def item_done(self, name: str) -> None:
        if name in self._tasks:
            self._bar.advance(self._tasks[name])

    def node_finished(self, name: str) -> None:
        task = self._tasks.pop(name, None)
        if task is not None:
            self._bar.remove_task(task)
