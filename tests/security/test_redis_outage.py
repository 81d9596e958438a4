"""Redis out of reach: a caller is told to come back (503 with Retry-After) and nothing
is recorded for it; once Redis is back, webhooks work again and no execution is left
queued or running for good.

Two ways Redis goes away: shut down (connections refused: a restart, a crash), and frozen
with SIGSTOP (connections open but nothing answers: a hung host, a network black hole).
Either way serve must answer the caller rather than hang with it."""

from __future__ import annotations

import time
from pathlib import Path

from tests.security.conftest import (
    Processes,
    RedisServer,
    Reply,
    Serve,
    call,
    chain,
    db_rows,
    post_json,
    settled,
    think,
    unfinished,
    wait_until,
    webhook,
    write_flow,
)

FLOW = {
    "name": "Through Redis",
    "nodes": [
        webhook("Hook", "hook"),
        {"name": "Echo", "type": "noOp"},
        webhook("Slow", "slow"),
        think("Think 1"),
        think("Think 2"),
        think("Think 3"),
    ],
    "connections": {**chain("Hook", "Echo"), **chain("Slow", "Think 1", "Think 2", "Think 3")},
}
OUTAGE_SECONDS = 6.0
"""How long Redis stays shut down (the outage modelled, not a limit on anything)."""
IDLE_TIMEOUT = 15
"""The workers' --idle-timeout (60 s by default): longer than the outage, as a blip of
Redis usually is, and short enough that a message left unacknowledged by it is
delivered again well within the test's wait."""
ANSWER_SECONDS = 45.0
"""How long a caller waits for serve's answer before the test calls it hung."""


def _start(processes: Processes, redis: RedisServer, tmp_path: Path) -> Serve:
    serve = processes.serve(write_flow(tmp_path / "flows", FLOW), flags=["--broker", redis.url])
    processes.worker(redis.url, "--idle-timeout", str(IDLE_TIMEOUT))
    assert post_json(serve.url + "/webhook/hook", {"before": True}).status == 200
    (row,) = wait_until(lambda: settled(serve.db, 1), what="the first execution to end")
    assert row["status"] == "success", row["error"]
    return serve


def _ask(serve: Serve) -> Reply:
    try:
        return call(
            "POST",
            serve.url + "/webhook/hook",
            body='{"during": true}',
            headers={"Content-Type": "application/json"},
            timeout=ANSWER_SECONDS,
        )
    except TimeoutError:
        raise AssertionError(
            f"serve did not answer within {ANSWER_SECONDS:g} s while Redis was away"
        ) from None


def _refused_and_not_recorded(serve: Serve, reply: Reply, recorded: int) -> None:
    assert reply.status == 503, reply.text
    assert int(reply.headers["retry-after"]) >= 1
    assert len(db_rows(serve.db)) == recorded, "a refused request was recorded"


def _works_again_and_nothing_stays_unfinished(serve: Serve) -> None:
    def accepted() -> bool:
        return post_json(serve.url + "/webhook/hook", {"after": True}).status == 200

    wait_until(accepted, what="a webhook to be accepted again")
    for n in range(5):
        assert post_json(serve.url + "/webhook/hook", {"after": n}).status == 200
    count = len(db_rows(serve.db))
    try:
        rows = wait_until(lambda: settled(serve.db, count), what="the executions", seconds=90)
    except AssertionError:
        stuck = [(r["id"], r["trigger"], r["status"], r["attempt"]) for r in unfinished(serve.db)]
        raise AssertionError(f"unfinished 90 s after Redis came back: {stuck}") from None
    assert {r["status"] for r in rows} == {"success"}, [r["error"] for r in rows]


def test_webhooks_get_503_while_redis_is_down_and_work_after(
    redis: RedisServer, processes: Processes, tmp_path: Path
) -> None:
    """Redis shut down while a worker runs executions: webhooks get 503 + Retry-After,
    /healthz still answers, nothing is recorded. Redis started again on the same port
    (with its data): webhooks work, and every execution ends, the interrupted ones too."""
    serve = _start(processes, redis, tmp_path)
    for n in range(3):  # in the worker's hands when Redis goes
        assert post_json(serve.url + "/webhook/slow", {"n": n}).status == 200
    wait_until(
        lambda: sum(r["status"] == "running" for r in db_rows(serve.db)) >= 1,
        what="the worker to start the slow executions",
    )
    redis.stop()
    # Down for some 6 s, longer than serve's 5 s requeue and result sweeps, with a
    # caller knocking every second.
    down_until = time.monotonic() + OUTAGE_SECONDS
    asked = 0
    while asked < 3 or time.monotonic() < down_until:
        _refused_and_not_recorded(serve, _ask(serve), recorded=4)
        assert call("GET", serve.url + "/healthz").status == 200
        asked += 1
        time.sleep(1.0)
    redis.start()
    _works_again_and_nothing_stays_unfinished(serve)


def test_webhooks_are_answered_while_redis_hangs(
    redis: RedisServer, processes: Processes, tmp_path: Path
) -> None:
    """Redis frozen (SIGSTOP): a webhook is still answered, 503 + Retry-After, with
    nothing recorded, instead of holding the caller as long as Redis hangs. Thawed,
    everything works and ends."""
    serve = _start(processes, redis, tmp_path)
    redis.freeze()
    try:
        replies = [_ask(serve), _ask(serve)]
        recorded = len(db_rows(serve.db))
        health = call("GET", serve.url + "/healthz")
    finally:
        redis.thaw()
    assert health.status == 200
    for reply in replies:
        _refused_and_not_recorded(serve, reply, recorded=recorded)
    assert recorded == 1
    _works_again_and_nothing_stays_unfinished(serve)
