"""The progress bar: items done of the total, failures, rate; a node that runs again (a
loop, the next window) keeps its bar; nodes that take all their items at once complete."""

from __future__ import annotations

import io

from rich.console import Console

from kflow.host.cli.output import RichProgress


def _drawn(steps: list[tuple[str, ...]], expected: int | None = None) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=140, color_system=None)
    with RichProgress(expected, console=console) as bar:
        for step in steps:
            kind, name, *rest = step
            if kind == "start":
                bar.node_started(name, int(rest[0]))
            elif kind == "done":
                bar.item_done(name, failed=bool(rest and rest[0] == "failed"))
            else:
                bar.node_finished(name)
    return out.getvalue()


def test_counts_failures_and_totals() -> None:
    steps = [("start", "Update", "3"), ("done", "Update"), ("done", "Update", "failed")]
    steps += [("done", "Update", "failed"), ("finish", "Update")]
    drawn = _drawn(steps)
    assert "3/3" in drawn and "2 failed" in drawn


def test_windows_add_up_and_the_expected_total_leads() -> None:
    steps = [("start", "Start", "2"), ("finish", "Start")] * 3
    drawn = _drawn(steps, expected=6)
    assert "6/6" in drawn and "/2" not in drawn.replace("6/6", "")


def test_a_node_that_runs_again_grows_its_total() -> None:
    steps = [("start", "Loop", "2"), ("finish", "Loop"), ("start", "Loop", "3"), ("finish", "Loop")]
    assert "5/5" in _drawn(steps)
