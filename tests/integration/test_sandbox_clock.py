"""Sandboxes take their clock from the test: `KFLOW_SANDBOX_NOW`, `kflow sandbox --now`, and
the plugin's `kflow_sandbox_now`. The data is seeded around that instant, not the real date."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from kflow.sandbox.keys import CLOCK
from tests.integration.test_cli import KFLOW, kflow
from tests.support import CANARY_KEY, FIXED_NOW, child_env

ELSEWHERE = datetime(2019, 6, 15, 12, 0, tzinfo=UTC)
"""An instant far from any date these tests run on, so real time cannot pass for it."""


def _day(days: int) -> str:
    return (ELSEWHERE + timedelta(days=days)).date().isoformat()


def _click_log(*range_params: str) -> list[str]:
    return [
        *("node", "keitaro", "-p", "resource=click", "-p", "operation=getLog"),
        *("-p", "returnAll=true", "-p", 'columns=["datetime"]', *range_params, "--sandbox"),
    ]


def _days(result: Any) -> set[str]:
    assert result.code == 0, result.err
    return {item["data"]["datetime"][:10] for item in result.json()}


async def test_a_sandbox_run_seeds_around_the_instant_in_the_environment() -> None:
    env = {"KFLOW_SANDBOX_NOW": ELSEWHERE.isoformat()}

    def day(days: int) -> list[str]:
        return [
            "-p",
            "interval=custom",
            "-p",
            f"dateFrom={_day(days)}",
            "-p",
            f"dateTo={_day(days)}",
        ]

    before, after, today = await asyncio.gather(
        kflow(*_click_log(*day(-10)), env=env),
        kflow(*_click_log(*day(10)), env=env),
        kflow(*_click_log("-p", "interval=today"), env=env),
    )
    assert _days(before) == {_day(-10)}
    assert _days(after) == set()
    assert _days(today) == {_day(0)}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("soon", "'soon' is not an ISO 8601 instant such as 2026-11-20T12:00:00Z"),
        ("2019-06-15T12:00", "'2019-06-15T12:00' has no offset: end it with Z or ±HH:MM"),
    ],
)
async def test_a_bad_instant_in_the_environment_is_bad_input(value: str, message: str) -> None:
    result = await kflow(*_click_log(), env={"KFLOW_SANDBOX_NOW": value})
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"kflow: error: KFLOW_SANDBOX_NOW: {message}")


async def test_the_sandbox_command_refuses_a_bad_now() -> None:
    result = await kflow("sandbox", "--now", "2019-06-15")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("kflow: error: --now: '2019-06-15' has no offset")


@pytest.mark.parametrize(
    ("args", "now"),
    [(["--now", "2019-06-15T15:00:00+03:00"], ELSEWHERE), ([], FIXED_NOW)],
    ids=["--now", "environment"],
)
async def test_the_sandbox_command_starts_its_clock_at_now(
    args: list[str], now: datetime, unused_tcp_port: int
) -> None:
    """--now wins over KFLOW_SANDBOX_NOW, which the tests set to FIXED_NOW (child_env)."""
    proc = await asyncio.create_subprocess_exec(
        *(str(KFLOW), "sandbox", "--port", str(unused_tcp_port), "--api-key", CANARY_KEY, *args),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env=child_env(),
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), timeout=30)).decode()
        assert f"http://127.0.0.1:{unused_tcp_port}" in line
        url = f"http://127.0.0.1:{unused_tcp_port}/admin_api/v1/clicks/log"
        body = {"columns": ["datetime"], "range": {"interval": "today"}, "limit": 10000}
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, json=body, headers={"Api-Key": CANARY_KEY}) as resp,
        ):
            assert resp.status == 200
            rows = (await resp.json())["rows"]
        assert rows and {row["datetime"][:10] for row in rows} == {now.date().isoformat()}
    finally:
        proc.terminate()
        await proc.wait()


@pytest.fixture
def kflow_sandbox_now() -> datetime:
    """The plugin's fixture, overridden as a node author would."""
    return ELSEWHERE


def test_the_plugin_sandbox_takes_its_clock_from_kflow_sandbox_now(kflow_sandbox: Any) -> None:
    server = kflow_sandbox.server
    first, last = server.store.conn.execute(
        "SELECT MIN(datetime), MAX(datetime) FROM clicks"
    ).fetchone()
    assert _day(-30) <= first[:10] and last[:10] == _day(0)
    assert ELSEWHERE <= server.app[CLOCK]() < ELSEWHERE + timedelta(minutes=5)
