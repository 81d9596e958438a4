"""Warm JavaScript engines for `kflow serve` and workers, one execution at a time each.

Building an engine (QuickJS with Luxon, acorn and n8n's functions loaded and frozen) costs
tens of milliseconds, far more than the expressions of a typical webhook execution. The
pool keeps built engines and hands each to one execution; when the execution gives it back,
`JsEngine.reset()` forgets everything it loaded (items, `$env`, frames, the Code node's
state). An engine that hit a limit, or whose global object changed, is dropped, not kept.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kflow.host.expressions.engine import EngineLimits, JsEngine

__all__ = ["EnginePool", "shared_pool"]


class EnginePool:
    """A lock-protected free list of engines built with the same limits.

    Args:
        limits: Time per evaluation and memory per engine.
        max_idle: Most engines kept between executions (more may be in use at once).
        max_uses: Executions an engine serves before it is dropped and built afresh, which
            bounds what its caches of compiled expressions and zone tables grow to.
    """

    def __init__(
        self, limits: EngineLimits | None = None, *, max_idle: int = 8, max_uses: int = 1000
    ) -> None:
        if max_idle < 0 or max_uses < 1:
            raise ValueError("max_idle must be 0 or more and max_uses at least 1")
        self.limits = limits or EngineLimits()
        self.max_idle = max_idle
        self.max_uses = max_uses
        self._lock = threading.Lock()
        self._idle: list[JsEngine] = []
        self._uses: dict[int, int] = {}
        self._lent: set[int] = set()
        self.built = 0
        """Engines built so far (for tests and statistics)."""

    def acquire(self) -> JsEngine:
        """An engine for one execution alone: an idle one, or a new one."""
        with self._lock:
            engine = self._idle.pop() if self._idle else None
            if engine is not None:
                self._lent.add(id(engine))
                return engine
        return self._build()

    def _build(self) -> JsEngine:
        """A new engine, counted as lent."""
        engine = JsEngine(self.limits)
        with self._lock:
            self.built += 1
            self._uses[id(engine)] = 0
            self._lent.add(id(engine))
        return engine

    def release(self, engine: JsEngine) -> None:
        """Takes an engine back after its execution: reset and kept, or dropped."""
        with self._lock:
            if id(engine) not in self._lent:
                raise ValueError("this engine was not lent by this pool, or was given back")
            self._lent.discard(id(engine))
            uses = self._uses.get(id(engine), 0) + 1
        keep = uses < self.max_uses and engine.reset()
        with self._lock:
            if keep and len(self._idle) < self.max_idle:
                self._uses[id(engine)] = uses
                self._idle.append(engine)
            else:
                self._uses.pop(id(engine), None)

    @contextmanager
    def lease(self) -> Iterator[JsEngine]:
        """An engine for the block, given back at its end."""
        engine = self.acquire()
        try:
            yield engine
        finally:
            self.release(engine)

    def warm(self, count: int) -> None:
        """Builds engines until `count` are idle (at most max_idle)."""
        while True:
            with self._lock:
                if len(self._idle) >= min(count, self.max_idle):
                    return
            self.release(self._build())

    def idle(self) -> int:
        """How many engines wait to be lent."""
        with self._lock:
            return len(self._idle)

    def clear(self) -> None:
        """Drops every idle engine."""
        with self._lock:
            for engine in self._idle:
                self._uses.pop(id(engine), None)
            self._idle.clear()


_SHARED: EnginePool | None = None
_SHARED_LOCK = threading.Lock()


def shared_pool(max_idle: int = 8) -> EnginePool:
    """This process's pool (default limits); `max_idle` raises its bound, never lowers it."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = EnginePool(max_idle=max_idle)
        elif max_idle > _SHARED.max_idle:
            _SHARED.max_idle = max_idle
        return _SHARED
