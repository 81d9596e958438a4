"""The conversion log: click columns plus the conversion's own, indexed by postback time."""

from __future__ import annotations

from kflow.sandbox.store.clicks import CLICK_COLUMNS, CLICK_JOINS
from kflow.sandbox.store.query import Column, LogSource

__all__ = ["CONVERSION_LOG"]

_LOCAL = "to_zone(v.datetime, {tz})"

_OWN: dict[str, Column] = {
    "conversion_id": Column("v.id", "int"),
    "tid": Column("v.tid"),
    "status": Column("v.status"),
    "previous_status": Column("v.previous_status"),
    "original_status": Column("v.original_status"),
    "params": Column("v.params"),
    "revenue": Column("v.revenue", "money"),
    "cost": Column("v.cost", "money"),
    "profit": Column("(v.revenue - v.cost)", "money"),
    "click_datetime": Column("to_zone(c.datetime, {tz})", "datetime"),
    "postback_datetime": Column(_LOCAL, "datetime"),
    "sale_datetime": Column("to_zone(v.sale_datetime, {tz})", "datetime"),
    "datetime": Column(_LOCAL, "datetime"),
    "day": Column(f"date({_LOCAL})"),
    "hour": Column(f"CAST(strftime('%H', {_LOCAL}) AS INTEGER)", "int"),
    "is_lead": Column("v.status = 'lead'", "bool"),
    "is_sale": Column("v.status = 'sale'", "bool"),
    "is_rejected": Column("v.status = 'rejected'", "bool"),
}

CONVERSION_LOG = LogSource(
    from_sql=f"conversions v JOIN clicks c ON c.sub_id = v.sub_id {CLICK_JOINS}",
    time_sql="v.datetime",
    columns={**CLICK_COLUMNS, **_OWN},
)
