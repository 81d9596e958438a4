"""Dates as n8n's conditions read them.

The filter conditions (If 2.x, Filter 2.x, Switch 3.x) read a date as Luxon does: ISO 8601,
then HTTP dates, RFC 2822, SQL, and finally JavaScript's Date.parse. The older nodes (If 1,
Filter 1, Switch 1 and 2) use `new Date(text)`. Times without an offset are in `zone`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kflow.nodes.core.js_values import UNDEFINED, is_number, js_string

__all__ = ["legacy_date_millis", "parse_date_time"]

_TIME = r"(?P<h>\d{2})(?::?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,](?P<f>\d{1,30}))?)?)?"
_OFFSET = r"(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?(?:\[(?P<iana>[^\]]+)\])?"
_ISO_DATES = [
    r"(?P<y>[+-]\d{6}|\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})",
    r"(?P<y>[+-]\d{6}|\d{4})(?P<mo>\d{2})(?P<d>\d{2})",
    r"(?P<y>[+-]\d{6}|\d{4})-(?P<mo>\d{2})",
    r"(?P<y>[+-]\d{6}|\d{4})",
    r"(?P<y>\d{4})-?W(?P<w>\d{2})(?:-?(?P<wd>\d))?",
    r"(?P<y>\d{4})-?(?P<od>\d{3})",
]
_ISO = [re.compile(rf"{d}(?:T{_TIME}{_OFFSET})?") for d in _ISO_DATES]
_ISO_TIME = re.compile(rf"T?{_TIME}{_OFFSET}")
_SQL = re.compile(
    r"(?:(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2}))?\s*"
    r"(?:(?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<z>Z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z_]+/[A-Za-z_/+-]+|UTC)?"
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _offset(text: str | None, iana: str | None, zone: str) -> tzinfo | None:
    if iana:
        return _zone(iana)
    if not text:
        return _zone(zone)
    if text == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    if not digits.isdigit():
        return _zone(text) if "/" in text or text == "UTC" else None
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(parts: dict[str, str | None], zone: str) -> datetime | None:
    try:
        year = int(parts.get("y") or 0)
        if parts.get("w"):
            day = date.fromisocalendar(year, int(parts["w"] or 1), int(parts.get("wd") or 1))
        elif parts.get("od"):
            day = date(year, 1, 1) + timedelta(days=int(parts["od"] or 1) - 1)
        else:
            day = date(year, int(parts.get("mo") or 1), int(parts.get("d") or 1))
        fraction = (parts.get("f") or "")[:6].ljust(6, "0")
        hour = int(parts.get("h") or 0)
        extra = timedelta(days=1) if hour == 24 else timedelta()
        moment = datetime(
            day.year,
            day.month,
            day.day,
            0 if hour == 24 else hour,
            int(parts.get("mi") or 0),
            int(parts.get("s") or 0),
            int(fraction),
        )
    except ValueError:
        return None
    zone_info = _offset(parts.get("z"), parts.get("iana"), zone)
    if zone_info is None:
        return None
    return moment.replace(tzinfo=zone_info) + extra


def _iso(text: str, zone: str) -> datetime | None:
    for pattern in _ISO:
        found = pattern.fullmatch(text)
        if found:
            return _build(found.groupdict(), zone)
    return None


def _sql(text: str, zone: str) -> datetime | None:
    found = _SQL.fullmatch(text)
    if not found or not (found.group("y") or found.group("h")) or not found.group("y"):
        return None
    return _build(found.groupdict(), zone)


def _rfc(text: str) -> datetime | None:
    parsed = parsedate_tz(text)
    if parsed is None:
        return None
    *fields, offset = parsed
    try:
        moment = datetime(*fields[:6])  # type: ignore[misc]
    except ValueError:
        return None
    return moment.replace(tzinfo=timezone(timedelta(seconds=offset or 0)))


_LEGACY_FORMATS = [
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%m/%d/%Y",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%b %d %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y %H:%M:%S",
    "%B %d, %Y %H:%M:%S",
    "%d %B %Y %H:%M:%S",
]


def _date_parse(text: str, zone: str) -> datetime | None:
    """A few of the forms JavaScript's Date.parse accepts beyond ISO (local time)."""
    cleaned = re.sub(r"\s+", " ", text.strip())
    for form in _LEGACY_FORMATS:
        try:
            return datetime.strptime(cleaned, form).replace(tzinfo=_zone(zone))
        except ValueError:
            continue
    return _rfc(cleaned)


def parse_date_time(value: Any, zone: str = "UTC") -> datetime | None:
    """A value read as a date-time as Luxon-based n8n reads it; None if it is no date."""
    if isinstance(value, datetime):
        return value
    text = js_string(value).strip()
    return _iso(text, zone) or _rfc(text) or _sql(text, zone) or _date_parse(text, zone)


_ES_DATE = re.compile(
    r"(?P<y>[+-]\d{6}|\d{4})(?:-(?P<mo>\d{2})(?:-(?P<d>\d{2}))?)?"
    r"(?:T(?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d+))?)?"
    r"(?P<z>Z|[+-]\d{2}:\d{2})?)?"
)


def legacy_date_millis(value: Any, zone: str = "UTC") -> float | None:
    """`new Date(value).getTime()` for a string or number (the older nodes); None if invalid."""
    if value is UNDEFINED or value is None or isinstance(value, bool):
        return None
    if is_number(value):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    found = _ES_DATE.fullmatch(text)
    if found:
        parts = found.groupdict()
        date_only = parts.get("h") is None
        moment = _build({**parts, "z": parts.get("z") or ("Z" if date_only else None)}, zone)
    else:
        moment = _date_parse(text, zone)
    return None if moment is None else moment.timestamp() * 1000
