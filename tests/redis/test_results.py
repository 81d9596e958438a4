"""Serve learns of finished executions from the workers' notices, and from a sweep when a
notice was lost with its worker."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest
from redis.asyncio import Redis

from kflow.host.serve.stream_queue import NoticedResults, notices_name

pytestmark = pytest.mark.redis


@dataclass
class FakeTask:
    """What serve holds for a queued task: its id, readiness and result."""

    task_id: str
    ready: bool = False

    async def is_ready(self) -> bool:
        return self.ready

    async def get_result(self) -> Any:
        return f"result of {self.task_id}"


async def test_notices_early_notices_and_a_lost_one(redis_url: str) -> None:
    redis = Redis.from_url(redis_url, decode_responses=True)
    results = NoticedResults(redis, "db1")
    try:
        await redis.rpush(notices_name("db1"), "early")  # saved before serve watched it
        early = results.watch(FakeTask("early"))  # type: ignore[arg-type]
        started: list[str] = []
        told = results.watch(FakeTask("told"), on_start=lambda: started.append("told"))  # type: ignore[arg-type]
        lost = results.watch(FakeTask("lost", ready=True))  # type: ignore[arg-type]
        await redis.rpush(notices_name("db1"), "started told", "told")
        assert await asyncio.wait_for(early, 5) == "result of early"
        assert await asyncio.wait_for(told, 5) == "result of told"
        assert started == ["told"]
        assert not lost.done()
        assert await asyncio.wait_for(lost, 10) == "result of lost", "the sweep finds it"
    finally:
        await results.close()
        await redis.aclose()
