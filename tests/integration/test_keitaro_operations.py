"""Every Keitaro operation against the real sandbox: what a tracker would answer, and errors."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.host import run_node
from kflow.host.errors import NodeApiError
from kflow.host.items import make_item
from kflow.host.redaction import Redactor
from kflow.sandbox import SandboxServer
from tests.support import CANARY_KEY, FIRST_CLICK, fixed_date


@pytest.fixture
def keitaro(sandbox_credentials: dict[str, Any]) -> Any:
    """Runs one operation on one item; returns the output items' json."""

    async def run(resource: str, operation: str, **params: Any) -> list[dict[str, Any]]:
        out = await run_node(
            "keitaro",
            [make_item({})],
            {"resource": resource, "operation": operation, **params},
            credentials=sandbox_credentials,
            redactor=Redactor([CANARY_KEY, sandbox_credentials["keitaroApi"]["postbackKey"]]),
        )
        return [o["json"] for o in out]

    return run


def data(items: list[dict[str, Any]]) -> list[Any]:
    assert all(i["success"] for i in items)
    return [i["data"] for i in items]


ALL_TIME = {"interval": "all_time"}


# click


async def test_click_log_limit_and_return_all(keitaro: Any) -> None:
    five = data(await keitaro("click", "getLog", limit=5, columns=["sub_id", "cost"], **ALL_TIME))
    assert len(five) == 5 and five[0] == {
        "sub_id": FIRST_CLICK,
        "cost": pytest.approx(five[0]["cost"]),
    }
    assert isinstance(five[0]["cost"], float)
    (summary,) = data(
        await keitaro(
            "click", "getLog", returnAll=True, options={"splitIntoItems": False}, **ALL_TIME
        )
    )
    assert summary["total"] == 3000 and len(summary["rows"]) == 3000


async def test_click_log_filters_and_sort(keitaro: Any) -> None:
    rows = data(
        await keitaro(
            "click",
            "getLog",
            columns=["campaign_id", "cost"],
            filters={"filter": [{"name": "campaign_id", "operator": "EQUALS", "value": "4"}]},
            sort={"rule": [{"name": "cost", "order": "DESC"}]},
            limit=20,
            **ALL_TIME,
        )
    )
    assert {r["campaign_id"] for r in rows} == {4}
    assert [r["cost"] for r in rows] == sorted((r["cost"] for r in rows), reverse=True)


async def test_tracker_400_surfaces_with_its_message(keitaro: Any) -> None:
    bad = {"filter": [{"name": "cost", "operator": "BETWEEN", "value": "cheap, dear"}]}
    with pytest.raises(NodeApiError) as caught:
        await keitaro("click", "getLog", filters=bad, **ALL_TIME)
    assert caught.value.http_code == 400
    assert "Invalid value for a numeric column" in str(caught.value)


async def _campaign_cost(keitaro: Any, campaign_id: int, day: str) -> tuple[float, int]:
    (summary,) = data(
        await keitaro(
            "click",
            "getLog",
            columns=["cost"],
            returnAll=True,
            interval="custom",
            dateFrom=day,
            dateTo=day,
            filters={
                "filter": [
                    {"name": "campaign_id", "operator": "EQUALS", "value": str(campaign_id)},
                    {"name": "is_bot", "operator": "IS_FALSE"},
                ]
            },
            options={"splitIntoItems": False},
        )
    )
    return sum(r["cost"] for r in summary["rows"]), summary["total"]


async def test_update_costs_splits_the_total_over_the_clicks(keitaro: Any) -> None:
    day = fixed_date(-1)
    costs = {"cost": [{"dateFrom": day, "dateTo": day, "cost": 60}]}
    (answer,) = data(await keitaro("click", "updateCosts", campaignIds="2", costs=costs))
    assert answer == {"success": True}
    total, clicks = await _campaign_cost(keitaro, 2, day)
    assert clicks > 0 and total == pytest.approx(60, abs=0.01)
    data(await keitaro("click", "updateCosts", campaignIds="2", costs=costs))
    assert (await _campaign_cost(keitaro, 2, day))[0] == pytest.approx(60, abs=0.01)


async def test_campaign_update_costs_converts_the_currency(keitaro: Any) -> None:
    day = fixed_date(-2)
    params = {"dateFrom": day, "dateTo": day, "cost": 100, "currency": "EUR"}
    data(await keitaro("campaign", "updateCosts", campaignId=3, **params))
    assert (await _campaign_cost(keitaro, 3, day))[0] == pytest.approx(108, abs=0.01)


async def test_clean_deletes_the_period(keitaro: Any) -> None:
    day = fixed_date(-3)
    before = await _campaign_cost(keitaro, 1, day)
    assert before[1] > 0
    data(await keitaro("click", "clean", dateFrom=day, dateTo=day, campaignId=1))
    assert (await _campaign_cost(keitaro, 1, day))[1] == 0
    assert (await _campaign_cost(keitaro, 2, day))[1] > 0


