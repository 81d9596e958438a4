"""examples/spend-sync.yaml against three stubs: the ad-network emulator (paged spend), the
Keitaro sandbox (recording) and the Telegram emulator. `kflow run` and `kflow serve` (its
schedule, on a fake clock) must send the same requests: every page of yesterday's spend,
one exact cost update per campaign, one summary message.

The flow's "yesterday" is the real one (`$today`, as in n8n), so the expected requests are
derived from the day the flow asked for, which must be yesterday at the run's start or end;
the amounts are the emulator's own, per day, so every day gives the same checks.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

from kflow.credentials import KEITARO_API
from kflow.credentials.http_auth import HTTP_BEARER_AUTH
from kflow.credentials.telegram_api import TELEGRAM_API
from kflow.host.credentials import Credentials
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings
from kflow.sandbox import SandboxServer
from kflow.sandbox.adnetwork import AdNetworkServer, spend_rows
from kflow.sandbox.adnetwork.data import cents_text
from kflow.sandbox.telegram.server import TelegramServer
from tests.integration.test_cli import ROOT, kflow
from tests.integration.test_serve import FakeClock

EXAMPLE = ROOT / "examples" / "spend-sync.yaml"
CHAT_ID = -100001
PAGE_SIZE = 5
NAMES = {"keitaroApi": "Keitaro tracker", "telegramApi": "Telegram bot"}
BEARER = "Ad network"


@dataclass
class Stubs:
    """The three servers the example talks to."""

    keitaro: SandboxServer
    telegram: TelegramServer
    network: AdNetworkServer

    def credentials(self) -> Credentials:
        creds = Credentials()
        creds.add(KEITARO_API, self.keitaro.credentials(), name=NAMES["keitaroApi"])
        creds.add(TELEGRAM_API, self.telegram.credentials(), name=NAMES["telegramApi"])
        creds.add(HTTP_BEARER_AUTH, self.network.credentials(), name=BEARER)
        creds.environment.update(self.network.environment())
        return creds

    def credentials_yaml(self) -> str:
        entries = {
            NAMES["keitaroApi"]: {"type": "keitaroApi", **self.keitaro.credentials()},
            NAMES["telegramApi"]: {"type": "telegramApi", **self.telegram.credentials()},
            BEARER: {"type": "httpBearerAuth", **self.network.credentials()},
        }
        return json.dumps(entries)  # JSON is YAML


@asynccontextmanager
async def stubs() -> AsyncIterator[Stubs]:
    """Fresh stubs on real time: the flow's `$today` is real, so theirs must be too."""
    async with (
        SandboxServer(record=True) as keitaro,
        TelegramServer() as telegram,
        AdNetworkServer() as network,
    ):
        yield Stubs(keitaro, telegram, network)


def yesterday() -> date:
    return (datetime.now(UTC) - timedelta(days=1)).date()


def asked_day(network_requests: list[dict[str, Any]], before: date) -> date:
    """The day the flow asked the network for: yesterday when it started or ended."""
    day = date.fromisoformat(network_requests[0]["query"]["date_from"])
    assert day in {before, yesterday()}, f"asked for {day}, not yesterday"
    return day


