"""A caller who makes executions burn CPU (an expression that loops until its time limit,
a regular expression that backtracks on crafted input) holds those executions' threads,
never the loop that answers webhooks and /healthz.

Each test asks /healthz while the costly executions are still unfinished, and checks, after
the answer, that they were: the order of events, not how long anything took."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.security.conftest import (
    Processes,
    Serve,
    call,
    chain,
    db_rows,
    post_json,
    set_fields,
    settled,
    wait_until,
    webhook,
    write_flow,
)

ENDLESS = {
    "name": "Endless",
    "nodes": [
        webhook("Hook", "spin"),
        set_fields("Spin", spun="={{ (() => { while (true) {} })() }}"),
    ],
    "connections": chain("Hook", "Spin"),
}
BACKTRACK = {
    "name": "Backtrack",
    "nodes": [
        webhook("Hook", "email"),
        set_fields("Email", email="={{ $json.body.text.extractEmail() }}"),
    ],
    "connections": chain("Hook", "Email"),
}
CRAFTED = "a" * 50_000 + "@"
"""Makes extractEmail's `[\\w.+-]+@…` backtrack over every start: it runs into the 2 s
expression limit in `kflow run` (the shapes `'a' * 50_000`, `'a.' * 25_000 + '@'` do too;
`'a@' * 25_000` does not)."""


def _fire(serve: Serve, path: str, bodies: list[dict[str, str]]) -> list[int]:
    """Sends the requests at once; returns the executions they started."""
    with ThreadPoolExecutor(len(bodies)) as pool:
        replies = list(pool.map(lambda b: post_json(f"{serve.url}/webhook/{path}", b), bodies))
    assert [r.status for r in replies] == [200] * len(bodies), [r.text for r in replies]
    return [int(r.headers["x-kflow-execution-id"]) for r in replies]


def _healthz_answers_while_they_run(serve: Serve, ids: list[int]) -> None:
    health = call("GET", serve.url + "/healthz")
    assert health.status == 200 and health.json() == {"status": "ok"}
    statuses = {r["id"]: r["status"] for r in db_rows(serve.db) if r["id"] in ids}
    assert set(statuses.values()) <= {"queued", "running"}, (
        f"/healthz answered only after the executions ended: {statuses}"
    )
    rows = wait_until(lambda: settled(serve.db, len(ids)), what="the executions to end")
    for row in rows:
        assert row["status"] == "error" and "2 s" in row["error"], row["error"]
    assert call("GET", serve.url + "/healthz").status == 200


@pytest.fixture
def endless(processes: Processes, tmp_path: Path) -> Serve:
    return processes.serve(write_flow(tmp_path / "flows", ENDLESS))


@pytest.fixture
def backtrack(processes: Processes, tmp_path: Path) -> Serve:
    return processes.serve(write_flow(tmp_path / "flows", BACKTRACK))


def test_endless_expressions_do_not_stop_healthz(endless: Serve) -> None:
    """Three executions looping `while (true) {}` until the expression limit: /healthz
    answers while they still run."""
    ids = _fire(endless, "spin", [{}, {}, {}])
    _healthz_answers_while_they_run(endless, ids)


def test_backtracking_regexes_do_not_stop_healthz(backtrack: Serve) -> None:
    """Four requests at once, each with 50 KB crafted for extractEmail's regular
    expression: /healthz answers while their executions still run."""
    ids = _fire(backtrack, "email", [{"text": CRAFTED}] * 4)
    _healthz_answers_while_they_run(backtrack, ids)


def test_webhooks_are_recorded_while_executions_spin(endless: Serve) -> None:
    """While executions spin, new callers are still answered and recorded."""
    spinning = _fire(endless, "spin", [{}, {}])
    more = _fire(endless, "spin", [{}])
    statuses = {r["id"]: r["status"] for r in db_rows(endless.db)}
    assert {statuses[i] for i in spinning} <= {"queued", "running"}
    assert more[0] in statuses
    wait_until(lambda: settled(endless.db, 3), what="the executions to end")
