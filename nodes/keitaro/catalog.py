"""Keitaro's documented names: log columns, report dimensions and measures, filter operators.

Drawn from the Admin API's documentation and what live trackers accept. Lists are
curated: names whose meaning is not documented (ec, ecpm_confirmed, …) are left out.
"""

from __future__ import annotations

__all__ = [
    "CLICK_COLUMNS",
    "CONVERSION_COLUMNS",
    "COST_FILTER_FIELDS",
    "DIMENSIONS",
    "INTERVALS",
    "LABEL_FIELDS",
    "LIST_OPERATORS",
    "MEASURES",
    "NO_VALUE_OPERATORS",
    "OPERATORS",
]

SUB_IDS = [f"sub_id_{i}" for i in range(1, 31)]
EXTRA_PARAMS = [f"extra_param_{i}" for i in range(1, 11)]

_VISIT = [
    "ip",
    "country_code",
    "country",
    "region",
    "city",
    "language",
    "device_type",
    "device_model",
    "os",
    "os_version",
    "browser",
    "browser_version",
    "user_agent",
    "connection_type",
    "operator",
    "isp",
    "referrer",
    "source",
    "search_engine",
    "keyword",
    "external_id",
    "creative_id",
    "ad_campaign_id",
]
_TIME = ["datetime", "year", "month", "week", "weekday", "day", "hour", "day_hour"]
_ENTITIES = [
    "campaign_id",
    "campaign",
    "campaign_group_id",
    "stream_id",
    "stream",
    "offer_id",
    "offer",
    "landing_id",
    "landing",
    "ts_id",
    "ts",
]
_FLAGS = [
    "is_unique_campaign",
    "is_unique_stream",
    "is_bot",
    "is_using_proxy",
    "is_lead",
    "is_sale",
    "is_rejected",
]

CLICK_COLUMNS: list[str] = [
    "sub_id",
    "click_id",
    "visitor_code",
    *_ENTITIES,
    *_TIME,
    *_VISIT,
    "cost",
    "revenue",
    "profit",
    *_FLAGS,
    *SUB_IDS,
    *EXTRA_PARAMS,
]
"""Columns of `clicks/log`. `payout` is not one: the money column is `revenue`."""

CONVERSION_COLUMNS: list[str] = [
    "conversion_id",
    "sub_id",
    "tid",
    "status",
    "previous_status",
    "original_status",
    "postback_datetime",
    "click_datetime",
    "sale_datetime",
    "params",
    *[c for c in CLICK_COLUMNS if c not in ("sub_id", "click_id")],
]
"""Columns of `conversions/log`: the click's plus the conversion's own."""

DIMENSIONS: list[str] = [
    *_TIME,
    *_ENTITIES,
    *_VISIT,
    "sub_id",
    "is_unique_campaign",
    "is_unique_stream",
    "is_bot",
    "is_using_proxy",
    *SUB_IDS,
    *EXTRA_PARAMS,
]
"""Report dimensions (`grouping` on older trackers)."""

MEASURES: list[str] = [
    "clicks",
    "campaign_unique_clicks",
    "stream_unique_clicks",
    "global_unique_clicks",
    "bots",
    "proxies",
    "empty_referrers",
    "conversions",
    "leads",
    "sales",
    "rejected",
    "rebills",
    "revenue",
    "sale_revenue",
    "lead_revenue",
    "rejected_revenue",
    "cost",
    "profit",
    "profitability",
    "roi",
    "cr",
    "crs",
    "crl",
    "approve",
    "uc_campaign_rate",
    "uc_stream_rate",
    "uc_global_rate",
    "bot_share",
    "epc",
    "cpc",
    "cpa",
    "cps",
]
"""Report measures (`metrics` on older trackers)."""

NO_VALUE_OPERATORS = ["IS_SET", "IS_NOT_SET", "IS_TRUE", "IS_FALSE"]
LIST_OPERATORS = ["IN_LIST", "NOT_IN_LIST", "BETWEEN"]
OPERATORS: list[str] = [
    "EQUALS",
    "NOT_EQUAL",
    "GREATER_THAN",
    "LESS_THAN",
    "EQUALS_OR_GREATER_THAN",
    "EQUALS_OR_LESS_THAN",
    "CONTAINS",
    "NOT_CONTAIN",
    "BEGINS_WITH",
    "ENDS_WITH",
    "MATCH_REGEXP",
    "NOT_MATCH_REGEXP",
    *LIST_OPERATORS,
    *NO_VALUE_OPERATORS,
    "HAS_LABEL",
    "NOT_HAS_LABEL",
]
"""The 21 filter operators of logs and reports."""

INTERVALS: list[str] = [
    "today",
    "yesterday",
    "7_days_ago",
    "30_days_ago",
    "first_day_of_this_week",
    "1_month_ago",
    "first_day_of_this_month",
    "6_months_ago",
    "1_year_ago",
    "first_day_of_this_year",
    "all_time",
]
"""Range presets trackers accept (`last_30_days` is not one)."""

LABEL_FIELDS: list[str] = [
    "ip",
    "source",
    "ad_campaign_id",
    "creative_id",
    "keyword",
    *[f"sub_id_{i}" for i in range(1, 11)],
]
"""Click fields that can carry white/black-list labels (`ref_name`)."""

COST_FILTER_FIELDS = frozenset(
    ["keyword", "source", "external_id", "creative_id", "ad_campaign_id"]
    + [f"sub_id_{i}" for i in range(1, 31)]
)
"""Click fields a cost entry may be narrowed by."""

POSTBACK_STATUSES = ("lead", "sale", "rejected", "rebill")
"""The conversion statuses a postback may set (others only through a status mapping)."""