def expected_network_requests(day: date) -> list[dict[str, Any]]:
    """Every page of the day's spend, the first as the flow asks, the rest as next_page_url."""
    pages = -(-len(spend_rows(day)) // PAGE_SIZE)
    first = {"date_from": day.isoformat(), "date_to": day.isoformat(), "limit": str(PAGE_SIZE)}
    return [
        {
            "method": "GET",
            "path": "/v1/stats/spend",
            "query": first if page == 1 else {**first, "page": str(page)},
            "status": 200,
            "authorized": True,
        }
        for page in range(1, pages + 1)
    ]


def expected_totals(day: date) -> dict[str, str]:
    """Each campaign's spend of the day (added in cents), as decimal text."""
    cents: dict[str, int] = {}
    for row in spend_rows(day):
        cents[row.campaign.campaign_id] = cents.get(row.campaign.campaign_id, 0) + row.cents
    return {campaign: cents_text(total) for campaign, total in cents.items()}


def expected_cost_bodies(day: date) -> list[dict[str, Any]]:
    """One `POST /clicks/update_costs` per campaign, with the exact amount."""

    def exact(text: str) -> str:  # Keitaro's node drops trailing zeros: 12.50 → 12.5
        return text.rstrip("0").rstrip(".") if "." in text else text

    return [
        {
            "campaign_ids": [int(campaign)],
            "costs": [
                {
                    "start_date": f"{day} 00:00",
                    "end_date": f"{day} 23:59",
                    "cost": exact(total),
                    "timezone": "UTC",
                    "currency": "USD",
                }
            ],
            "timezone": "UTC",
            "only_campaign_uniques": 0,
            "currency": "USD",
        }
        for campaign, total in sorted(expected_totals(day).items())
    ]


def expected_text(day: date) -> str:
    totals = expected_totals(day)
    names = {row.campaign.campaign_id: row.campaign.name for row in spend_rows(day)}
    cents = sum(row.cents for row in spend_rows(day))
    return "\n".join(
        [
            f"Spend for {day}: {cents_text(cents)} USD, pushed to Keitaro for "
            f"{len(totals)} of {len(totals)} campaigns.",
            *(f"• {names[c]} (#{c}): {total} USD" for c, total in totals.items()),
        ]
    )


def keitaro_requests(server: SandboxServer) -> list[tuple[str, str, Any]]:
    """The tracker's requests, in campaign order: kflow sends an item node's requests
    concurrently, so they may arrive in any order."""
    found = [
        (r.method, r.path, json.loads(r.body) if r.body else None)
        for r in server.requests
        if r.path.startswith("/admin_api/")
    ]
    return sorted(found, key=lambda r: json.dumps(r, sort_keys=True))


def sent_messages(server: TelegramServer) -> list[tuple[int, str]]:
    return [(m["chat"]["id"], m["text"]) for m in server.store.sent]


def check_requests(found: Stubs, before: date) -> date:
    """Asserts what each stub got; returns the day the flow synced."""
    day = asked_day(found.network.requests, before)
    assert found.network.requests == expected_network_requests(day)
    assert keitaro_requests(found.keitaro) == [
        ("POST", "/admin_api/v1/clicks/update_costs", body) for body in expected_cost_bodies(day)
    ]
    assert all(r.status == 200 for r in found.keitaro.requests)
    assert sent_messages(found.telegram) == [(CHAT_ID, expected_text(day))]
    return day


def test_the_sums_are_exact_and_the_days_have_several_pages() -> None:
    day = date(2026, 11, 19)
    totals = expected_totals(day)
    assert list(totals) == ["1", "2", "3", "4", "5"]
    assert len(expected_network_requests(day)) == 3
    # Float addition of the same rows would not give exactly these for every day.
    for campaign, total in totals.items():
        rows = [r.as_json()["spend"] for r in spend_rows(day) if r.campaign.campaign_id == campaign]
        whole = sum(int(s.replace(".", "")) for s in rows)
        assert total == cents_text(whole)


async def test_kflow_run_sends_each_page_the_exact_costs_and_one_message(tmp_path: Path) -> None:
    async with stubs() as found:
        creds = tmp_path / "creds.yaml"
        creds.write_text(found.credentials_yaml())
        before = yesterday()
        result = await kflow(
            "run",
            str(EXAMPLE),
            "--credentials",
            str(creds),
            "--allow-env",
            env={"AD_NETWORK_URL": found.network.url},
        )
        assert result.code == 0, result.err
        day = check_requests(found, before)
    (message,) = result.json()
    assert message["result"]["chat"]["id"] == CHAT_ID
    assert message["result"]["text"] == expected_text(day)


async def test_kflow_serve_runs_it_on_its_schedule(tmp_path: Path) -> None:
    async with stubs() as found:
        store = ExecutionStore(tmp_path / "kflow.db")
        start = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
        clock = FakeClock(start, start + timedelta(minutes=30))  # fires once, at 12:15
        server = Server(
            load_served_flows([EXAMPLE]),
            store,
            found.credentials(),
            RunSettings(allow_env=True, retries=1),
            clock=clock,
        )
        before = yesterday()
        await server.start()
        for _ in range(1000):
            await asyncio.sleep(0.01)
            if clock.parked and store.list() and not store.unfinished():
                break
        await server.stop()
        (execution,) = store.list()
        assert execution.status == "success"
        fires = store.conn.execute("SELECT instant FROM fires").fetchall()
        assert [f[0][11:19] for f in fires] == ["12:15:00"]
        check_requests(found, before)


async def test_without_allow_env_it_stops_at_the_request_saying_why(tmp_path: Path) -> None:
    async with stubs() as found:
        creds = tmp_path / "creds.yaml"
        creds.write_text(found.credentials_yaml())
        result = await kflow(
            "run", str(EXAMPLE), "--credentials", str(creds), env={"AD_NETWORK_URL": "x"}
        )
        assert result.code == 2
        assert "Fetch spend" in result.err and "--allow-env" in result.err
        assert found.network.requests == [] and found.keitaro.requests == []


def _adnetwork_installed() -> bool:
    return any(e.name == "adnetwork" for e in entry_points(group="kflow.sandboxes"))


@pytest.mark.skipif(
    not _adnetwork_installed(), reason="the adnetwork sandbox entry point is not installed yet"
)
async def test_kflow_run_with_sandbox_starts_all_three() -> None:
    # Real time for every sandbox: the flow's yesterday must be in the emulator's past.
    result = await kflow(
        "run", str(EXAMPLE), "--sandbox", "--allow-env", env={"KFLOW_SANDBOX_NOW": ""}
    )
    assert result.code == 0, result.err
    (message,) = result.json()
    assert message["result"]["chat"]["id"] == CHAT_ID
    assert "pushed to Keitaro for 5 of 5 campaigns." in message["result"]["text"]
