"""Which failures are retried, how long the waits are, and that tries are counted."""

from __future__ import annotations

import time
from typing import Any

import pytest

from kflow.host.errors import NodeApiError, NodeOperationError
from kflow.host.retry import RetryPolicy, call_with_retries, should_retry


def api(code: int | None, *, sent: bool = True, after: float | None = None) -> NodeApiError:
    return NodeApiError("N", "failed", http_code=code, sent=sent, retry_after=after)


@pytest.mark.parametrize(
    ("error", "idempotent", "policy", "expected"),
    [
        (api(429), False, RetryPolicy(), True),
        (api(503), True, RetryPolicy(), True),
        (api(503), False, RetryPolicy(), False),
        (api(500), False, RetryPolicy(unsafe=True), True),
        (api(None), True, RetryPolicy(), True),
        (api(None), False, RetryPolicy(), False),
        (api(None, sent=False), False, RetryPolicy(), True),
        (api(404), True, RetryPolicy(), False),
        (api(404), False, RetryPolicy(any_error=True), True),
        (api(406), True, RetryPolicy(any_error=True), True),
        (NodeApiError("N", "same page", permanent=True), True, RetryPolicy(), False),
        (NodeOperationError("N", "bad"), True, RetryPolicy(any_error=True), False),
        (ValueError("x"), True, RetryPolicy(), False),
    ],
)
def test_what_is_retried(
    error: BaseException, idempotent: bool, policy: RetryPolicy, expected: bool
) -> None:
    assert should_retry(error, idempotent=idempotent, policy=policy) is expected


def failing(*errors: BaseException, result: Any = "ok") -> Any:
    calls: list[float] = []

    async def attempt() -> Any:
        calls.append(time.monotonic())
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return result

    attempt.calls = calls  # type: ignore[attr-defined]
    return attempt


async def test_retries_until_success() -> None:
    attempt = failing(api(503), api(502))
    assert await call_with_retries(attempt, idempotent=True, policy=RetryPolicy(base=0.01)) == "ok"
    assert len(attempt.calls) == 3


async def test_gives_up_and_counts_tries() -> None:
    attempt = failing(api(503), api(503), api(503), api(503))
    with pytest.raises(NodeApiError) as caught:
        await call_with_retries(attempt, idempotent=True, policy=RetryPolicy(attempts=3, base=0.01))
    assert caught.value.tries == 3
    assert "(after 3 tries)" in str(caught.value)
    assert caught.value.to_json()["tries"] == 3


async def test_retry_after_is_honoured() -> None:
    attempt = failing(api(429, after=0.3))
    await call_with_retries(attempt, idempotent=False, policy=RetryPolicy(base=0.0))
    assert attempt.calls[1] - attempt.calls[0] >= 0.29


async def test_total_wait_is_capped() -> None:
    attempt = failing(api(429, after=5), api(429, after=5))
    started = time.monotonic()
    with pytest.raises(NodeApiError):
        await call_with_retries(attempt, idempotent=True, policy=RetryPolicy(max_wait=1))
    assert time.monotonic() - started < 1
    assert len(attempt.calls) == 1


async def test_backoff_grows_with_jitter() -> None:
    attempt = failing(api(500), api(500), api(500), api(500))
    with pytest.raises(NodeApiError):
        await call_with_retries(
            attempt, idempotent=True, policy=RetryPolicy(attempts=4, base=0.02, cap=0.05)
        )
    gaps = [b - a for a, b in zip(attempt.calls, attempt.calls[1:], strict=False)]
    assert all(0 <= gap < 0.2 for gap in gaps)


async def test_a_non_idempotent_request_is_sent_once_after_a_5xx() -> None:
    attempt = failing(api(500))
    with pytest.raises(NodeApiError):
        await call_with_retries(attempt, idempotent=False, policy=RetryPolicy(base=0))
    assert len(attempt.calls) == 1


async def test_a_batch_node_run_is_tried_again_as_a_whole() -> None:
    from kflow.host.errors import NodeError, NodeOperationError
    from kflow.host.retry import run_again_on_failure

    calls: list[int] = []

    async def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise NodeError("Write", "disk busy")
        return "done"

    assert await run_again_on_failure(flaky, tries=3, wait=0) == "done"
    assert len(calls) == 3

    async def bad_input() -> str:
        calls.append(1)
        raise NodeOperationError("Write", "is required", parameter="Path")

    calls.clear()
    with pytest.raises(NodeOperationError):
        await run_again_on_failure(bad_input, tries=3, wait=0)
    assert len(calls) == 1
    calls.clear()
    with pytest.raises(NodeError):
        await run_again_on_failure(flaky, tries=2, wait=0)
    assert len(calls) == 2
