"""Stopping a run on Ctrl-C or SIGTERM without losing track of what was sent.

The first signal asks for a graceful stop (`requested`): item nodes start no new item,
requests in flight finish, and local nodes carry what was sent to the end of the flow. The
second aborts (`aborted`): requests in flight are cancelled. Later signals are ignored.

An Interrupt is optional everywhere: a run without one behaves as if never interrupted.
Each item node keeps a NodeTally in it, which the stop summary is written from.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from kflow.host.errors import NodeError
from kflow.host.items import Item, failure_item, make_item

__all__ = ["Interrupt", "NodeStop", "NodeTally", "handle_signals", "interrupted_item"]

NOT_SENT = "not sent: the run was interrupted before this item's request was sent"
ABORTED = (
    "the run was interrupted while this item's request was being sent; "
    "the server may have received it"
)


@dataclass
class NodeTally:
    """What one item node did with its items, counted over the whole run.

    Attributes:
        node: The node's name.
        entry: Whether no item node is upstream of it (its items enter the flow here).
        sent: Items whose request was started.
        succeeded: Of those, items that ended with an answer.
        failed: Of those, items that ended with an error.
        aborted: Of those, items whose request was cancelled in flight (second signal).
        not_sent: Items turned into "not sent" failure items (downstream nodes only).
        held: Of the started ones, items whose request a dry run held back (counted as
            started and succeeded too, since they ended without error).
        not_started_from: Entry nodes: the run-input index of the first item not started.
        unplaced: Entry nodes: items not started that could not be traced to the input.
    """

    node: str
    entry: bool
    sent: int = 0
    succeeded: int = 0
    failed: int = 0
    aborted: int = 0
    not_sent: int = 0
    held: int = 0
    not_started_from: int | None = None
    unplaced: int = 0

    def not_started_at(self, index: int | None, count: int) -> None:
        """Records that `count` items, from input index `index` on, were not started."""
        if index is None:
            self.unplaced += count
        elif self.not_started_from is None or index < self.not_started_from:
            self.not_started_from = index


class Interrupt:
    """A run's stop state: `requested` after the first signal, `aborted` after the second."""

    def __init__(self) -> None:
        self.requested = False
        self.aborted = False
        self.unread_from: int | None = None
        self.tallies: dict[str, NodeTally] = {}
        self._stop = asyncio.Event()
        self._sending: set[asyncio.Task[Any]] = set()

    def __repr__(self) -> str:
        return f"Interrupt(requested={self.requested}, aborted={self.aborted})"

    def signal(self) -> bool:
        """Takes one signal: the first requests a stop, the second aborts, later ones are
        ignored. Returns whether it changed anything."""
        if not self.requested:
            self.requested = True
            self._stop.set()
            return True
        if not self.aborted:
            self.aborted = True
            for task in list(self._sending):
                task.cancel()
            return True
        return False

    async def pause(self, seconds: float) -> bool:
        """Sleeps `seconds`, waking early on a stop; returns whether a stop was requested."""
        if not self.requested:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), seconds)
        return self.requested

    def sending(self) -> _Sending:
        """Marks the current task as sending a request while the block runs: it is
        cancelled on abort."""
        return _Sending(self._sending)

    def tally(self, node: str, *, entry: bool) -> NodeTally:
        """The tally of an item node, made on its first run."""
        found = self.tallies.get(node)
        if found is None:
            found = self.tallies[node] = NodeTally(node, entry)
        return found

    def first_not_started(self) -> int | None:
        """The input index from which no item was started, over every entry node."""
        found = [t.not_started_from for t in self.tallies.values() if t.entry]
        found.append(self.unread_from)
        known = [index for index in found if index is not None]
        return min(known) if known else None


class _Sending:
    """Interrupt.sending's block (a class: it is entered for every item sent)."""

    __slots__ = ("_sending", "_task")

    def __init__(self, sending: set[asyncio.Task[Any]]) -> None:
        self._sending = sending
        self._task: asyncio.Task[Any] | None = None

    def __enter__(self) -> None:
        task = self._task = asyncio.current_task()
        if task is not None:
            self._sending.add(task)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._task is not None:
            self._sending.discard(self._task)


@dataclass
class NodeStop:
    """One item node's run under an Interrupt.

    Attributes:
        interrupt: The run's stop state.
        tally: The node's counts.
        origin: The run-input index of the node's input item at a position, when known.
        item_offset: Added to positions to number items in the whole input.
    """

    interrupt: Interrupt
    tally: NodeTally
    origin: Callable[[int], int | None] = field(default=lambda position: position)
    item_offset: int = 0

    def not_sent(self, source: dict[str, Any], index: int) -> Item:
        """A downstream item that will not be sent, as a failure item (input json kept).

        An item that already records a failure keeps its own error.
        """
        self.tally.not_sent += 1
        if isinstance(source.get("error"), dict) or source.get("success") is False:
            return make_item(dict(source), paired=index)
        return interrupted_item(source, self.tally.node, index, self.item_offset, NOT_SENT)

    def cut_off(self, source: dict[str, Any], index: int) -> Item:
        """An item whose request was cancelled in flight, as a failure item."""
        self.tally.aborted += 1
        return interrupted_item(source, self.tally.node, index, self.item_offset, ABORTED)


def interrupted_item(
    source: dict[str, Any], node: str, index: int, offset: int, message: str
) -> Item:
    """A failure item for an item the interrupt stopped, paired to input position `index`."""
    error = NodeError(node, message, item_index=offset + index).to_json()
    error["interrupted"] = True
    return failure_item(source, {"error": error}, index, keep_input=True)


@contextmanager
def handle_signals(
    interrupt: Interrupt, notify: Callable[[Interrupt], None] | None = None
) -> Iterator[bool]:
    """SIGINT and SIGTERM go to `interrupt` while the block runs (then `notify` is called
    when a signal changed something). Yields whether the handlers could be installed: only
    the main thread of a loop on Unix can take signals.

    After a stop, the command is ending: later signals are ignored until the loop closes
    (which removes the handlers) rather than breaking into what is left to do.
    """
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []

    def take() -> None:
        if interrupt.signal() and notify is not None:
            notify(interrupt)

    for number in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(number, take)
        except (NotImplementedError, RuntimeError, ValueError):
            continue
        installed.append(number)
    try:
        yield bool(installed)
    finally:
        for number in installed:
            if interrupt.requested:
                loop.add_signal_handler(number, _ignore)
            else:
                loop.remove_signal_handler(number)


def _ignore() -> None:
    """A signal that comes once the run has stopped."""
