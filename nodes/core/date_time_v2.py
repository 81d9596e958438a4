"""Date & Time 2: add, subtract, format, round, extract, compare and read the current date.

Luxon's rules in Python (date_time_luxon*.py); dates read as n8n's parseDate reads them.
"""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.date_time_luxon import LuxonDate
from kflow.nodes.core.date_time_luxon_format import UnsupportedToken, to_format
from kflow.nodes.core.date_time_moment import Unreadable
from kflow.nodes.core.date_time_v2_parse import DateError, parse_date
from kflow.nodes.core.date_time_v2_properties import PROPERTIES
from kflow.nodes.core.date_time_zones import Zone, luxon_zone

__all__ = ["DateTimeV2"]


class DateTimeV2:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.dateTime",), streams=True)
    description = describe(
        "dateTime",
        "Date & Time",
        "Manipulate date and time values",
        PROPERTIES,
        version=[2],
        subtitle='={{$parameter["action"]}}',
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        out: list[Item] = []
        if not run.items:
            return [out]
        first = run.params(0)
        operation = first["operation"]
        keep_input = bool((first.get("options") or {}).get("includeInputFields"))
        zone_name = run.run_settings.timezone
        workflow_zone = luxon_zone(zone_name)
        if workflow_zone is None:
            raise NodeOperationError(run.name, f"the workflow time zone {zone_name!r} is unknown")
        for index, item in enumerate(run.items):
            json: dict[str, Any] = dict(item["json"]) if keep_input else {}
            try:
                params = run.params(index)
                field, value = _operate(run, operation, params, zone_name, workflow_zone)
            except (DateError, ValueError) as error:
                if isinstance(error, (Unreadable, UnsupportedToken)):
                    raise _refused(run, error, index) from None
                message = str(error)
                if run.settings.on_error == "stopWorkflow":
                    raise NodeOperationError(run.name, message, item_index=index) from None
                failed: Item = {"json": {"error": message}, "pairedItem": {"item": index}}
                if run.settings.on_error == "continueErrorOutput":
                    run.error_items.append(failed)
                else:
                    out.append(failed)
                continue
            json[field] = value
            out.append({"json": json, "pairedItem": {"item": index}})
        return [out]


def _refused(run: NodeRun, error: ValueError, index: int) -> NodeOperationError:
    if isinstance(error, UnsupportedToken):
        cause = (
            f"kflow does not render or read the Luxon token {error} as n8n would (it needs "
            "Intl); use explicit tokens such as yyyy-MM-dd HH:mm"
        )
        return NodeOperationError(run.name, cause, item_index=index, parameter="Format")
    cause = (
        f"kflow cannot read {error} as n8n would (n8n hands such text to JavaScript's own "
        "date parser); give the date in ISO 8601 (2024-01-31T10:00:00Z), as a timestamp, "
        "or set the From Date Format option"
    )
    return NodeOperationError(run.name, cause, item_index=index, parameter="Date")


def _operate(
    run: NodeRun, operation: str, p: dict[str, Any], zone_name: str, zone: Zone
) -> tuple[str, Any]:
    field = str(p.get("outputFieldName", ""))
    if operation == "getCurrentDate":
        return field, _current(run, p, zone_name)
    if operation == "formatDate":
        return field, _format(p, zone_name, zone)

    def read(value: Any) -> LuxonDate:
        return parse_date(value, timezone=zone_name, fmt=None, default_zone=zone)

    if operation in ("addToDate", "subtractFromDate"):
        date = read(p["magnitude"])
        amount = {str(p["timeUnit"]): float(p["duration"])}
        moved = date.plus(amount) if operation == "addToDate" else date.minus(amount)
        return field, moved.to_iso()
    if operation == "roundDate":
        date = read(p["date"])
        if p["mode"] == "roundDown":
            return field, date.start_of(str(p["toNearest"])).to_iso()
        unit = str(p["to"])
        return field, date.plus({unit + "s": 1}).start_of(unit).to_iso()
    if operation == "getTimeBetweenDates":
        start, end = read(p["startDate"]), read(p["endDate"])
        units = [str(u) for u in p.get("units") or []]
        duration = end.diff(start, units)
        if (p.get("options") or {}).get("isoString"):
            return field, "Invalid Duration" if duration is None else duration.to_iso()
        return field, {} if duration is None else duration.to_object()
    if operation == "extractDate":
        date = read(p["date"])
        part = str(p["part"])
        return field, date.week_number if part == "week" else date.get(part)
    raise ValueError(f"unknown operation {operation!r}")


def _format(p: dict[str, Any], zone_name: str, zone: Zone) -> Any:
    value = p.get("date")
    if value is None:
        return None
    options = p.get("options") or {}
    date = parse_date(
        value,
        timezone=zone_name if options.get("timezone") else None,
        fmt=options.get("fromFormat") or None,
        default_zone=zone,
    )
    fmt = p["customFormat"] if p["format"] == "custom" else p["format"]
    return to_format(date, str(fmt))


def _current(run: NodeRun, p: dict[str, Any], zone_name: str) -> str:
    wanted = (p.get("options") or {}).get("timezone") or zone_name
    zone = luxon_zone(str(wanted))
    if zone is None:
        raise ValueError(f"The timezone {wanted} is not valid. Please check the timezone.")
    now = LuxonDate(int(run.now.timestamp() * 1000), zone)
    return (now if p.get("includeTime", True) else now.start_of("day")).to_iso()
