"""The sandbox's log engine: ranges in time zones, filters, sort, paging, 400s."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from kflow.sandbox.seed import seed_store
from kflow.sandbox.store import Store
from kflow.sandbox.store.clicks import CLICK_LOG
from kflow.sandbox.store.query import QueryError, run_log_query, time_range
from tests.support import FIRST_CLICK, FIXED_NOW


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    db = Store()
    seed_store(db, now=FIXED_NOW)
    yield db
    db.close()


def log(store: Store, body: dict[str, Any]) -> dict[str, Any]:
    return run_log_query(store.conn, CLICK_LOG, body, FIXED_NOW)


def test_all_time_counts_every_click(store: Store) -> None:
    result = log(store, {"columns": ["sub_id"], "limit": 2, "range": {"interval": "all_time"}})
    assert result["total"] == 3000
    assert result["rows"][0] == {"sub_id": FIRST_CLICK}
    assert len(result["rows"]) == 2


def test_paging_walks_every_row_once(store: Store) -> None:
    seen = []
    for offset in range(0, 3000, 400):
        page = log(store, {"columns": ["sub_id"], "limit": 400, "offset": offset})
        seen += [r["sub_id"] for r in page["rows"]]
    assert len(seen) == len(set(seen)) == 3000


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ({"interval": "today"}, "2026-11-20 00:00:00", "2026-11-20 23:59:59"),
        ({"interval": "yesterday"}, "2026-11-19 00:00:00", "2026-11-19 23:59:59"),
        ({"interval": "7_days_ago"}, "2026-11-13 00:00:00", "2026-11-20 23:59:59"),
        (
            {"interval": "yesterday", "timezone": "Europe/Moscow"},
            "2026-11-18 21:00:00",
            "2026-11-19 20:59:59",
        ),
        (
            {"from": "2026-11-01", "to": "2026-11-02", "timezone": "America/New_York"},
            "2026-11-01 04:00:00",
            "2026-11-03 04:59:59",
        ),
        (
            {"from": "2026-11-01 10:30", "to": "2026-11-01 11:00"},
            "2026-11-01 10:30:00",
            "2026-11-01 11:00:59",
        ),
    ],
)
def test_time_ranges_honour_the_time_zone(spec: dict[str, Any], start: str, end: str) -> None:
    _, got_start, got_end = time_range(spec, FIXED_NOW)
    assert (got_start, got_end) == (start, end)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"columns": ["payout"]}, "Unknown column: payout"),
        ({"range": {"interval": "last_30_days"}}, "Unknown interval: last_30_days"),
        ({"range": {"interval": "today", "timezone": "Mars/Base"}}, "Unknown timezone"),
        ({"range": {"from": "yesterday"}}, "Invalid date"),
        ({"filters": [{"name": "nope", "operator": "EQUALS", "expression": 1}]}, "Unknown column"),
        ({"filters": [{"name": "cost", "operator": "ABOUT", "expression": 1}]}, "Unknown operator"),
        ({"filters": [{"name": "cost"}]}, "name and operator"),
        ({"sort": [{"name": "payout"}]}, "Unknown column: payout"),
        ({"sort": [{"name": "cost", "order": "UP"}]}, "Invalid sort order"),
        ({"limit": "many"}, "must be integers"),
        ({"columns": "sub_id"}, "columns must be a list"),
    ],
)
def test_bad_requests_fail_whole(store: Store, body: dict[str, Any], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        log(store, body)


def count(store: Store, *filters: dict[str, Any]) -> int:
    return int(log(store, {"columns": ["sub_id"], "limit": 0, "filters": list(filters)})["total"])


def f(name: str, operator: str, expression: Any = None) -> dict[str, Any]:
    return {"name": name, "operator": operator, "expression": expression}


def test_filter_operators_partition_the_clicks(store: Store) -> None:
    total = count(store)
    assert (
        count(store, f("campaign_id", "EQUALS", "1"))
        + count(store, f("campaign_id", "NOT_EQUAL", 1))
        == total
    )
    assert (
        count(store, f("cost", "GREATER_THAN", 0.1))
        + count(store, f("cost", "EQUALS_OR_LESS_THAN", 0.1))
        == total
    )
    assert (
        count(store, f("cost", "LESS_THAN", 0.1))
        + count(store, f("cost", "EQUALS_OR_GREATER_THAN", 0.1))
        == total
    )
    assert count(store, f("keyword", "IS_SET")) + count(store, f("keyword", "IS_NOT_SET")) == total
    assert count(store, f("is_bot", "IS_TRUE")) + count(store, f("is_bot", "IS_FALSE")) == total
    assert (
        count(store, f("country_code", "IN_LIST", ["ES", "MX"]))
        + count(store, f("country_code", "NOT_IN_LIST", ["ES", "MX"]))
        == total
    )
    assert (
        count(store, f("keyword", "CONTAINS", "loan"))
        + count(store, f("keyword", "NOT_CONTAIN", "loan"))
        == total
    )
    assert (
        count(store, f("sub_id_1", "MATCH_REGEXP", "/^ad-[12]$/"))
        + count(store, f("sub_id_1", "NOT_MATCH_REGEXP", "/^ad-[12]$/"))
        == total
    )


def test_string_operators(store: Store) -> None:
    assert count(store, f("keyword", "BEGINS_WITH", "fast")) == count(
        store, f("keyword", "EQUALS", "fast loan")
    )
    assert count(store, f("keyword", "ENDS_WITH", "loss")) == count(
        store, f("keyword", "EQUALS", "weight loss")
    )
    assert count(store, f("keyword", "CONTAINS", "%")) == 0
    assert count(store, f("sub_id_1", "MATCH_REGEXP", "/AD-1/i")) == count(
        store, f("sub_id_1", "EQUALS", "ad-1")
    )


def test_between_and_combined_filters_are_anded(store: Store) -> None:
    both = count(store, f("campaign_id", "EQUALS", 2), f("cost", "BETWEEN", [0.4, 0.5]))
    assert 0 < both < count(store, f("campaign_id", "EQUALS", 2))


def test_sort_orders_rows(store: Store) -> None:
    rows = log(store, {"columns": ["cost"], "sort": [{"name": "cost", "order": "desc"}]})["rows"]
    costs = [float(r["cost"]) for r in rows]
    assert costs == sorted(costs, reverse=True)


def test_datetime_is_shown_in_the_range_time_zone(store: Store) -> None:
    def first(zone: str) -> datetime:
        body = {"columns": ["datetime"], "limit": 1, "range": {"timezone": zone}}
        return datetime.strptime(log(store, body)["rows"][0]["datetime"], "%Y-%m-%d %H:%M:%S")

    assert (first("Asia/Tokyo") - first("UTC")).total_seconds() == 9 * 3600


def test_money_comes_as_strings_like_a_tracker(store: Store) -> None:
    (row,) = log(store, {"columns": ["cost", "revenue"], "limit": 1})["rows"]
    assert isinstance(row["cost"], str) and len(row["cost"].split(".")[1]) == 4


def test_revenue_and_conversion_flags_come_from_conversions(store: Store) -> None:
    sales = log(
        store, {"columns": ["revenue", "is_sale"], "filters": [f("is_sale", "IS_TRUE")], "limit": 5}
    )
    assert sales["total"] > 0
    assert all(float(r["revenue"]) > 0 and r["is_sale"] == 1 for r in sales["rows"])
