"""Date & Time 1: format a date, or add or subtract time, with moment.js's rules."""

from __future__ import annotations

import copy
import math
import re
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.date_time_moment import (
    Unreadable,
    Wall,
    format_moment,
    parse_moment,
    parse_with_format,
)
from kflow.nodes.core.date_time_v1_properties import PROPERTIES
from kflow.nodes.core.date_time_zones import days_in_month, fields_of, local_ms, named_zone
from kflow.nodes.core.js_values import is_integer, js_number, js_string, number_text

__all__ = ["DateTimeV1"]

UNRECOGNISED = 'The date input format could not be recognized. Please set the "From Format" field'
CALC_UNRECOGNISED = 'Unrecognized date input. Please specify a format in the "From Format" field.'
CALC_BY_FORMAT = (
    'Date input cannot be parsed. Please recheck the value and the "From Format" field.'
)


class _Failed(Exception):
    """An item n8n's node fails with this message."""


class DateTimeV1:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.dateTime",), streams=True)
    description = describe(
        "dateTime",
        "Date & Time",
        "Allows you to manipulate date and time values",
        PROPERTIES,
        version=[1],
        subtitle='={{$parameter["action"]}}',
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        out: list[Item] = []
        for index, item in enumerate(run.items):
            try:
                params = run.params(index)
                action = run.params(0)["action"]
                field = str(params["dataPropertyName"])
                value = _format(run, params) if action == "format" else _calculate(run, params)
            except Unreadable as error:
                raise NodeOperationError(
                    run.name,
                    f"kflow cannot read {error} as n8n would (moment hands such text to "
                    "JavaScript's own date parser); give an ISO 8601 date or a From Format",
                    item_index=index,
                    parameter="Value",
                ) from None
            except _Failed as error:
                if run.settings.on_error == "stopWorkflow":
                    raise NodeOperationError(run.name, str(error), item_index=index) from None
                failed: Item = {"json": {"error": str(error)}, "pairedItem": {"item": index}}
                if run.settings.on_error == "continueErrorOutput":
                    run.error_items.append(failed)
                else:
                    out.append(failed)
                continue
            json = copy.deepcopy(item["json"]) if "." in field else dict(item["json"])
            json[field] = value
            out.append({"json": json, "pairedItem": {"item": index}})
        return [out]


def _today(run: NodeRun) -> tuple[int, int, int]:
    return run.now.year, run.now.month, run.now.day


def _format(run: NodeRun, p: dict[str, Any]) -> str:
    value: Any = p.get("value")
    options = p.get("options") or {}
    from_format = options.get("fromFormat")
    to_format = str(p.get("toFormat") or "")
    number = js_number(value) if not isinstance(value, dict) else math.nan
    if number == number:
        value = number if is_integer(number) else number * 1000
    from_zone = options.get("fromTimezone")
    to_zone = options.get("toTimezone")
    zoned = bool(from_zone or to_zone)
    workflow = run.run_settings.timezone
    wall: Wall | None
    if isinstance(value, float) and is_integer(value):
        ms = value * 1000 if len(number_text(value)) < 12 else value
        wall = Wall(int(ms), 0)
    elif isinstance(value, float):
        wall = Wall(math.trunc(value), 0)
    else:
        text = js_string(value)
        if from_format is None and parse_moment(text) is None:
            raise _Failed(UNRECOGNISED)
        if from_format:
            wall = parse_with_format(text, str(from_format), strict=False, today=_today(run))
        else:
            wall = parse_moment(text)
        if zoned and wall is not None and wall.offset is None:
            zone = named_zone(str(from_zone or workflow))
            if zone is None:
                raise _Failed(f"unknown time zone {from_zone or workflow}")
            wall = Wall(_zone_instant(wall.local, zone), 0)
    if wall is None:
        return "Invalid date"
    ms = wall.instant(0)
    if zoned:
        target = named_zone(str(to_zone or workflow))
        if target is None:
            raise _Failed(f"unknown time zone {to_zone or workflow}")
        offset = target.offset(ms)
        return format_moment(
            ms, offset, to_format, abbreviation=target.abbreviation(ms), utc=offset == 0
        )
    return format_moment(ms, 0, to_format, abbreviation="", utc=False)


def _zone_instant(local: int, zone: Any) -> int:
    """The instant of a wall-clock time in `zone` (the offset before any DST change)."""
    guess = local - zone.offset(local) * 60_000
    return int(local - zone.offset(guess) * 60_000)


def _calculate(run: NodeRun, p: dict[str, Any]) -> str:
    value = p.get("value")
    from_format = (p.get("options") or {}).get("fromFormat")
    if from_format:
        wall = parse_with_format(js_string(value), str(from_format), strict=True, today=_today(run))
        if wall is None:
            raise _Failed(CALC_BY_FORMAT)
        ms = wall.instant(0)
    else:
        ms = _new_date(value)
    amount = float(p.get("duration") or 0)
    if p.get("operation") == "subtract":
        amount = -amount
    return _iso(_add(ms, amount, str(p.get("timeUnit"))))


def _new_date(value: Any) -> int:
    """`new Date(value).toISOString()` as an instant, for numbers and ISO text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value) or abs(value) > 8.64e15:
            raise _Failed(CALC_UNRECOGNISED)
        return math.trunc(value)
    text = js_string(value)
    found = re.fullmatch(
        r"([+-]\d{6}|\d{4})(?:-(\d\d)(?:-(\d\d))?)?"
        r"(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(Z|[+-]\d\d:\d\d)?)?",
        text,
    )
    if found is None:
        if not any(ch.isdigit() for ch in text):
            raise _Failed(CALC_UNRECOGNISED)
        raise Unreadable(text)
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    month_n, day_n = int(month or 1), int(day or 1)
    if not 1 <= month_n <= 12 or not 1 <= day_n <= 31 or int(hour or 0) > 24:
        raise _Failed(CALC_UNRECOGNISED)
    ms = int(("0." + fraction if fraction else "0")[:5].ljust(5, "0")[2:]) if fraction else 0
    local = local_ms(
        int(year), month_n, day_n, int(hour or 0), int(minute or 0), int(second or 0), ms
    )
    offset = 0
    if zone and zone != "Z":
        offset = (int(zone[1:3]) * 60 + int(zone[4:6])) * (-1 if zone[0] == "-" else 1)
    return local - offset * 60_000


def _add(ms: int, amount: float, unit: str) -> int:
    """moment's add on a UTC clock: months and days rounded half away from zero."""

    def rounded(x: float) -> int:
        return int(math.copysign(math.floor(abs(x) + 0.5), x))

    span = {"milliseconds": 1, "seconds": 1000, "minutes": 60_000, "hours": 3_600_000}
    if unit in span:
        return ms + round(amount * span[unit])
    if unit in ("days", "weeks"):
        return ms + rounded(amount * (7 if unit == "weeks" else 1)) * 86_400_000
    months = rounded(amount * {"months": 1, "quarters": 3, "years": 12}[unit])
    c = fields_of(ms, 0)
    total = c.month - 1 + months
    year, month = c.year + total // 12, total % 12 + 1
    day = min(c.day, days_in_month(year, month))
    return local_ms(year, month, day, c.hour, c.minute, c.second, c.millisecond)


def _iso(ms: int) -> str:
    c = fields_of(ms, 0)
    year = (
        f"{c.year:04d}"
        if 0 <= c.year <= 9999
        else ("+" if c.year > 0 else "-") + f"{abs(c.year):06d}"
    )
    return (
        f"{year}-{c.month:02d}-{c.day:02d}T{c.hour:02d}:{c.minute:02d}:{c.second:02d}"
        f".{c.millisecond:03d}Z"
    )