# campaign


async def test_campaign_lifecycle(keitaro: Any) -> None:
    assert len(data(await keitaro("campaign", "getMany", returnAll=True))) == 5
    (created,) = data(await keitaro("campaign", "create", name="Spring test"))
    assert created["alias"] and isinstance(created["parameters"], dict)
    new_id = created["id"]
    (updated,) = data(
        await keitaro("campaign", "update", campaignId=new_id, updateFields={"cost_value": 0.4})
    )
    assert updated["cost_value"] == 0.4 and updated["name"] == "Spring test"
    (disabled,) = data(await keitaro("campaign", "disable", campaignId=new_id))
    (enabled,) = data(await keitaro("campaign", "enable", campaignId=new_id))
    assert (disabled["state"], enabled["state"]) == ("disabled", "active")
    data(await keitaro("campaign", "archive", campaignId=new_id))
    archived = data(await keitaro("campaign", "getArchived", returnAll=True))
    assert [c["id"] for c in archived] == [6, new_id]  # 6: the seed's archived campaign
    with pytest.raises(NodeApiError) as caught:
        await keitaro("campaign", "get", campaignId=new_id)
    assert caught.value.http_code == 404
    data(await keitaro("campaign", "restore", campaignId=new_id))
    (again,) = data(await keitaro("campaign", "get", campaignId=new_id))
    assert again["state"] == "active"


async def test_duplicate_alias_is_406_with_the_field_named(keitaro: Any) -> None:
    with pytest.raises(NodeApiError) as caught:
        await keitaro("campaign", "create", name="Dup", additionalFields={"alias": "fbnutra"})
    assert caught.value.http_code == 406
    assert list(caught.value.field_errors) == ["alias"]
    assert "alias:" in str(caught.value)


async def test_clone_returns_the_new_campaign(keitaro: Any) -> None:
    (copy,) = data(await keitaro("campaign", "clone", campaignId=1))
    assert copy["name"] == "Copy of FB Nutra ES" and copy["id"] == 7
    streams = data(await keitaro("campaign", "getStreams", campaignId=copy["id"], returnAll=True))
    assert {s["name"] for s in streams} == {"Main offer", "Bots"}


async def test_unknown_campaign_is_404(keitaro: Any) -> None:
    for operation in ("get", "enable", "getStreams", "clone"):
        with pytest.raises(NodeApiError) as caught:
            await keitaro("campaign", operation, campaignId=999)
        assert caught.value.http_code == 404, operation


# postback and conversion


async def test_postback_creates_then_upgrades_a_conversion(keitaro: Any) -> None:
    extra = {"tid": "T-1", "payout": 20, "return": "OK"}
    (sent,) = data(
        await keitaro("postback", "send", subid=FIRST_CLICK, status="lead", additionalFields=extra)
    )
    assert sent == {"status": 200, "body": "OK"}
    data(
        await keitaro(
            "postback", "send", subid=FIRST_CLICK, status="sale", additionalFields={"tid": "T-1"}
        )
    )
    data(
        await keitaro(
            "postback", "send", subid=FIRST_CLICK, status="lead", additionalFields={"tid": "T-1"}
        )
    )
    rows = data(
        await keitaro(
            "conversion",
            "getLog",
            columns=["sub_id", "tid", "status", "previous_status", "revenue"],
            filters={"filter": [{"name": "sub_id", "operator": "EQUALS", "value": FIRST_CLICK}]},
            **ALL_TIME,
        )
    )
    assert rows == [
        {
            "sub_id": FIRST_CLICK,
            "tid": "T-1",
            "status": "sale",
            "previous_status": "lead",
            "revenue": 20.0,
        }
    ]
    log = [r["message"] for r in data(await keitaro("postback", "getReceivedLog", returnAll=True))]
    assert any("sale → lead is not allowed" in m for m in log)
    assert all("****" in m for m in log if "postback?" in m)
    sent_log = data(await keitaro("postback", "getSentLog", returnAll=True))
    assert any("status=lead" in r["message"] for r in sent_log)


async def test_update_sub_ids_through_the_tracker_url(keitaro: Any) -> None:
    (answer,) = data(
        await keitaro(
            "click",
            "updateSubIds",
            subid=FIRST_CLICK,
            subIds='{"sub_id_4": "form", "sub_id_30": 7}',
        )
    )
    assert answer["status"] == 200
    rows = data(
        await keitaro(
            "click",
            "getLog",
            columns=["sub_id", "sub_id_4", "sub_id_30"],
            filters={"filter": [{"name": "sub_id", "operator": "EQUALS", "value": FIRST_CLICK}]},
            **ALL_TIME,
        )
    )
    assert rows == [{"sub_id": FIRST_CLICK, "sub_id_4": "form", "sub_id_30": "7"}]


