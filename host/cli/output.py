"""What the CLI prints besides items: the run summary, the stop summary and the progress
bar."""

from __future__ import annotations

import sys
from typing import IO, Any

from kflow.host.engine.executor import NodeStats, Progress
from kflow.host.interrupt import Interrupt, NodeTally

__all__ = ["RichProgress", "print_summary", "stop_summary"]


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


def stop_summary(interrupt: Interrupt, *, resume: str) -> str:
    """What an interrupted run did, in one short paragraph: items sent and how they ended,
    from which input item on nothing was started, and how to resume (`resume` is the
    option that does it, e.g. `--skip`), with a line per node when several send requests."""
    tallies = list(interrupt.tallies.values())
    text = "kflow: interrupted"
    if len(tallies) == 1:
        text += f": {_sent(tallies[0])}"
    first = interrupt.first_not_started()
    if first is not None:
        text += (
            f"; items {first} and after were not started. "
            f"To resume: the same command with {resume} {first}"
        )
    elif any(t.unplaced for t in tallies):
        text += "; some items were not started"
    elif tallies:
        text += "; every item was started"
    lines = [text]
    if len(tallies) > 1:
        lines += [f"  {t.node}: {_sent(t, own_start=True)}" for t in tallies]
    return "\n".join(lines)


def _sent(tally: NodeTally, *, own_start: bool = False) -> str:
    ended = [f"{tally.succeeded - tally.held} succeeded", f"{tally.failed} failed"]
    if tally.aborted:
        ended.append(f"{tally.aborted} cut off in flight, which the server may have received")
    text = f"{_count(tally.sent - tally.held)} sent ({', '.join(ended)})"
    if tally.held:
        text += f"; {_count(tally.held)} held by the dry run"
    if tally.not_sent:
        text += f"; {_count(tally.not_sent)} not sent, marked so in the output"
    if own_start and tally.entry and tally.not_started_from is not None:
        text += f"; not started from item {tally.not_started_from}"
    return text


def _count(number: int) -> str:
    return f"{number} item" if number == 1 else f"{number} items"


class RichProgress(Progress):
    """A bar per node on stderr (only used when stderr is a terminal): items done of the
    total, failures, rate, time elapsed and, when the total is known, the time left.

    A node that runs again (a loop, or the next window of a streamed input) keeps its bar
    and adds the new items to its total. `expected` gives the first node's total up front,
    when the whole input's size is known before it is read (a streamed file)."""

    def __init__(self, expected: int | None = None, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[failed]}", style="red"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=True,
        )
        self._expected = expected
        self._tasks: dict[str, Any] = {}
        self._positions: dict[str, int] = {}
        self._failed: dict[str, int] = {}
        self._pending: dict[str, int] = {}

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def node_started(self, name: str, items: int) -> None:
        self._pending[name] = items
        task = self._tasks.get(name)
        if task is None:
            total: int | None = items or None
            if self._expected is not None and not self._tasks:
                total = self._expected
            self._positions[name] = len(self._tasks)
            self._tasks[name] = self._bar.add_task(name, total=total, failed="", rate="")
            self._failed[name] = 0
        elif self._expected is None or name != next(iter(self._tasks)):
            known = self._bar.tasks[self._index(name)].total or 0
            self._bar.update(task, total=known + items)

    def item_done(self, name: str, failed: bool = False) -> None:
        task = self._tasks.get(name)
        if task is None:
            return
        self._pending[name] = max(self._pending.get(name, 0) - 1, 0)
        if failed:
            self._failed[name] += 1
        self._bar.update(
            task, advance=1, failed=_failures(self._failed[name]), rate=self._rate(name)
        )

    def node_finished(self, name: str) -> None:
        # A node that takes its items all at once reports no item: they are all done now.
        task = self._tasks.get(name)
        if task is not None:
            self._bar.update(task, advance=self._pending.pop(name, 0), rate=self._rate(name))

    def _index(self, name: str) -> int:
        return self._positions[name]

    def _rate(self, name: str) -> str:
        speed = self._bar.tasks[self._index(name)].speed
        return f"{speed:,.0f}/s" if speed else ""


def _failures(count: int) -> str:
    return f"{count} failed" if count else ""
