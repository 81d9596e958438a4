"""kill -9 serve, and start it again: every execution that was accepted runs to its end,
and none runs its effects twice. The flows append one JSONL line naming each execution
(writeFile, `append: true`); each line must be in the file exactly once. Callers who
fire many requests at once must not make lines vanish either."""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tests.security.conftest import (
    Processes,
    RedisServer,
    chain,
    db_rows,
    post_json,
    set_fields,
    settled,
    think,
    unfinished,
    wait_until,
    webhook,
    write_flow,
)

LINES = "lines.jsonl"
WRITE = {
    "name": "Write",
    "type": "writeFile",
    "parameters": {"path": LINES, "format": "jsonl", "append": True},
}
APPEND = {
    "name": "Append",
    "nodes": [webhook("Hook", "append"), set_fields("Line", n="={{ $json.body.n }}"), WRITE],
    "connections": chain("Hook", "Line", "Write"),
}
SLOW_AFTER = {
    "name": "Append then think",
    "nodes": [
        webhook("Hook", "append"),
        set_fields("Line", n="={{ $json.body.n }}"),
        WRITE,
        think("Think 1"),
        think("Think 2"),
        think("Think 3"),
        think("Think 4"),
    ],
    "connections": chain("Hook", "Line", "Write", "Think 1", "Think 2", "Think 3", "Think 4"),
}


def _lines(root: Path) -> list[str]:
    """Every line appended, wherever under `root` the files directory put the file (the
    working directory, or `kflow-files` beside the database)."""
    found: list[str] = []
    for path in sorted(root.rglob(LINES)):
        found += [json.loads(line)["n"] for line in path.read_text().splitlines() if line]
    return found


def _fire(url: str, count: int) -> None:
    for n in range(count):
        reply = post_json(url + "/webhook/append", {"n": str(n)})
        assert reply.status == 200, reply.text


def test_concurrent_appends_to_a_new_file_keep_every_line(
    processes: Processes, tmp_path: Path
) -> None:
    """20 callers at once, each execution appending its line to a file that does not
    exist yet: all 20 lines are there, once each (none overwritten by another's first
    write)."""
    serve = processes.serve(write_flow(tmp_path / "flows", APPEND))
    with ThreadPoolExecutor(20) as pool:
        replies = list(
            pool.map(lambda n: post_json(serve.url + "/webhook/append", {"n": str(n)}), range(20))
        )
    assert [r.status for r in replies] == [200] * 20
    rows = wait_until(lambda: settled(serve.db, 20), what="all 20 executions to end")
    assert [r["status"] for r in rows] == ["success"] * 20, [r["error"] for r in rows]
    counts: Counter[Any] = Counter(_lines(tmp_path))
    assert counts == Counter({str(n): 1 for n in range(20)}), f"lines in the file: {counts}"


def test_kill_9_serve_with_redis_runs_each_queued_execution_once(
    redis: RedisServer, processes: Processes, tmp_path: Path
) -> None:
    """Serve on Redis with no worker takes 30 executions; kill -9; serve starts again
    (and must not queue them again); a worker starts: each runs once."""
    flow = write_flow(tmp_path / "flows", APPEND)
    serve = processes.serve(flow, flags=["--broker", redis.url])
    _fire(serve.url, 30)
    assert all(row["task_id"] for row in db_rows(serve.db)), "answered before queued"
    serve.kill()
    assert [r["status"] for r in db_rows(serve.db)] == ["queued"] * 30
    processes.serve(flow, flags=["--broker", redis.url])
    processes.worker(redis.url)
    rows = wait_until(lambda: settled(serve.db, 30), what="all 30 executions to end")
    assert [r["status"] for r in rows] == ["success"] * 30, [r["error"] for r in rows]
    counts: Counter[Any] = Counter(_lines(tmp_path))
    assert counts == Counter({str(n): 1 for n in range(30)}), "a line is missing or doubled"


def test_kill_9_serve_in_process_runs_no_append_twice(processes: Processes, tmp_path: Path) -> None:
    """In-process: kill -9 serve while its executions run, after their line was appended
    and before they end (they think for some 3 s after it). Started again, serve runs
    them again; each line stays single. (Each request is sent once the previous one's
    line is in: no two first appends race.)"""
    flow = write_flow(tmp_path / "flows", SLOW_AFTER)
    serve = processes.serve(flow)
    for n in range(5):
        assert post_json(serve.url + "/webhook/append", {"n": str(n)}).status == 200
        wait_until(lambda n=n: str(n) in _lines(tmp_path), what=f"line {n} to be appended")
    serve.kill()
    interrupted = unfinished(serve.db)
    assert len(interrupted) == 5, "killed too late: some executions had ended"
    processes.serve(flow)
    rows = wait_until(lambda: settled(serve.db, 5), what="all 5 executions to end")
    assert [(r["status"], r["attempt"]) for r in rows] == [("success", 2)] * 5, [
        r["error"] for r in rows
    ]
    counts: Counter[Any] = Counter(_lines(tmp_path))
    assert counts == Counter({str(n): 1 for n in range(5)}), f"lines appended: {counts}"
