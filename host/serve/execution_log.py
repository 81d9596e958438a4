"""Serve's log lines: one per request (method, path, status, time, execution) and one per
execution (id, flow, status, duration, items out, error).

They go through the `kflow` logger at INFO, whose handler masks every secret (the CLI's).
A request's line never holds a header, and its query shows the names of the parameters
only (their values may be tokens: `?signature=***`). `--quiet` silences the request lines
(the `kflow.serve.requests` logger) and keeps the execution lines.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from aiohttp import web

from kflow.host.serve.job_results import JobResult

__all__ = [
    "EXECUTIONS",
    "EXECUTION_KEY",
    "REQUESTS",
    "duration_text",
    "execution_line",
    "log_finished",
    "request_line",
    "request_log_middleware",
]

REQUESTS = logging.getLogger("kflow.serve.requests")
EXECUTIONS = logging.getLogger("kflow.serve.executions")
EXECUTION_KEY = web.RequestKey("kflow_execution", int)
"""Where a handler leaves the id of the execution a request made or resumed."""
MASK = "***"
ERROR_CHARS = 200
"""How much of an execution's error its log line shows."""


def request_line(
    method: str,
    path: str,
    query: Mapping[str, str],
    status: int,
    millis: float,
    execution: int | None = None,
) -> str:
    """`POST /webhook/hook?id=*** 202 3 ms execution 12`: the query's values masked."""
    shown = path
    if query:
        shown += "?" + "&".join(f"{name}={MASK}" for name in query)
    line = f"{method} {shown} {status} {millis:.0f} ms"
    return line if execution is None else f"{line} execution {execution}"


@web.middleware
async def request_log_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Logs one line per request once it is answered (errors raised as answers too)."""
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as answer:
        status = answer.status
        raise
    finally:
        if REQUESTS.isEnabledFor(logging.INFO):
            REQUESTS.info(
                request_line(
                    request.method,
                    request.path,
                    request.query,
                    status,
                    (time.perf_counter() - started) * 1000,
                    request.get(EXECUTION_KEY),
                )
            )


def execution_line(execution_id: int, flow: str, result: Mapping[str, Any]) -> str:
    """`execution 12 "Hooks" success in 35 ms, 1 item out` (an error: its first line)."""
    if result.get("waiting"):
        return f"execution {execution_id} {_quoted(flow)} waiting"
    error = result.get("error")
    status = "error" if error else "success"
    took = duration_text(result.get("started"), result.get("finished"))
    count = int(result.get("items_out") or 0)
    line = f"execution {execution_id} {_quoted(flow)} {status}"
    if took:
        line += f" in {took}"
    line += f", {count} item{'' if count == 1 else 's'} out"
    if error:
        first = str(error).splitlines()[0] if str(error) else ""
        cut = first[:ERROR_CHARS] + ("…" if len(first) > ERROR_CHARS else "")
        line += f": {cut}"
    return line


def log_finished(execution_id: int, flow: str, result: JobResult) -> None:
    """Logs the line of an execution that ended (or was put to wait)."""
    if EXECUTIONS.isEnabledFor(logging.INFO):
        EXECUTIONS.info(execution_line(execution_id, flow, result.to_json()))


def duration_text(started: str | None, finished: str | None) -> str:
    """`35 ms`, `2.5 s`, `3 min 4 s` between two stored instants ('' when one is missing)."""
    if not started or not finished:
        return ""
    try:
        seconds = (
            datetime.fromisoformat(finished) - datetime.fromisoformat(started)
        ).total_seconds()
    except ValueError:
        return ""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def _quoted(flow: str) -> str:
    return f'"{flow}"'
