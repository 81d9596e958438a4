"""When a failed request is tried again, and how long to wait (tenacity does the looping).

Transient failures are retried with exponential backoff and full jitter, honouring
`Retry-After`, within a cap on the total wait per item:

- 429 Too Many Requests: the tracker did not process the request, so any request is retried.
- 5xx, timeouts and broken connections are ambiguous (the request may have been applied),
  so only idempotent requests are retried, unless `retryNonIdempotent` is set explicitly.
- A connection that was never made is retried for any request: nothing was sent.
- With n8n's `retryOnFail`, other API errors (4xx) are retried too: they were refused,
  so sending again cannot apply anything twice.

Item nodes retry each item (call_with_retries); a batch node's run is tried again as a
whole (run_again_on_failure). Both live here.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
)
from tenacity.stop import stop_base

from kflow.host.errors import NodeApiError, NodeError, NodeOperationError

if TYPE_CHECKING:
    from kflow.host.interrupt import Interrupt

__all__ = ["RetryPolicy", "call_with_retries", "run_again_on_failure", "should_retry"]

T = TypeVar("T")

TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How an item's request is retried.

    Attributes:
        attempts: Tries in all (1 means no retry).
        max_wait: Most seconds spent waiting between tries, per item.
        base: First backoff in seconds; doubles each try (with full jitter).
        cap: Longest single backoff in seconds.
        any_error: Retry 4xx errors too (n8n's retryOnFail).
        unsafe: Also re-send non-idempotent requests after ambiguous failures.
    """

    attempts: int = 3
    max_wait: float = 60.0
    base: float = 0.5
    cap: float = 30.0
    any_error: bool = False
    unsafe: bool = False


def should_retry(error: BaseException, *, idempotent: bool, policy: RetryPolicy) -> bool:
    """Whether `error` may be followed by another try of the same request."""
    if not isinstance(error, NodeApiError) or error.permanent:
        return False
    code = error.http_code
    if code == 429:
        return True
    if code is None:
        return not error.sent or idempotent or policy.unsafe
    if code in TRANSIENT_STATUSES:
        return idempotent or policy.unsafe
    return policy.any_error and 400 <= code < 500


class _StopWhenBudgetSpent(stop_base):
    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy

    def __call__(self, state: RetryCallState) -> bool:
        error = state.outcome.exception() if state.outcome else None
        after = getattr(error, "retry_after", None)
        waited = state.idle_for
        return waited >= self.policy.max_wait or (
            after is not None and waited + after > self.policy.max_wait
        )


def _delay(policy: RetryPolicy, attempt: int, error: BaseException | None, waited: float) -> float:
    """The wait after try `attempt`: Retry-After when given, else backoff with full jitter."""
    after = getattr(error, "retry_after", None)
    if after is not None:
        delay = after
    else:
        delay = random.uniform(0, min(policy.cap, policy.base * 2 ** (attempt - 1)))
    return max(0.0, min(delay, policy.max_wait - waited))


def _wait(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        return _delay(policy, state.attempt_number, error, state.idle_for)

    return wait


async def call_with_retries(
    attempt: Callable[[], Awaitable[T]],
    *,
    idempotent: bool,
    policy: RetryPolicy,
    interrupt: Interrupt | None = None,
) -> T:
    """Runs `attempt`, retrying as the policy allows.

    The first try runs directly; tenacity takes over only after a failure that may be
    retried, so the common case costs nothing extra. Once `interrupt` asks the run to stop,
    an item waiting to try again does not: it ends with its last error.

    Raises:
        NodeApiError: The last failure, with `tries` set when more than one try was made.
    """
    try:
        return await attempt()
    except NodeApiError as error:
        if policy.attempts <= 1 or not should_retry(error, idempotent=idempotent, policy=policy):
            raise
        first = error
    if first.retry_after is not None and first.retry_after > policy.max_wait:
        raise first
    delay = _delay(policy, 1, first, 0.0)
    if await _pause(delay, interrupt):
        raise first
    rest = replace(
        policy, attempts=policy.attempts - 1, max_wait=policy.max_wait - delay, base=policy.base * 2
    )
    retrying = AsyncRetrying(
        sleep=lambda seconds: _pause(seconds, interrupt),
        stop=stop_after_attempt(max(rest.attempts, 1)) | _StopWhenBudgetSpent(rest),
        wait=_wait(rest),
        retry=retry_if_exception(lambda e: should_retry(e, idempotent=idempotent, policy=rest)),
        reraise=True,
    )
    tries = 1
    last = first
    try:
        async for try_ in retrying:
            if interrupt is not None and interrupt.requested:
                raise last
            with try_:
                tries += 1
                try:
                    return await attempt()
                except NodeApiError as error:
                    last = error
                    raise
    except NodeApiError as error:
        if tries > 1:
            error.tries = tries
        raise
    raise AssertionError("unreachable")


async def _pause(seconds: float, interrupt: Interrupt | None) -> bool:
    """Waits between tries; returns whether the run was asked to stop meanwhile."""
    if interrupt is None:
        await asyncio.sleep(seconds)
        return False
    return await interrupt.pause(seconds)


async def run_again_on_failure(
    attempt: Callable[[], Awaitable[T]], *, tries: int, wait: float
) -> T:
    """n8n's retryOnFail for a node that runs as a whole (a batch node): up to `tries` tries,
    `wait` seconds apart. Bad parameters (NodeOperationError) are never tried again.

    Raises:
        NodeError: The last failure.
    """
    for number in range(1, tries + 1):
        try:
            return await attempt()
        except NodeOperationError:
            raise
        except NodeError:
            if number >= tries:
                raise
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")
