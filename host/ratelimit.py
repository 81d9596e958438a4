"""A requests-per-second limit: requests are spaced evenly, never bunched."""

from __future__ import annotations

import asyncio

__all__ = ["RateLimiter"]


class RateLimiter:
    """Lets at most `rate` calls through per second, evenly spaced.

    Args:
        rate: Calls per second (more than 0).
    """

    def __init__(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError("rate must be more than 0")
        self.interval = 1.0 / rate
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Waits for this call's slot."""
        loop = asyncio.get_running_loop()
        async with self._lock:
            now = loop.time()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)