async def test_conversion_create_then_reject(keitaro: Any) -> None:
    """conversion → create and → updateStatus are postbacks with a simpler form."""
    form = {"subid": FIRST_CLICK, "tid": "order-7"}
    data(await keitaro("conversion", "create", status="lead", revenue="1234.56", **form))
    data(await keitaro("conversion", "updateStatus", status="rejected", **form))
    rows = data(
        await keitaro(
            "conversion",
            "getLog",
            columns=["tid", "status", "previous_status", "revenue"],
            filters={"filter": [{"name": "tid", "operator": "EQUALS", "value": "order-7"}]},
            **ALL_TIME,
        )
    )
    assert rows == [
        {"tid": "order-7", "status": "rejected", "previous_status": "lead", "revenue": 1234.56}
    ]


async def test_postback_for_an_unknown_subid_is_accepted_and_logged(keitaro: Any) -> None:
    data(await keitaro("postback", "send", subid="nosuchsubid"))
    lines = data(await keitaro("postback", "getReceivedLog", search="nosuchsubid", limit=10))
    assert any(line["message"] == "SubID not found: nosuchsubid" for line in lines)


async def test_custom_status_mapping(keitaro: Any) -> None:
    extra = {"tid": "X", "sale_status": "Approved,Paid"}
    data(
        await keitaro("postback", "send", subid=FIRST_CLICK, status="Paid", additionalFields=extra)
    )
    (row,) = data(
        await keitaro(
            "conversion",
            "getLog",
            columns=["status", "original_status"],
            filters={"filter": [{"name": "tid", "operator": "EQUALS", "value": "X"}]},
            **ALL_TIME,
        )
    )
    assert row == {"status": "sale", "original_status": "Paid"}


# statistics


async def test_report_sums_match_the_click_log(keitaro: Any) -> None:
    rows = data(
        await keitaro(
            "statistics", "buildReport", measures=["clicks", "cost"], returnAll=True, **ALL_TIME
        )
    )
    assert sum(r["clicks"] for r in rows) == 3000
    (log,) = data(
        await keitaro(
            "click",
            "getLog",
            columns=["cost"],
            returnAll=True,
            options={"splitIntoItems": False},
            **ALL_TIME,
        )
    )
    assert sum(r["cost"] for r in rows) == pytest.approx(
        sum(r["cost"] for r in log["rows"]), abs=0.01
    )


async def test_report_legacy_names_give_the_same_rows(keitaro: Any) -> None:
    params = {
        "dimensions": ["campaign_id", "day"],
        "measures": ["clicks", "sales", "roi"],
        "returnAll": True,
        "interval": "7_days_ago",
    }
    current = data(await keitaro("statistics", "buildReport", **params))
    legacy = data(
        await keitaro("statistics", "buildReport", options={"wireNames": "legacy"}, **params)
    )
    assert current == legacy and len(current) > 5


async def test_report_filters_on_measures(keitaro: Any) -> None:
    losing = data(
        await keitaro(
            "statistics",
            "buildReport",
            dimensions=["campaign"],
            measures=["roi"],
            filters={"filter": [{"name": "roi", "operator": "LESS_THAN", "value": "0"}]},
            **ALL_TIME,
        )
    )
    assert losing and all(r["roi"] < 0 for r in losing)


async def test_labels_round_trip_and_filter(keitaro: Any) -> None:
    data(await keitaro("statistics", "setLabels", campaignId=1, values="ad-1, ad-2"))
    (labels,) = data(await keitaro("statistics", "getLabels", campaignId=1))
    assert labels == {"ad-1": "blacklist", "ad-2": "blacklist"}
    rows = data(
        await keitaro(
            "statistics",
            "buildReport",
            dimensions=["sub_id_1"],
            measures=["clicks"],
            filters={
                "filter": [
                    {"name": "sub_id_1", "operator": "HAS_LABEL", "value": "blacklist"},
                    {"name": "campaign_id", "operator": "EQUALS", "value": "1"},
                ]
            },
            **ALL_TIME,
        )
    )
    assert {r["sub_id_1"] for r in rows} == {"ad-1", "ad-2"}
    data(await keitaro("statistics", "setLabels", campaignId=1, values="ad-1", label=""))
    (labels,) = data(await keitaro("statistics", "getLabels", campaignId=1))
    assert labels == {"ad-2": "blacklist"}


async def test_sandbox_credentials_reach_every_resource(
    sandbox: SandboxServer, keitaro: Any
) -> None:
    for resource, operation in [
        ("campaign", "getMany"),
        ("conversion", "getLog"),
        ("statistics", "buildReport"),
        ("postback", "getSentLog"),
        ("click", "getLog"),
    ]:
        out = await keitaro(resource, operation)
        assert all(o["success"] for o in out), (resource, operation)
