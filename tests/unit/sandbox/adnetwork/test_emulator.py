"""The ad-network emulator: paged spend behind a bearer token, exact money, its clock."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import aiohttp
import pytest

from kflow.sandbox.adnetwork import AdNetworkServer, spend_rows
from kflow.sandbox.adnetwork.command import serve_credentials
from kflow.sandbox.adnetwork.data import cents_text

NOW = datetime(2026, 11, 20, 12, 30, tzinfo=UTC)
TOKEN = "adn_test_token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def network() -> AsyncIterator[AdNetworkServer]:
    async with AdNetworkServer(token=TOKEN, clock=lambda: NOW) as server:
        yield server


async def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as answer:
        return answer.status, await answer.json()


def _spend(server: AdNetworkServer, query: str) -> str:
    return f"{server.url}/v1/stats/spend?{query}"


async def test_pages_follow_next_page_url_to_the_end(network: AdNetworkServer) -> None:
    url: str | None = _spend(network, "date_from=2026-11-18&date_to=2026-11-19&limit=7")
    rows, pages = [], []
    while url:
        status, body = await _get(url, AUTH)
        assert status == 200
        rows += body["data"]
        pages.append((body["page"], body["pages"]))
        url = body["next_page_url"]
    assert pages == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    expected = [
        r.as_json() for d in (date(2026, 11, 18), date(2026, 11, 19)) for r in spend_rows(d)
    ]
    assert rows == expected and len(rows) == 30
    assert all(isinstance(r["spend"], str) and Decimal(r["spend"]) >= 0 for r in rows)
    assert [r["query"].get("page") for r in network.requests] == [None, "2", "3", "4", "5"]


async def test_the_same_day_always_has_the_same_spend() -> None:
    day = date(2026, 3, 1)
    assert [r.as_json() for r in spend_rows(day)] == [r.as_json() for r in spend_rows(day)]
    assert spend_rows(day) != spend_rows(day, seed=2)
    assert {r.campaign.campaign_id for r in spend_rows(day)} == {"1", "2", "3", "4", "5"}
    assert cents_text(5) == "0.05" and cents_text(123456) == "1234.56" and cents_text(0) == "0.00"


async def test_today_counts_only_the_hours_gone_by(network: AdNetworkServer) -> None:
    status, body = await _get(_spend(network, "date_from=2026-11-20&date_to=2026-11-20"), AUTH)
    assert status == 200
    full = {(r.campaign.campaign_id, r.zone_id): r.cents for r in spend_rows(date(2026, 11, 20))}
    for row in body["data"]:
        assert Decimal(row["spend"]) * 100 == full[(row["campaign_id"], row["zone_id"])] * 12 // 24


@pytest.mark.parametrize(
    ("headers", "query", "status", "parameter"),
    [
        ({}, "date_from=2026-11-19&date_to=2026-11-19", 401, None),
        ({"Authorization": "Bearer nope"}, "date_from=2026-11-19&date_to=2026-11-19", 401, None),
        (AUTH, "date_to=2026-11-19", 400, "date_from"),
        (AUTH, "date_from=19.11.2026&date_to=2026-11-19", 400, "date_from"),
        (AUTH, "date_from=2026-02-30&date_to=2026-11-19", 400, "date_from"),
        (AUTH, "date_from=2026-11-19&date_to=2026-11-18", 400, "date_to"),
        (AUTH, "date_from=2026-11-19&date_to=2026-11-21", 400, "date_to"),
        (AUTH, "date_from=2026-09-01&date_to=2026-11-19", 400, "date_to"),
        (AUTH, "date_from=2026-11-19&date_to=2026-11-19&limit=0", 400, "limit"),
        (AUTH, "date_from=2026-11-19&date_to=2026-11-19&limit=101", 400, "limit"),
        (AUTH, "date_from=2026-11-19&date_to=2026-11-19&page=x", 400, "page"),
        (AUTH, "date_from=2026-11-19&date_to=2026-11-19&page=2", 400, "page"),
    ],
)
async def test_bad_requests_get_a_json_error(
    network: AdNetworkServer,
    headers: dict[str, str],
    query: str,
    status: int,
    parameter: str | None,
) -> None:
    got, body = await _get(_spend(network, query), headers)
    assert got == status
    assert body["error"]["message"]
    assert body["error"].get("parameter") == parameter


async def test_the_log_lists_requests_without_the_token(network: AdNetworkServer) -> None:
    await _get(_spend(network, "date_from=2026-11-19&date_to=2026-11-19&campaign_id=2,5"), AUTH)
    await _get(_spend(network, "date_from=2026-11-19&date_to=2026-11-19"))
    status, body = await _get(f"{network.url}/_emulator/requests")
    assert status == 200
    assert [(r["status"], r["authorized"]) for r in body["requests"]] == [(200, True), (401, False)]
    assert TOKEN not in str(body)


async def test_campaign_filter(network: AdNetworkServer) -> None:
    url = _spend(network, "date_from=2026-11-19&date_to=2026-11-19&campaign_id=2,5")
    _, body = await _get(url, AUTH)
    assert {r["campaign_id"] for r in body["data"]} == {"2", "5"}


async def test_asking_too_fast_gets_429_with_retry_after() -> None:
    async with AdNetworkServer(token=TOKEN, clock=lambda: NOW, min_interval=5) as server:
        url = _spend(server, "date_from=2026-11-19&date_to=2026-11-19")
        assert (await _get(url, AUTH))[0] == 200
        async with aiohttp.ClientSession() as session, session.get(url, headers=AUTH) as answer:
            assert answer.status == 429 and answer.headers["Retry-After"] == "5"


async def test_the_sandbox_provider_yields_the_credential_and_the_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KFLOW_SANDBOX_NOW", "2026-11-20T12:00:00Z")
    async with serve_credentials() as served:
        token = served["httpBearerAuth"]["token"]
        url = served["$env"]["AD_NETWORK_URL"]
        status, body = await _get(
            f"{url}/v1/stats/spend?date_from=2026-11-20&date_to=2026-11-20",
            {"Authorization": f"Bearer {token}"},
        )
        assert status == 200 and body["total"] == 15
        status, _ = await _get(f"{url}/v1/stats/spend?date_from=2026-11-21&date_to=2026-11-21")
        assert status == 401


async def test_a_bad_clock_variable_ends_with_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KFLOW_SANDBOX_NOW", "yesterday")
    with pytest.raises(SystemExit) as stopped:
        async with serve_credentials():
            pass
    assert stopped.value.code == 2


async def test_python_dash_m_serves_it() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kflow.sandbox.adnetwork",
        "--port",
        "0",
        "--token",
        TOKEN,
        "--now",
        NOW.isoformat(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 20)).decode()
        assert line.startswith("Ad-network emulator on http://127.0.0.1:")
    finally:
        process.terminate()
        await process.wait()
