"""Normalising the loose types trackers answer with, so outputs have one shape.

Trackers send ids and money as strings (`"12"`, `"0.1200"`), campaign `parameters` as a
JSON string (sometimes encoded twice), and empty strings for missing ids. On read:
ids become integers, money and measures become numbers, `parameters` becomes an object,
and an empty id becomes null. Everything else is left as the tracker sent it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from kflow.nodes.keitaro.catalog import MEASURES

__all__ = ["normalize"]

ID_FIELDS = frozenset(
    [
        "id",
        "campaign_id",
        "campaign_group_id",
        "stream_id",
        "offer_id",
        "landing_id",
        "ts_id",
        "traffic_source_id",
        "group_id",
        "conversion_id",
        "click_id",
        "affiliate_network_id",
        "domain_id",
        "position",
        "cookies_ttl",
    ]
)
NUMBER_FIELDS = frozenset([*MEASURES, "cost_value", "payout", "payout_value", "weight", "share"])
JSON_FIELDS = frozenset(["parameters", "params"])


def normalize(value: Any) -> Any:
    """A copy of a tracker answer (object, array, or scalar) with loose types fixed."""
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if not isinstance(value, dict):
        return value
    return {key: _field(key, v) for key, v in value.items()}


def _field(key: str, value: Any) -> Any:
    if isinstance(value, dict | list):
        return normalize(value)
    fix = _FIXES.get(key)
    return value if fix is None else fix(value)


def _integer(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


def _number(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number


def _json(value: Any) -> Any:
    # Seen live: a JSON object encoded as a string, and that string encoded once more.
    for _ in range(2):
        if not isinstance(value, str) or value.strip()[:1] not in ("{", "[", '"'):
            return value
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


_FIXES: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys(JSON_FIELDS, _json),
    **dict.fromkeys(NUMBER_FIELDS, _number),
    **dict.fromkeys(ID_FIELDS, _integer),
}
"""Each special field's fix, looked up once (ids before numbers before JSON, as listed)."""
