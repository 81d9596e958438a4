"""Cost updates send the amount exactly as given (it used to go out as 12345.7 or 1.23457e+06)."""

from __future__ import annotations

import pytest

from kflow.testing import MemoryTransport, assert_sent, run_node
from tests.support import CANARY_KEY

TRACKER = {"keitaroApi": {"domain": "https://tracker.test", "apiKey": CANARY_KEY}}


@pytest.mark.parametrize(
    ("cost", "sent"),
    [(12345.67, "12345.67"), (1234567.891, "1234567.891"), ("={{ $json.spend }}", "0.1")],
)
async def test_campaign_cost_update(cost: object, sent: str) -> None:
    transport = MemoryTransport().answer(
        "POST", "/admin_api/v1/campaigns/7/update_costs", json={"success": True}
    )
    await run_node(
        "keitaro",
        [{"spend": 0.1}],
        {
            "resource": "campaign",
            "operation": "updateCosts",
            "campaignId": 7,
            "dateFrom": "2026-11-01",
            "dateTo": "2026-11-01",
            "timezone": "Europe/Moscow",
            "cost": cost,
            "currency": "USD",
        },
        credentials=TRACKER,
        transport=transport,
    )
    request = assert_sent(transport, "POST", "/admin_api/v1/campaigns/7/update_costs")
    assert request.json["cost"] == sent


async def test_click_cost_update_entries() -> None:
    transport = MemoryTransport().answer(
        "POST", "/admin_api/v1/clicks/update_costs", json={"success": True}
    )
    entries = [
        {"dateFrom": "2026-11-01", "dateTo": "2026-11-01", "cost": 1234567.891},
        {"dateFrom": "2026-11-02", "dateTo": "2026-11-02", "cost": 0.0000001},
    ]
    await run_node(
        "keitaro",
        [{}],
        {
            "resource": "click",
            "operation": "updateCosts",
            "campaignIds": "7",
            "costs": {"cost": entries},
            "timezone": "Europe/Moscow",
        },
        credentials=TRACKER,
        transport=transport,
    )
    request = assert_sent(transport, "POST", "/admin_api/v1/clicks/update_costs")
    assert [c["cost"] for c in request.json["costs"]] == ["1234567.891", "0.0000001"]
