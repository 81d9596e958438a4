"""Answers from a worker to a waiting webhook (Respond to Webhook run in a `kflow worker`).

Serve names a Redis list for the execution before queueing it and waits on it; the worker
pushes the Respond to Webhook node's answer there. A list, unlike pub/sub, keeps an answer
pushed before serve started to wait.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from kflow.host import jsontext
from kflow.host.triggers import Response

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["REPLY_SECONDS", "RedisReplies"]

REPLY_SECONDS = 600
"""How long an answer waits in Redis for serve to take it."""


class RedisReplies:
    """Answers through Redis lists named per execution."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    @staticmethod
    def name(execution: str) -> str:
        return f"kflow:reply:{execution}"

    async def send(self, name: str, response: Response) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.rpush(name, jsontext.dumps(asdict(response)))
            pipe.expire(name, REPLY_SECONDS)
            await pipe.execute()

    async def wait(self, name: str) -> Response:
        """The first answer pushed to `name` (waits until one comes or it is cancelled).
        An entry that is not an answer (crafted, or damaged) is dropped."""
        while True:
            found = await self.redis.blpop([name], timeout=5)
            if found is not None:
                answer = _read(found[1])
                if answer is not None:
                    return answer


def _read(text: str) -> Response | None:
    """The answer in a reply entry, or None when it is not one."""
    try:
        data = json.loads(text)
        answer = Response(**data)
    except (ValueError, TypeError):
        return None
    if not isinstance(answer.status, int) or not 100 <= answer.status <= 599:
        return None
    if not isinstance(answer.headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in answer.headers.items()
    ):
        return None
    if answer.text is not None and not isinstance(answer.text, str):
        return None
    return answer
