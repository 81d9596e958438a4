"""Serve's time: real by default; tests give a fake one."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

__all__ = ["Clock"]


class Clock:
    """Real time; tests give a fake one."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep_until(self, moment: datetime) -> None:
        await asyncio.sleep(max(0.0, (moment - self.now()).total_seconds()))
