"""Trimming the executions stream drops only entries that are acknowledged: nothing a
worker holds unacknowledged, nothing not yet read."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from kflow.host.serve import stream_queue
from kflow.host.serve.stream_queue import StreamTrimmer

pytestmark = pytest.mark.redis


async def test_only_acknowledged_entries_are_dropped(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    redis = Redis.from_url(redis_url, decode_responses=True)
    trimmer = StreamTrimmer(redis, "q", "g")
    try:
        assert await trimmer.trim() == 0, "no stream yet: nothing to do"
        await redis.xgroup_create("q", "g", id="0", mkstream=True)
        ids = [await redis.xadd("q", {"n": str(n)}) for n in range(5)]
        read = await redis.xreadgroup("g", "dead-worker", {"q": ">"}, count=3)
        assert [entry_id for entry_id, _ in read[0][1]] == ids[:3]
        await redis.xack("q", "g", ids[0], ids[1])
        assert await trimmer.trim() == 2
        remaining = [entry_id for entry_id, _ in await redis.xrange("q")]
        assert remaining == ids[2:], "the unacknowledged and the unread entries stay"

        await redis.xack("q", "g", ids[2])
        await redis.xreadgroup("g", "live-worker", {"q": ">"}, count=5)
        await redis.xack("q", "g", ids[3], ids[4])
        monkeypatch.setattr(stream_queue, "FORGET_CONSUMER_MS", -1)
        await trimmer.trim()
        assert [entry_id for entry_id, _ in await redis.xrange("q")] == [ids[4]]
        assert await redis.xinfo_consumers("q", "g") == [], "idle consumers are forgotten"
    finally:
        await redis.aclose()
