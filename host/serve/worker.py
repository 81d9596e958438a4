"""`kflow worker` from start to stop: executions taken from the Redis queue and run, the
lease on them kept, and a drain on SIGINT or SIGTERM. The CLI parses the command line into
`WorkerOptions` and prints what `say` gets.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from taskiq.acks import AcknowledgeType
from taskiq.api import run_receiver_task

from kflow.host.credentials import Credentials
from kflow.host.errors import ConfigError
from kflow.host.serve.brokers import IDLE_TIMEOUT_MS, make_broker, safe_url
from kflow.host.serve.jobs import register
from kflow.host.serve.lifecycle import Say, reach, stop_on_signals
from kflow.host.serve.redis_parts import WorkerParts
from kflow.host.serve.run_data import DEFAULT_MAX_STORED_BYTES
from kflow.host.settings import RunSettings

__all__ = ["WorkerOptions", "work"]


@dataclass(frozen=True)
class WorkerOptions:
    """What `kflow worker` was asked to do.

    Attributes:
        broker: redis:// URL of the queue, as given to serve.
        settings: The runs' settings (files confined, public URL…).
        idle_timeout_ms: How long a dead worker's executions wait for another worker.
        grace: Seconds running executions get when the worker stops.
    """

    broker: str
    settings: RunSettings
    idle_timeout_ms: int = IDLE_TIMEOUT_MS
    keep_outputs: bool = False
    max_stored_bytes: int = DEFAULT_MAX_STORED_BYTES
    grace: float = 30.0


async def work(
    options: WorkerOptions,
    credentials: AbstractAsyncContextManager[Credentials],
    say: Say,
) -> None:
    """Runs queued executions until SIGINT or SIGTERM, then drains.

    Raises:
        ConfigError: The broker URL is bad.
        KflowError: The broker cannot be reached.
    """
    settings = options.settings
    try:
        broker = make_broker(
            options.broker,
            concurrency=settings.concurrency,
            idle_timeout_ms=options.idle_timeout_ms,
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    stopping = stop_on_signals()
    async with credentials as found:
        parts = WorkerParts.connect(options.broker, broker)
        runner = parts.runner(found, settings, keep_outputs=options.keep_outputs)
        runner.max_stored_bytes = options.max_stored_bytes
        runner.log_results = True
        register(broker, runner)
        broker.is_worker_process = True
        await reach(broker.startup(), options.broker)
        leasing = asyncio.create_task(parts.lease.keep(options.idle_timeout_ms))
        receiving = asyncio.create_task(
            run_receiver_task(
                broker,
                max_async_tasks=settings.concurrency,
                max_prefetch=0,
                ack_time=AcknowledgeType.WHEN_SAVED,
            )
        )
        say(f"kflow worker: taking executions from {safe_url(options.broker)}")
        await stopping.wait()
        say("kflow worker: stopping; running executions get a grace period")
        receiving.cancel()
        await asyncio.gather(receiving, return_exceptions=True)
        # What the receiver started runs on in tasks of its own: let them save and ack.
        running = asyncio.all_tasks() - {asyncio.current_task(), leasing}
        if running:
            _, late = await asyncio.wait(running, timeout=options.grace)
            if late:
                say(
                    f"kflow worker: {len(late)} tasks did not finish in {options.grace:g} s; "
                    "their executions go to another worker after the idle timeout"
                )
        runner.close()  # what still runs on its thread is cancelled, so the process can end
        leasing.cancel()
        await asyncio.gather(leasing, return_exceptions=True)
        await broker.shutdown()
        await parts.close()
